"""Pages of the listing application: import a court's file, match leads by hand."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from forms.listing import CourtReferralFileForm, CourtReferralForm
from forms.tabular import TabularFileError
from forms.validators import normalize_uscc
from workflows.core.roles import Role, is_staff_member
from workflows.core.selectors import subjects_visible_to
from workflows.listing.selectors import leads_to_match
from workflows.listing.services import lead_match, referrals_import


def is_listing_handler(user) -> bool:
    """Case handlers (and superusers) receive court files and match leads."""
    return is_staff_member(user) and (user.is_superuser or user.has_role(Role.HANDLER))


class HandlerOnlyMixin:
    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not is_listing_handler(request.user):
            raise PermissionDenied(_("Only case handlers receive court referrals."))
        return super().dispatch(request, *args, **kwargs)


class CourtImportView(HandlerOnlyMixin, View):
    """Upload a court's CSV (UTF-8 or GBK) or XLSX file; the report lists every row."""

    template_name = "listing/court_import.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, {"form": CourtReferralFileForm()})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = CourtReferralFileForm(request.POST, request.FILES)
        report = None
        if form.is_valid():
            try:
                report = referrals_import(source=form.cleaned_data["file"].read(),
                                          actor=request.user)  # fmt: skip
            except TabularFileError as exc:
                form.add_error("file", str(exc))
        context = {"form": form, "report": _readable(report.to_dict()) if report else None}
        return render(request, self.template_name, context, status=200 if report else 400)


ROW_STATUSES = {
    "created": gettext_lazy("Received"),
    "existing": gettext_lazy("Received before"),
    "rejected": gettext_lazy("Rejected"),
}


def _readable(report: dict) -> dict:
    """The report with each row's result and its fields' errors in the user's words."""
    labels = {name: field.label for name, field in CourtReferralForm.base_fields.items()}
    for row in report["rows"]:
        row["status_label"] = ROW_STATUSES.get(row["status"], row["status"])
        row["error_list"] = [
            (labels.get(name, name), " ".join(messages)) for name, messages in row["errors"].items()
        ]
    return report


class LeadListView(HandlerOnlyMixin, View):
    """Leads waiting for a subject: the handler enters the right USCC to open the case."""

    template_name = "listing/leads.html"

    def get(self, request: HttpRequest, error: str = "") -> HttpResponse:
        leads = leads_to_match(request.user)[:200]
        return render(request, self.template_name, {"leads": leads, "error": error})

    def post(self, request: HttpRequest) -> HttpResponse:
        lead = get_object_or_404(leads_to_match(request.user), pk=request.POST.get("lead"))
        try:
            uscc = normalize_uscc(request.POST.get("uscc", ""))
        except ValidationError as exc:
            return self.get(request, error=" ".join(exc.messages))
        subject = subjects_visible_to(request.user).filter(uscc=uscc).first()
        if subject is None:
            return self.get(request, error=_("No subject with this code in your bureaus."))
        lead_match(lead=lead, subject=subject, actor=request.user)
        return HttpResponseRedirect(request.path)

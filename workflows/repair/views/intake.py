"""新建信用修复申请: a clerk enters an application received at the counter.

Step 1 finds the subject by its USCC; step 2 picks one of its listed records and takes
the applicant, the grounds, the pledge and the materials. The service decides whether
the record may be repaired; when it may not, every reason is shown and nothing is made.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import View

from forms.repair import RepairApplicationForm, RepairSubjectForm
from workflows.core.models import CreditRecord
from workflows.core.selectors import subjects_visible_to
from workflows.repair.models import RepairApplication
from workflows.repair.permissions import can_apply_for, is_clerk
from workflows.repair.selectors import repairable_records_of
from workflows.repair.services import RepairIneligible, repair_apply
from workflows.repair.views.urls import case_url


class ApplyView(View):
    template_name = "repair/apply.html"

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not is_clerk(request.user):
            raise PermissionDenied(_("Only acceptance clerks enter repair applications."))
        return super().dispatch(request, *args, **kwargs)

    def _render(self, request: HttpRequest, context: dict) -> HttpResponse:
        context["max_upload_mb"] = f"{settings.UPLOAD_MAX_BYTES / 2**20:g}"
        return render(request, self.template_name, context)

    def get(self, request: HttpRequest) -> HttpResponse:
        subject_form = RepairSubjectForm(request.GET or None)
        context = {"subject_form": subject_form}
        if subject_form.is_valid():
            uscc = subject_form.cleaned_data["uscc"]
            subject = subjects_visible_to(request.user).filter(uscc=uscc).first()
            records = repairable_records_of(request.user, uscc)
            initial = {"uscc": uscc, "record": _initial_record(records, request.GET)}
            if subject is not None:
                initial |= {
                    "applicant_name": subject.legal_rep,
                    "applicant_phone": subject.contact_phone,
                }
            form = RepairApplicationForm(records=records, initial=initial)
            context |= {"subject": subject, "uscc": uscc, "form": form}
        return self._render(request, context)

    def post(self, request: HttpRequest) -> HttpResponse:
        subject_form = RepairSubjectForm(request.POST)
        if not subject_form.is_valid():
            return self._render(request, {"subject_form": subject_form})
        uscc = subject_form.cleaned_data["uscc"]
        chosen = _posted_record(request.POST.get("record"))
        if chosen is not None and not can_apply_for(request.user, chosen):
            raise PermissionDenied(
                _("Your bureau may not act on records decided by %(bureau)s.")
                % {"bureau": chosen.deciding_bureau.name}
            )
        records = repairable_records_of(request.user, uscc)
        form = RepairApplicationForm(request.POST, request.FILES, records=records)
        reasons: list[str] = []
        if form.is_valid():
            try:
                application = _apply(form, request.user)
            except RepairIneligible as exc:
                reasons = exc.reasons
            else:
                messages.success(
                    request,
                    _(
                        "Application received as %(case_no)s; its acceptance task is in "
                        "the clerks' queue."
                    )
                    % {"case_no": application.case.case_no},
                )
                return HttpResponseRedirect(case_url(application.case))
        subject = subjects_visible_to(request.user).filter(uscc=uscc).first()
        context = {
            "subject_form": RepairSubjectForm(initial={"uscc": uscc}),
            "subject": subject,
            "uscc": uscc,
            "form": form,
            "reasons": reasons,
        }
        return self._render(request, context)


def _apply(form: RepairApplicationForm, user) -> RepairApplication:
    data = form.cleaned_data
    return repair_apply(
        record=data["record"],
        channel=RepairApplication.Channel.COUNTER,
        applicant_name=data["applicant_name"],
        applicant_phone=data["applicant_phone"],
        grounds=data["grounds"],
        pledge_made=data["pledge_made"],
        actor=user,
        attachments=form.attachments,
    )


def _posted_record(value: str | None) -> CreditRecord | None:
    if not value or not str(value).isdigit():
        return None
    return CreditRecord.objects.select_related("deciding_bureau").filter(pk=value).first()


def _initial_record(records, query) -> int | None:
    """The record named in the link (from a reminder), else the only one listed."""
    wanted = query.get("record", "")
    if wanted.isdigit() and records.filter(pk=wanted).exists():
        return int(wanted)
    ids = list(records.values_list("pk", flat=True)[:2])
    return ids[0] if len(ids) == 1 else None

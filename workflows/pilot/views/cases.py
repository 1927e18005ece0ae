"""The pilot cases: a paginated list and one page per case (application, materials,
scores with outliers, the pilot and its reports, documents, deadlines)."""

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views import generic

from workflows.core.models import CaseDocument
from workflows.core.roles import is_staff_member
from workflows.core.selectors import case_deadlines
from workflows.pilot.flows import PilotFlow
from workflows.pilot.models import Pilot, PilotApplication
from workflows.pilot.selectors import applications_visible_to, reports_of, score_summary


def _staff_only(user) -> None:
    if not is_staff_member(user):
        raise PermissionDenied


class CaseListView(generic.ListView):
    template_name = "pilot/case_list.html"
    paginate_by = 25

    def dispatch(self, request, *args, **kwargs):
        _staff_only(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        qs = applications_visible_to(self.request.user).select_related("pilot")
        outcome = self.request.GET.get("outcome", "")
        if outcome in PilotApplication.Outcome.values:
            qs = qs.filter(outcome=outcome)
        return qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["outcome"] = self.request.GET.get("outcome", "")
        context["outcomes"] = PilotApplication.Outcome.choices
        return context


def _application(request: HttpRequest, pk: int) -> PilotApplication:
    """An application the user may see, else 404 (existence is not told)."""
    _staff_only(request.user)
    return get_object_or_404(applications_visible_to(request.user), case_id=pk)


def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    case = application.case
    pilot = Pilot.objects.filter(application=application).first()
    context = {
        "application": application,
        "case": case,
        "attachments": application.attachments.order_by("pk"),
        "summary": score_summary(application),
        "pilot": pilot,
        "reports": reports_of(pilot) if pilot else [],
        "documents": CaseDocument.objects.filter(case=case).order_by("issued_at", "pk"),
        "deadlines": case_deadlines(case, PilotFlow),
    }
    return render(request, "pilot/case_detail.html", context)


def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    application = _application(request, pk)
    attachment = get_object_or_404(application.attachments, pk=attachment_pk)
    return FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name,
        content_type=attachment.content_type,
    )  # fmt: skip

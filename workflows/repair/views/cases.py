"""A repair case on one page: the application and its materials, documents, deadlines
and audit trail, with the actions staff take outside the flow's steps.

Read by staff of the case's bureaus (and regional staff, supervisors, auditors); the
actions follow ``workflows.repair.permissions``.
"""

import hashlib
import io
import logging
from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.defaultfilters import yesno
from django.urls import NoReverseMatch
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic
from django.views.decorators.http import require_GET, require_POST

from forms.repair import RevokeForFraudForm
from workflows.core.models import AuditEvent, Case, CaseDocument, Procedure
from workflows.core.roles import is_staff_member
from workflows.core.selectors import case_deadlines, cases_visible_to
from workflows.core.services.documents import TAMPERED_MESSAGE
from workflows.repair.flows import RepairFlow
from workflows.repair.models import RepairApplication, RepairAttachment
from workflows.repair.permissions import can_record_pledge, can_revoke
from workflows.repair.services import repair_pledge_fulfilled, repair_revoke_for_fraud
from workflows.repair.views.urls import case_url

logger = logging.getLogger(__name__)


def repair_cases_visible_to(user) -> QuerySet[Case]:
    if not is_staff_member(user):
        return Case.objects.none()
    return cases_visible_to(user).filter(procedure=Procedure.REPAIR)


def _application(request: HttpRequest, pk: int) -> RepairApplication:
    """The application of a repair case the user may see, else 404 (existence not told)."""
    if not is_staff_member(request.user):
        raise PermissionDenied
    return get_object_or_404(
        RepairApplication.objects.select_related(
            "case__subject", "case__bureau", "case__process", "credit_record__deciding_bureau"
        ).prefetch_related(Prefetch("attachments", RepairAttachment.objects.order_by("pk"))),
        case__in=repair_cases_visible_to(request.user),
        case_id=pk,
    )


class CaseListView(generic.ListView):
    template_name = "repair/case_list.html"
    paginate_by = 25

    def dispatch(self, request, *args, **kwargs):
        if not is_staff_member(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        cases = repair_cases_visible_to(self.request.user).select_related("repair")
        status = self.request.GET.get("status", "")
        if status in Case.Status.values:
            cases = cases.filter(status=status)
        return cases.order_by("-opened_at", "-pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["status"] = self.request.GET.get("status", "")
        context["statuses"] = Case.Status.choices
        return context


@require_GET
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    case = application.case
    deadlines = case_deadlines(case, RepairFlow, STEP_TITLES)
    documents = list(CaseDocument.objects.filter(case=case).order_by("issued_at", "pk"))
    current = getattr(RepairFlow, case.current_step, None) if case.current_step else None
    context = {
        "application": application,
        "case": case,
        "record": application.credit_record,
        "application_fields": _fields(application, APPLICATION_FIELDS),
        "record_fields": _fields(application.credit_record, RECORD_FIELDS),
        "attachments": application.attachments.all(),
        "documents": documents,
        # A document still rendering in the worker: the page shows it and reloads itself.
        "rendering": any(d.status == CaseDocument.Status.PENDING for d in documents),
        "deadlines": deadlines,
        "events": AuditEvent.objects.filter(stream=f"case:{case.pk}").order_by("seq"),
        "open_tasks": _open_tasks(case),
        "current_step_title": getattr(current, "task_title", "") or case.current_step,
        "may_record_pledge": application.pledge_state == RepairApplication.PledgeState.OPEN
        and can_record_pledge(request.user, case),
        "may_revoke": _revocable(application) and can_revoke(request.user, case),
    }
    return render(request, "repair/case_detail.html", context)


#: Case milestones that are no task of the flow.
STEP_TITLES = {"decision": gettext_lazy("Decision period")}

APPLICATION_FIELDS = (
    "channel", "applicant_name", "applicant_phone", "received_on", "accepted_on",
    "pledge_made", "pledge_state", "missing_materials", "pledge_due_on", "grounds",
    "outcome", "outcome_reason", "decided_on", "executed_on", "revoked_on",
)  # fmt: skip
RECORD_FIELDS = (
    "kind", "decision_no", "listed_on", "repairable_from", "state", "deciding_bureau", "reason",
)  # fmt: skip


def _fields(obj, names: tuple[str, ...]) -> list[tuple[str, str]]:
    """(label, shown value) of the fields that have a value, labelled by the model."""
    rows = []
    for name in names:
        field = obj._meta.get_field(name)
        value = getattr(obj, name)
        if value in (None, "") and name not in ("applicant_phone", "accepted_on"):
            continue
        if field.choices:
            value = getattr(obj, f"get_{name}_display")()
        elif isinstance(value, bool):
            value = yesno(value)
        elif isinstance(value, date):
            value = value.isoformat()
        rows.append((capfirst(field.verbose_name), "—" if value in (None, "") else str(value)))
    return rows


def _revocable(application: RepairApplication) -> bool:
    return (
        application.outcome == RepairApplication.Outcome.GRANTED
        and application.executed_on is not None
    )


def _open_tasks(case: Case) -> list:
    if case.process_id is None:
        return []
    tasks = list(case.process.task_set.filter(finished__isnull=True).order_by("created"))
    result = []
    for task in tasks:
        title = getattr(task.flow_task, "task_title", "") or task.flow_task.name
        try:
            url = task.reverse("index")
        except NoReverseMatch:
            url = None
        result.append({"task": task, "title": title, "url": url})
    return result


@require_GET
def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    """The stored file of an attachment, checked against its SHA-256 before it is served."""
    application = _application(request, pk)
    attachment = get_object_or_404(RepairAttachment, pk=attachment_pk, application=application)
    try:
        with attachment.file.open("rb") as stored:
            content = stored.read()
    except (FileNotFoundError, ValueError):
        content = None
    if content is None or hashlib.sha256(content).hexdigest() != attachment.sha256:
        logger.error(
            "repair attachment %s of case %s: stored file %s %s its recorded SHA-256 %s; "
            "refused to %s",
            attachment.pk,
            application.case.case_no,
            attachment.file.name,
            "is missing, expected" if content is None else "does not match",
            attachment.sha256,
            request.user,
        )
        return HttpResponse(TAMPERED_MESSAGE, status=409, content_type="text/plain; charset=utf-8")
    return FileResponse(
        io.BytesIO(content),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )


@require_POST
def pledge_fulfilled(request: HttpRequest, pk: int) -> HttpResponse:
    """承诺容缺: the materials pledged at acceptance have been received."""
    application = _application(request, pk)
    if not can_record_pledge(request.user, application.case):
        raise PermissionDenied(_("Only the case bureau's acceptance clerks record this."))
    try:
        repair_pledge_fulfilled(application=application, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The pledged materials are recorded as received."))
    return HttpResponseRedirect(case_url(application.case))


def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """撤销信用修复 for fraud: a form with the reason, then a confirmation."""
    if request.method not in ("GET", "POST"):
        return HttpResponse(status=405, headers={"Allow": "GET, POST"})
    application = _application(request, pk)
    case = application.case
    if not can_revoke(request.user, case):
        raise PermissionDenied(_("Only section heads and leaders of the case bureau revoke."))
    if not _revocable(application):
        raise Http404(_("Only an executed repair can be revoked."))
    form = RevokeForFraudForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            repair_revoke_for_fraud(
                application=application, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("The repair of %(case_no)s is revoked; the record is public again.")
                % {"case_no": case.case_no},
            )
            return HttpResponseRedirect(case_url(case))
    context = {"application": application, "case": case, "form": form}
    return render(request, "repair/revoke.html", context)

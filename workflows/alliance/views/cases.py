"""An alliance case on one page (admission or member review): the nomination, the
screening item by item, objections, documents, deadlines and the audit trail.

Read by staff of the case's bureaus (and regional staff, supervisors, auditors).
"""

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.defaultfilters import yesno
from django.urls import NoReverseMatch
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views import generic
from django.views.decorators.http import require_GET, require_POST

from forms.alliance import ObjectionEntryForm
from workflows.alliance.flows import AllianceFlow, MembershipReviewFlow
from workflows.alliance.models import Admission, Membership, MembershipReview, Objection
from workflows.alliance.permissions import can_enter_objection
from workflows.alliance.selectors import alliance_cases_visible_to
from workflows.alliance.services import AllianceRefused, objection_receive
from workflows.alliance.views.urls import case_url
from workflows.core.models import AuditEvent, Case, CaseDocument
from workflows.core.roles import is_staff_member
from workflows.core.selectors import case_deadlines

ADMISSION_FIELDS = (
    "channel", "contact_name", "contact_phone", "established_on", "pledge_signed",
    "received_on", "statement", "prefecture_opinion", "site_visit_on", "prefecture_findings",
    "regional_decision", "regional_opinion", "expert_average", "notice_from", "notice_until",
    "outcome", "decision_reasons", "decided_on",
)  # fmt: skip
REVIEW_FIELDS = (
    "proposal", "findings", "notice_served_on", "statement", "statement_text", "outcome",
    "decision_reasons", "decided_on",
)  # fmt: skip


def _case(request: HttpRequest, pk: int) -> Case:
    if not is_staff_member(request.user):
        raise PermissionDenied
    return get_object_or_404(
        alliance_cases_visible_to(request.user).select_related("process"), pk=pk
    )


class CaseListView(generic.ListView):
    template_name = "alliance/case_list.html"
    paginate_by = 25

    def dispatch(self, request, *args, **kwargs):
        if not is_staff_member(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        cases = alliance_cases_visible_to(self.request.user).select_related(
            "admission", "membership_review"
        )
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
    return _detail(request, pk)


def _detail(request: HttpRequest, pk: int, form: ObjectionEntryForm | None = None):
    case = _case(request, pk)
    admission = Admission.objects.filter(case=case).select_related("membership").first()
    review = MembershipReview.objects.filter(case=case).select_related("membership").first()
    record = admission or review
    flow_class = AllianceFlow if admission else MembershipReviewFlow
    on_notice = bool(
        admission and admission.notice_from and admission.notice_closed_at is None
        and admission.membership.state == admission.membership.State.ON_NOTICE
    )  # fmt: skip
    context = {
        "case": case,
        "admission": admission,
        "review": review,
        "membership": record.membership if record else _withdrawn_membership(case),
        "fields": _fields(record, ADMISSION_FIELDS if admission else REVIEW_FIELDS)
        if record
        else [],
        "screening": admission.screening.all() if admission else [],
        "objections": admission.objections.all() if admission else [],
        "hits": review.hits.select_related("credit_record") if review else [],
        "documents": CaseDocument.objects.filter(case=case).order_by("issued_at", "pk"),
        "deadlines": case_deadlines(case, flow_class),
        "events": AuditEvent.objects.filter(stream=f"case:{case.pk}").order_by("seq"),
        "open_tasks": _open_tasks(case),
        "objection_form": (form or ObjectionEntryForm())
        if on_notice and can_enter_objection(request.user, case)
        else None,
    }
    return render(request, "alliance/case_detail.html", context, status=400 if form else 200)


@require_POST
def objection_add(request: HttpRequest, pk: int) -> HttpResponse:
    """An objection received by letter, telephone or visit during the notice."""
    case = _case(request, pk)
    if not can_enter_objection(request.user, case):
        raise PermissionDenied
    admission = get_object_or_404(Admission, case=case)
    form = ObjectionEntryForm(request.POST)
    if not form.is_valid():
        return _detail(request, pk, form=form)
    try:
        objection_receive(admission=admission, channel=Objection.Channel.COUNTER,
                          actor=request.user, **form.cleaned_data)  # fmt: skip
    except AllianceRefused as exc:
        for reason in exc.reasons:
            messages.error(request, reason)
    else:
        messages.success(request, _("The objection has been recorded."))
    return HttpResponseRedirect(case_url(case))


def _withdrawn_membership(case: Case) -> Membership | None:
    """A withdrawal case has no record of its own: the membership it ended."""
    return (
        Membership.objects.filter(subject=case.subject, state=Membership.State.WITHDRAWN)
        .order_by("-ended_on", "-pk")
        .first()
    )


def _fields(obj, names: tuple[str, ...]) -> list[tuple[str, str]]:
    """(label, shown value) of the fields that have a value, labelled by the model."""
    rows = []
    for name in names:
        field = obj._meta.get_field(name)
        value = getattr(obj, name)
        if value in (None, ""):
            continue
        if field.choices:
            value = getattr(obj, f"get_{name}_display")()
        elif isinstance(value, bool):
            value = yesno(value)
        elif isinstance(value, date):
            value = value.isoformat()
        rows.append((capfirst(field.verbose_name), str(value)))
    return rows


def _open_tasks(case: Case) -> list[dict]:
    if case.process_id is None:
        return []
    result = []
    for task in case.process.task_set.filter(finished__isnull=True).order_by("created"):
        title = getattr(task.flow_task, "task_title", "") or task.flow_task.name
        try:
            url = task.reverse("index")
        except NoReverseMatch:
            url = None
        result.append({"title": title, "url": url, "scheduled": task.scheduled})
    return result

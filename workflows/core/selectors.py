"""Reads of the core records, scoped to what the user may see (DESIGN.md §4)."""

from django.db.models import Prefetch, Q, QuerySet

from workflows.core.models import Bureau, Case, Deadline, Subject, User
from workflows.core.roles import READ_ONLY_ROLES


def bureaus_visible_to(user: User) -> QuerySet[Bureau] | None:
    """The bureaus whose records the user sees, or None for every bureau.

    Regional staff, supervisors and auditors see all; everyone else sees their own
    bureau and the bureaus under it (Ili administers Tacheng and Altay).
    """
    if user.sees_all_bureaus:
        return None
    if user.bureau_id is None:
        return Bureau.objects.none()
    return Bureau.objects.filter(Q(pk=user.bureau_id) | Q(parent_id=user.bureau_id))


def subjects_visible_to(user: User) -> QuerySet[Subject]:
    qs = Subject.objects.select_related("region")
    bureaus = bureaus_visible_to(user)
    return qs if bureaus is None else qs.filter(region__in=bureaus)


def cases_visible_to(user: User) -> QuerySet[Case]:
    qs = Case.objects.select_related("subject", "bureau")
    bureaus = bureaus_visible_to(user)
    return qs if bureaus is None else qs.filter(bureau__in=bureaus)


def _task_rows(filters: dict | None) -> QuerySet[Deadline]:
    qs = Deadline.objects.filter(task__isnull=False, status__in=Deadline.OPEN_STATUSES)
    filters = filters or {}
    if filters.get("procedure"):
        qs = qs.filter(procedure=filters["procedure"])
    if filters.get("step"):
        qs = qs.filter(step=filters["step"])
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if filters.get("overdue"):
        qs = qs.filter(status=Deadline.Status.OVERDUE)
    ordering = filters.get("ordering") or "due_at"
    if ordering not in TASK_ORDERINGS:
        raise ValueError(f"unknown ordering {ordering!r}")
    return qs.select_related(
        "task", "case", "case__subject", "bureau", "rule", "assignee"
    ).order_by(ordering, "pk")


#: Orderings the inbox and the queue accept.
TASK_ORDERINGS = ("due_at", "-due_at", "case__opened_at", "-case__opened_at", "case__case_no")


def inbox_of(user: User, filters: dict | None = None) -> QuerySet[Deadline]:
    """The user's own open tasks with their deadlines, most urgent first by default."""
    return _task_rows(filters).filter(assignee=user, task__status__in=["ASSIGNED", "STARTED"])


def queue_of(user: User, filters: dict | None = None) -> QuerySet[Deadline]:
    """Unclaimed tasks of the user's roles in the bureaus where the user may act."""
    if user.roles & {str(role) for role in READ_ONLY_ROLES}:
        return Deadline.objects.none()
    qs = _task_rows(filters).filter(
        task__status="NEW", task__owner__isnull=True, role__in=list(user.roles)
    )
    bureaus = bureaus_visible_to(user)
    return qs if bureaus is None else qs.filter(bureau__in=bureaus)


def subject_credit_profile(user: User, subject: Subject) -> dict:
    """Everything one USCC has on file that ``user`` may see: its credit records (all
    bureaus: they are public facts about the subject) and the cases of the user's bureaus,
    newest first, each with its earliest running deadline."""
    records = subject.credit_records.select_related("deciding_bureau").order_by("-listed_on", "-pk")
    running = Deadline.objects.filter(status__in=Deadline.OPEN_STATUSES).order_by("due_date", "pk")
    cases = (
        cases_visible_to(user)
        .filter(subject=subject)
        .select_related("bureau", "process")
        .prefetch_related(Prefetch("deadlines", running, to_attr="running_deadlines"))
        .order_by("-opened_at", "-pk")
    )
    return {"records": list(records), "cases": list(cases)}


def case_deadlines(case: Case, flow_class, titles: dict | None = None) -> list[Deadline]:
    """The case's deadlines for its page, most urgent first: each with ``step_title`` (as
    the flow names the step, else ``titles``, else its rule's title), ``is_open`` and,
    while open, ``workdays_left`` and ``workdays_overdue``."""
    from django.utils import timezone

    from workflows.core.deadlines import workdays_left
    from workflows.core.workdays import Calendar

    today, calendar = timezone.localdate(), Calendar()
    deadlines = list(
        Deadline.objects.filter(case=case).select_related("rule").order_by("due_at", "pk")
    )
    for deadline in deadlines:
        node = getattr(flow_class, deadline.step, None)
        deadline.step_title = (
            getattr(node, "task_title", "")
            or (titles or {}).get(deadline.step)
            or deadline.rule.title
        )
        deadline.is_open = deadline.status in Deadline.OPEN_STATUSES
        if deadline.is_open:
            left = workdays_left(deadline, today, calendar)
            deadline.workdays_left, deadline.workdays_overdue = max(left, 0), max(-left, 0)
    return deadlines

"""The SLA figures, as plain functions over ``Deadline`` and ``Case`` rows.

Every figure is an aggregate over one of the row sets below, and the drill-down
lists (dashboard and API) show exactly those rows, so a number and its list never
disagree. Definitions:

- A *step* is a human task's ``Deadline`` row (it carries the bureau, procedure,
  step, role and assignee), or a case *milestone* (a deadline row without a task,
  e.g. REP-DECIDE) that no task row runs within: work the case waits on outside
  anyone's inbox (the subject, another authority, a step done outside a flow).
  Task rows running within a milestone copy its period, so a milestone with such
  rows is left out and nothing is counted twice.
- *Open*: on track, due soon, overdue or paused.
- A case's status is its worst open deadline: overdue, due soon, paused, on track
  (an open case without open deadlines counts as on track).
- *Compliance* over a period: of the steps completed in it (cancelled tasks left
  out), the share met (done by 24:00 of the last day, pauses added); of the cases
  closed in it, the share with no breached deadline.
- *Handling time* of a completed step: working days from the day its task was
  created (a milestone: its trigger day) to the day it was completed (the first
  day not counted, as for deadlines), less the working days it was paused. The
  90th percentile is the nearest-rank one: the ⌈0.9·n⌉-th smallest value.
- Weeks run Monday to Sunday, Asia/Shanghai.
"""

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

from django.db import connection
from django.db.models import Case as Choose
from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce, TruncDate
from viewflow.workflow.status import STATUS

from workflows.core.models import Bureau, Case, Deadline, DeadlineRule, User
from workflows.core.outbound_kinds import send_step_title
from workflows.core.roles import Role
from workflows.core.selectors import bureaus_visible_to
from workflows.core.workdays import Calendar, workdays_between

SHANGHAI = ZoneInfo("Asia/Shanghai")
S = Deadline.Status

#: Roles that see the SLA dashboard (within the bureaus they see).
SLA_ROLES = frozenset(
    str(role) for role in (Role.SUPERVISOR, Role.AUDITOR, Role.LEADER, Role.SECTION_HEAD)
)

#: Case and work-item statuses, worst first.
OPEN_ORDER = (S.OVERDUE, S.DUE_SOON, S.PAUSED, S.ON_TRACK)


def can_view_sla(user: User) -> bool:
    return user.is_authenticated and (user.is_superuser or bool(user.roles & SLA_ROLES))


@dataclass(frozen=True)
class Period:
    """Local dates ``date_from`` to ``date_to``, both included."""

    date_from: date
    date_to: date

    @property
    def start(self) -> datetime:
        return datetime.combine(self.date_from, time.min, tzinfo=SHANGHAI)

    @property
    def end(self) -> datetime:
        """The first moment after the period."""
        return datetime.combine(self.date_to + timedelta(days=1), time.min, tzinfo=SHANGHAI)

    @classmethod
    def weeks_back(cls, today: date, weeks: int = 8) -> "Period":
        """The ``weeks`` weeks up to and including the current one."""
        monday = today - timedelta(days=today.weekday())
        return cls(monday - timedelta(weeks=weeks - 1), today)


@dataclass(frozen=True)
class Scope:
    """Which rows a figure covers: the bureaus a user sees, narrowed by the filters."""

    bureaus: QuerySet[Bureau] | None = None  # None: every bureau
    bureau: str = ""  # a bureau code
    procedure: str = ""
    step: str = ""

    @classmethod
    def for_user(cls, user: User, bureau: str = "", procedure: str = "", step: str = ""):
        return cls(bureaus_visible_to(user), bureau, procedure, step)

    def deadlines(self) -> QuerySet[Deadline]:
        qs = Deadline.objects.all()
        if self.bureaus is not None:
            qs = qs.filter(bureau__in=self.bureaus)
        if self.bureau:
            qs = qs.filter(bureau__code=self.bureau)
        if self.procedure:
            qs = qs.filter(procedure=self.procedure)
        if self.step:
            qs = qs.filter(step=self.step)
        return qs

    def cases(self) -> QuerySet[Case]:
        qs = Case.objects.all()
        if self.bureaus is not None:
            qs = qs.filter(bureau__in=self.bureaus)
        if self.bureau:
            qs = qs.filter(bureau__code=self.bureau)
        if self.procedure:
            qs = qs.filter(procedure=self.procedure)
        if self.step:
            qs = qs.filter(Exists(Deadline.objects.filter(case=OuterRef("pk"), step=self.step)))
        return qs


# --- Row sets (what the drill-down lists show) ----------------------------


def _rows(qs: QuerySet[Deadline]) -> QuerySet[Deadline]:
    return qs.select_related("case", "case__subject", "bureau", "rule", "assignee", "task")


def _covering(**filters) -> QuerySet[Deadline]:
    """Task rows sharing the period of the outer (milestone) row."""
    return Deadline.objects.filter(
        case=OuterRef("case"),
        rule=OuterRef("rule"),
        started_on=OuterRef("started_on"),
        due_date=OuterRef("due_date"),
        task__isnull=False,
        **filters,
    )


def open_step_rows(scope: Scope) -> QuerySet[Deadline]:
    """Open task rows, and open milestones no open task row runs within."""
    covering = _covering(status__in=Deadline.OPEN_STATUSES)
    qs = scope.deadlines().filter(status__in=Deadline.OPEN_STATUSES)
    return _rows(qs.filter(Q(task__isnull=False) | ~Exists(covering)))


def overdue_rows(scope: Scope) -> QuerySet[Deadline]:
    return open_step_rows(scope).filter(status=S.OVERDUE).order_by("due_date", "pk")


def completed_step_rows(scope: Scope, period: Period) -> QuerySet[Deadline]:
    """Steps met or breached in the period (cancelled tasks left out)."""
    covering = _covering(status__in=(S.MET, S.BREACHED))
    qs = scope.deadlines().filter(
        status__in=(S.MET, S.BREACHED),
        completed_at__gte=period.start,
        completed_at__lt=period.end,
    )
    qs = qs.filter(Q(task__isnull=False) | ~Exists(covering))
    return _rows(qs.exclude(task__status=STATUS.CANCELED))


def _case_status():
    open_deadlines = Deadline.objects.filter(case=OuterRef("pk"))
    return Choose(
        *(
            When(Exists(open_deadlines.filter(status=status)), then=Value(str(status)))
            for status in OPEN_ORDER[:-1]
        ),
        default=Value(str(S.ON_TRACK)),
    )


def open_case_rows(scope: Scope) -> QuerySet[Case]:
    return (
        scope.cases()
        .filter(status=Case.Status.OPEN)
        .annotate(sla_status=_case_status())
        .select_related("subject", "bureau")
    )


def closed_case_rows(scope: Scope, period: Period) -> QuerySet[Case]:
    breached = Deadline.objects.filter(case=OuterRef("pk"), status=S.BREACHED)
    return (
        scope.cases()
        .filter(status=Case.Status.CLOSED, closed_at__gte=period.start, closed_at__lt=period.end)
        .annotate(compliant=~Exists(breached))
        .select_related("subject", "bureau")
    )


# --- Figures --------------------------------------------------------------


def _bureau_names() -> dict[str, str]:
    return dict(Bureau.objects.values_list("code", "name"))


def open_steps(scope: Scope, names: dict[str, str] | None = None) -> list[dict]:
    """Open steps counted by procedure, step, bureau and status."""
    names = names or _bureau_names()
    rows = (
        open_step_rows(scope)
        .order_by()
        .values("procedure", "step", "bureau__code", "status")
        .annotate(count=Count("pk"))
        .order_by("procedure", "step", "bureau__code", "status")
    )
    return [
        {
            "procedure": row["procedure"],
            "step": row["step"],
            "bureau": row["bureau__code"],
            "bureau_name": names[row["bureau__code"]],
            "status": row["status"],
            "count": row["count"],
        }
        for row in rows
    ]


def open_cases(scope: Scope, names: dict[str, str] | None = None) -> list[dict]:
    """Open cases counted by procedure, bureau and status (their worst open deadline)."""
    names = names or _bureau_names()
    rows = (
        open_case_rows(scope)
        .order_by()
        .values("procedure", "bureau__code", "sla_status")
        .annotate(count=Count("pk"))
        .order_by("procedure", "bureau__code", "sla_status")
    )
    return [
        {
            "procedure": row["procedure"],
            "bureau": row["bureau__code"],
            "bureau_name": names[row["bureau__code"]],
            "status": row["sla_status"],
            "count": row["count"],
        }
        for row in rows
    ]


def by_status(rows: list[dict], *keys: str) -> list[dict]:
    """``open_steps``/``open_cases`` rows summed over the bureaus: one row per value of
    ``keys`` (in their order), with ``counts`` per status (worst first) and ``total``."""
    pivot: dict[tuple, dict[str, int]] = {}
    for row in rows:
        counts = pivot.setdefault(
            tuple(row[k] for k in keys), dict.fromkeys(map(str, OPEN_ORDER), 0)
        )
        counts[row["status"]] += row["count"]
    return [
        {**dict(zip(keys, key, strict=True)), "counts": counts, "total": sum(counts.values())}
        for key, counts in sorted(pivot.items())
    ]


def totals_by_status(rows: list[dict]) -> dict[str, int]:
    totals = {str(status): 0 for status in OPEN_ORDER}
    for row in rows:
        totals[row["status"]] += row["count"]
    return totals


def overdue_items(
    scope: Scope, today: date, calendar: Calendar | None = None, limit: int | None = None
) -> list[Deadline]:
    """Overdue steps, most overdue first (the first ``limit``), each with ``workdays_overdue``."""
    calendar = calendar or Calendar()
    rows = overdue_rows(scope)
    if limit is not None:
        # The first rows' ids alone, then those rows with their joins: sorting every
        # overdue row joined with its task, case and subject took most of a second.
        first = list(_plain(rows).order_by("due_date", "pk").values_list("pk", flat=True)[:limit])
        rows = rows.filter(pk__in=first)
    items = list(rows)
    for item in items:
        item.workdays_overdue = workdays_between(item.due_date, today, calendar).value
    return items


def overdue_totals(scope: Scope, today: date, calendar: Calendar | None = None) -> dict:
    """How many steps are overdue, by how many working days in all and at most.

    Counted per last day in the database: the working days are worked out once per
    distinct date, not once per row (thousands of rows at scale).
    """
    calendar = calendar or Calendar()
    per_day = (
        overdue_rows(scope).select_related(None).order_by()
        .values_list("due_date").annotate(n=Count("id"))
    )  # fmt: skip
    count = total = longest = 0
    for due, n in per_day:
        days = workdays_between(due, today, calendar).value
        count, total, longest = count + n, total + n * days, max(longest, days)
    return {"count": count, "workdays_overdue_total": total, "max_workdays_overdue": longest}


def _rate(met: int, total: int) -> float | None:
    return round(met / total, 4) if total else None


class Completed(NamedTuple):
    """Steps completed alike: the grain that compliance, handling times and the trend
    are summed from, so that one query serves the three."""

    bureau: str
    procedure: str
    step: str
    rule_count: int
    rule_unit: str
    start_day: date
    end_day: date
    paused_workdays: int
    status: str
    n: int


def completed_steps(scope: Scope, period: Period) -> list[Completed]:
    rows = (
        _plain(completed_step_rows(scope, period))
        .annotate(start_day=_start_day(), end_day=_local_day("completed_at"))
        .values_list("bureau__code", "procedure", "step", "rule__count", "rule__unit",
                     "start_day", "end_day", "paused_workdays", "status")
        .annotate(n=Count("id"))
    )  # fmt: skip
    return [Completed(*row) for row in rows]


def _within(completed: list[Completed], period: Period) -> list[Completed]:
    return [c for c in completed if period.date_from <= c.end_day <= period.date_to]


def compliance(
    scope: Scope,
    period: Period,
    completed: list[Completed] | None = None,
    names: dict[str, str] | None = None,
) -> dict:
    """Steps and cases completed within the statutory deadline, per bureau and procedure.

    ``completed``: ``completed_steps`` of a period containing this one (read if not given).
    """
    names = names or _bureau_names()
    steps: dict[tuple[str, str], dict] = {}
    if completed is None:
        completed = completed_steps(scope, period)
    for row in _within(completed, period):
        counts = steps.setdefault((row.bureau, row.procedure), {"steps_met": 0, "steps_total": 0})
        counts["steps_met"] += row.n if row.status == S.MET else 0
        counts["steps_total"] += row.n
    case_rows = (
        closed_case_rows(scope, period)
        .order_by()
        .values("bureau__code", "procedure")
        .annotate(met=Count("pk", filter=Q(compliant=True)), total=Count("pk"))
    )
    for row in case_rows:
        steps.setdefault((row["bureau__code"], row["procedure"]), {}).update(
            cases_met=row["met"], cases_total=row["total"]
        )
    result = []
    for (code, procedure), counts in sorted(steps.items()):
        step_met, step_total = counts.get("steps_met", 0), counts.get("steps_total", 0)
        case_met, case_total = counts.get("cases_met", 0), counts.get("cases_total", 0)
        result.append(
            {
                "bureau": code,
                "bureau_name": names[code],
                "procedure": procedure,
                "steps_met": step_met,
                "steps_total": step_total,
                "steps_rate": _rate(step_met, step_total),
                "cases_met": case_met,
                "cases_total": case_total,
                "cases_rate": _rate(case_met, case_total),
            }
        )
    return {"rows": result, "total": _compliance_total(result)}


def _compliance_total(rows: list[dict]) -> dict:
    step_met = sum(r["steps_met"] for r in rows)
    step_total = sum(r["steps_total"] for r in rows)
    case_met = sum(r["cases_met"] for r in rows)
    case_total = sum(r["cases_total"] for r in rows)
    return {
        "steps_met": step_met,
        "steps_total": step_total,
        "steps_rate": _rate(step_met, step_total),
        "cases_met": case_met,
        "cases_total": case_total,
        "cases_rate": _rate(case_met, case_total),
    }


def percentile(values: list[int], share: float = 0.9) -> int | None:
    """Nearest-rank percentile: the ⌈share·n⌉-th smallest value."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(math.ceil(share * len(ordered)), 1) - 1]


def handling_times(
    scope: Scope,
    period: Period,
    calendar: Calendar | None = None,
    completed: list[Completed] | None = None,
) -> list[dict]:
    """Average and 90th-percentile handling time per step, against the statutory limit."""
    calendar = calendar or Calendar()
    by_step: dict[tuple[str, str], list[int]] = defaultdict(list)
    limits: dict[tuple[str, str], set[tuple[int, str]]] = defaultdict(set)
    # Counted per (step, first day, last day, days paused) in the database: the working
    # days are worked out once per distinct span, not once per row.
    if completed is None:
        completed = completed_steps(scope, period)
    spans: dict[tuple[date, date], int] = {}
    for row in _within(completed, period):
        procedure, step, count, unit = row.procedure, row.step, row.rule_count, row.rule_unit
        start, end, paused, n = row.start_day, row.end_day, row.paused_workdays, row.n
        if (start, end) not in spans:
            spans[(start, end)] = workdays_between(start, end, calendar).value
        by_step[(procedure, step)].extend([max(spans[(start, end)] - paused, 0)] * n)
        limits[(procedure, step)].add((count, unit))
    result = []
    for key in sorted(by_step):
        values = by_step[key]
        wd_limits = [count for count, unit in limits[key] if unit == DeadlineRule.Unit.WORKDAYS]
        limit = max(wd_limits) if wd_limits else None
        result.append(
            {
                "procedure": key[0],
                "step": key[1],
                "count": len(values),
                "average": round(sum(values) / len(values), 2),
                "p90": percentile(values),
                "limit": limit,
                "over_limit": sum(1 for v in values if limit is not None and v > limit),
            }
        )
    return result


def weeks_of(period: Period) -> list[Period]:
    monday = period.date_from - timedelta(days=period.date_from.weekday())
    weeks = []
    while monday <= period.date_to:
        weeks.append(Period(monday, monday + timedelta(days=6)))
        monday += timedelta(weeks=1)
    return weeks


def whole_weeks(period: Period) -> Period:
    """From the Monday of the period's first week to the Sunday of its last."""
    weeks = weeks_of(period)
    return Period(weeks[0].date_from, weeks[-1].date_to)


def weekly_trend(
    scope: Scope, period: Period, completed: list[Completed] | None = None
) -> list[dict]:
    """Per week (Monday to Sunday) touching the period: steps started, completed, met.

    ``completed``: ``completed_steps`` of ``whole_weeks(period)`` (read if not given).
    """
    weeks = weeks_of(period)
    if not weeks:
        return []
    whole = whole_weeks(period)
    created = defaultdict(int)
    # Task rows by their task's creation, milestones by their trigger day: two queries,
    # each on its own index (one query with an OR of the two read every deadline).
    tasks = scope.deadlines().filter(task__created__gte=whole.start, task__created__lt=whole.end)
    milestones = scope.deadlines().filter(
        ~Exists(_covering()),
        task__isnull=True,
        started_on__gte=whole.date_from,
        started_on__lte=whole.date_to,
    )
    for started, day in ((tasks, _local_day("task__created")), (milestones, F("started_on"))):
        per_day = _plain(started).annotate(day=day).values_list("day").annotate(n=Count("id"))
        for day, n in per_day:
            created[day - timedelta(days=day.weekday())] += n
    if completed is None:
        completed = completed_steps(scope, whole)
    done, met = defaultdict(int), defaultdict(int)
    for row in _within(completed, whole):
        monday = row.end_day - timedelta(days=row.end_day.weekday())
        done[monday] += row.n
        met[monday] += row.n if row.status == S.MET else 0
    return [
        {
            "week_start": week.date_from,
            "week_end": week.date_to,
            "created": created[week.date_from],
            "completed": done[week.date_from],
            "met": met[week.date_from],
            "breached": done[week.date_from] - met[week.date_from],
            "rate": _rate(met[week.date_from], done[week.date_from]),
        }
        for week in weeks
    ]


def _plain(qs: QuerySet[Deadline]) -> QuerySet[Deadline]:
    """For aggregates: no joined rows, no ordering (it would join the GROUP BY)."""
    return qs.select_related(None).order_by()


def _local_day(field: str) -> TruncDate:
    return TruncDate(field, tzinfo=SHANGHAI)


def _start_day() -> Coalesce:
    """The day a step started: its task's creation, or a milestone's trigger day."""
    return Coalesce(_local_day("task__created"), "started_on")


def summary(scope: Scope, period: Period, today: date) -> dict:
    """Every figure of the dashboard at once (the API and the weekly report use it)."""
    calendar, names = Calendar(), _bureau_names()
    steps, cases = open_steps(scope, names), open_cases(scope, names)
    # One read of the steps completed in the whole weeks (they contain the period).
    completed = completed_steps(scope, whole_weeks(period))
    return {
        "today": today,
        "date_from": period.date_from,
        "date_to": period.date_to,
        "open_steps": {"rows": steps, "total": totals_by_status(steps)},
        "open_cases": {"rows": cases, "total": totals_by_status(cases)},
        "overdue": overdue_totals(scope, today, calendar),
        "compliance": compliance(scope, period, completed, names),
        "handling_times": handling_times(scope, period, calendar, completed),
        "weekly_trend": weekly_trend(scope, period, completed),
    }


def step_titles() -> dict[tuple[str, str], str]:
    """The title of each (procedure, step): as its flow names it (``Annotation(title=…)``),
    for a delivery to another system its kind and target, or, for another step without
    tasks, the title of its deadline rule."""
    from viewflow.workflow.models import Task

    latest = _latest_per_step()
    tasks = Task.objects.in_bulk([row["task_id"] for row in latest if row["task_id"]])
    rules = dict(
        Deadline.objects.filter(pk__in=[row["deadline_id"] for row in latest]).values_list(
            "pk", "rule__title"
        )
    )
    titles = {}
    for row in latest:
        task, title = tasks.get(row["task_id"]), ""
        if task is not None:
            try:
                title = str(task.flow_task.task_title or "")
            except Exception:  # noqa: BLE001 - a step of a flow no longer installed
                title = ""
        titles[(row["procedure"], row["step"])] = (
            title or send_step_title(row["step"]) or rules.get(row["deadline_id"]) or row["step"]
        )
    return titles


#: Every (procedure, step) by a loose index scan of ``core_deadline_step`` (one probe
#: per step, where a GROUP BY reads every deadline), with its latest task and row.
_LATEST_PER_STEP = """
WITH RECURSIVE steps(procedure, step) AS (
    (SELECT procedure, step FROM {t} ORDER BY procedure, step LIMIT 1)
    UNION ALL
    SELECT (SELECT d.procedure FROM {t} d WHERE (d.procedure, d.step) > (s.procedure, s.step)
            ORDER BY d.procedure, d.step LIMIT 1),
           (SELECT d.step FROM {t} d WHERE (d.procedure, d.step) > (s.procedure, s.step)
            ORDER BY d.procedure, d.step LIMIT 1)
    FROM steps s WHERE s.procedure IS NOT NULL
)
SELECT s.procedure, s.step,
    (SELECT max(d.task_id) FROM {t} d WHERE d.procedure = s.procedure AND d.step = s.step),
    (SELECT max(d.id) FROM {t} d WHERE d.procedure = s.procedure AND d.step = s.step)
FROM steps s WHERE s.procedure IS NOT NULL
"""


def _latest_per_step() -> list[dict]:
    if connection.vendor != "postgresql":  # the demo's SQLite: few rows
        rows = Deadline.objects.order_by().values_list("procedure", "step")
        rows = rows.annotate(task_id=Max("task_id"), deadline_id=Max("pk"))
    else:
        with connection.cursor() as cursor:
            cursor.execute(_LATEST_PER_STEP.format(t=Deadline._meta.db_table))
            rows = cursor.fetchall()
    keys = ("procedure", "step", "task_id", "deadline_id")
    return [dict(zip(keys, row, strict=True)) for row in rows]

"""A seeded SLA data set on a frozen calendar, and its figures worked out independently.

Nine cases of the sample flow (accept: REP-ACCEPT, 2 working days; decide: within
REP-DECIDE, 15 working days from acceptance) in two bureaus and two procedures,
driven through the real services with the clock passed in. ``expected()`` computes
every dashboard figure straight from ``SPEC`` on the official calendar table
(``tests.calendar_oracle``), not with the code under test.
"""

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from viewflow.workflow.models import Task

from tests import calendar_oracle
from tests.factories import UserFactory, bureau
from tests.workflows.core.sla.conftest import at, open_task, retime, sample_case
from workflows.core.models import Case, Deadline
from workflows.core.roles import Role
from workflows.core.services.deadlines import deadline_complete, deadline_pause, deadlines_refresh
from workflows.core.services.roles import roles_ensure_groups
from workflows.core.services.tasks import task_claim, task_complete

TODAY = date(2026, 3, 27)  # a Friday
PERIOD = (date(2026, 3, 2), date(2026, 3, 27))  # four weeks, Monday 2 to Friday 27 March
ACCEPT_LIMIT, DECIDE_LIMIT = 2, 15


@dataclass(frozen=True)
class Spec:
    n: int
    bureau: str
    procedure: str
    created: datetime
    accepted: datetime | None = None
    decided: datetime | None = None
    paused: datetime | None = None


def t(day: str, hour: int = 10) -> datetime:
    return at(day, hour)


SPEC = (
    Spec(1, "650100", "repair", t("2026-03-02", 9), t("2026-03-03", 15), t("2026-03-10")),
    Spec(2, "650100", "repair", t("2026-03-02", 9), t("2026-03-06"), t("2026-03-16")),
    Spec(3, "650100", "repair", t("2026-03-09", 9), t("2026-03-10")),
    Spec(4, "650100", "repair", t("2026-03-23", 9)),
    Spec(5, "653100", "repair", t("2026-03-16", 9), t("2026-03-17"), paused=t("2026-03-18")),
    Spec(6, "653100", "repair", t("2026-03-25", 9)),
    Spec(7, "650100", "listing", t("2026-03-02", 9), t("2026-03-02", 16), t("2026-03-27")),
    Spec(8, "650100", "listing", t("2026-03-27", 9)),
    Spec(9, "650100", "repair", t("2026-02-16", 9), t("2026-02-17")),
)


def people() -> dict[tuple[str, str], object]:
    groups = roles_ensure_groups()
    staff = {}
    for code in ("650100", "653100"):
        for role in (Role.CLERK, Role.LEADER):
            user = UserFactory(username=f"{role}_{code}", bureau=bureau(code))
            user.groups.set([groups[role]])
            staff[(code, str(role))] = user
    supervisor = UserFactory(username="sup", bureau=bureau("650000"))
    supervisor.groups.set([groups[Role.SUPERVISOR]])
    staff["supervisor"] = supervisor
    return staff


def seed() -> dict[int, Case]:
    staff = people()
    cases = {}
    for spec in SPEC:
        case = sample_case(spec.bureau, spec.procedure)
        cases[spec.n] = case
        accept = open_task(case, "accept")
        row = retime(Deadline.objects.get(task=accept), spec.created.date(), spec.created.hour)
        if spec.accepted is None:
            continue
        clerk, leader = staff[(spec.bureau, "clerk")], staff[(spec.bureau, "leader")]
        task_claim(task=accept, user=clerk)
        deadline_complete(deadline=row, actor=clerk, now=spec.accepted)
        task_complete(
            task=accept, user=clerk, data={"accepted_on": spec.accepted.date().isoformat()}
        )
        decide = open_task(case, "decide")
        Task.objects.filter(pk=decide.pk).update(created=spec.accepted)
        decide_row = Deadline.objects.get(task=decide)
        milestone = Deadline.objects.get(case=case, task__isnull=True)
        if spec.paused:
            deadline_pause(deadline=decide_row, actor=None, reason="补正", now=spec.paused)
        if spec.decided:
            task_claim(task=decide, user=leader)
            deadline_complete(deadline=decide_row, actor=leader, now=spec.decided)
            deadline_complete(deadline=milestone, actor=leader, now=spec.decided)
            task_complete(task=decide, user=leader, data={"decision": "grant"})
            Case.objects.filter(pk=case.pk).update(closed_at=spec.decided)
    deadlines_refresh(TODAY)
    return cases


# --- The figures, computed from SPEC with the calendar oracle ---------------------


def workdays_after(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end``."""
    return sum(
        calendar_oracle.is_workday(start + timedelta(days=i))
        for i in range(1, (end - start).days + 1)
    )


def nth_workday(start: date, n: int) -> date:
    day = start
    while n:
        day += timedelta(days=1)
        n -= calendar_oracle.is_workday(day)
    return day


@dataclass(frozen=True)
class Step:
    n: int
    bureau: str
    procedure: str
    step: str
    created: datetime
    last_day: date
    completed: datetime | None
    paused: bool = False

    @property
    def met(self) -> bool:
        return self.completed.date() <= self.last_day


def steps() -> list[Step]:
    result = []
    for s in SPEC:
        accept_last = nth_workday(s.created.date(), ACCEPT_LIMIT)
        result.append(Step(s.n, s.bureau, s.procedure, "accept", s.created, accept_last,
                           s.accepted))  # fmt: skip
        if s.accepted:
            decide_last = nth_workday(s.accepted.date(), DECIDE_LIMIT)
            result.append(Step(s.n, s.bureau, s.procedure, "decide", s.accepted, decide_last,
                               s.decided, bool(s.paused)))  # fmt: skip
    return result


def _in_period(moment: datetime) -> bool:
    return PERIOD[0] <= moment.date() <= PERIOD[1]


def _status(step: Step) -> str:
    if step.paused:
        return "paused"
    if step.last_day < TODAY:
        return "overdue"
    due_soon_days = 1 if step.step == "accept" else 3  # the rules' due_soon_workdays
    if _due_soon(step.last_day, due_soon_days):
        return "due_soon"
    return "on_track"


def _due_soon(last_day: date, days: int) -> bool:
    first = last_day
    while days:
        first -= timedelta(days=1)
        days -= calendar_oracle.is_workday(first)
    return first <= TODAY


def expected() -> dict:
    all_steps = steps()
    done = [s for s in all_steps if s.completed and _in_period(s.completed)]
    open_steps = [s for s in all_steps if s.completed is None]

    compliance = defaultdict(lambda: {"steps_met": 0, "steps_total": 0, "cases_met": 0,
                                      "cases_total": 0})  # fmt: skip
    for s in done:
        row = compliance[(s.bureau, s.procedure)]
        row["steps_total"] += 1
        row["steps_met"] += s.met
    for spec in SPEC:
        if spec.decided and _in_period(spec.decided):
            row = compliance[(spec.bureau, spec.procedure)]
            row["cases_total"] += 1
            row["cases_met"] += all(s.met for s in all_steps if s.n == spec.n)

    handling = defaultdict(list)
    for s in done:
        handling[(s.procedure, s.step)].append(workdays_after(s.created.date(), s.completed.date()))
    handling_rows = {}
    for key, values in handling.items():
        ordered = sorted(values)
        limit = ACCEPT_LIMIT if key[1] == "accept" else DECIDE_LIMIT
        handling_rows[key] = {
            "count": len(values),
            "average": round(sum(values) / len(values), 2),
            "p90": ordered[math.ceil(0.9 * len(values)) - 1],
            "limit": limit,
            "over_limit": sum(v > limit for v in values),
        }

    open_counts = defaultdict(int)
    for s in open_steps:
        open_counts[(s.procedure, s.step, s.bureau, _status(s))] += 1
    order = ["overdue", "due_soon", "paused", "on_track"]
    case_counts = defaultdict(int)
    for spec in SPEC:
        if spec.decided is None:
            statuses = [_status(s) for s in open_steps if s.n == spec.n]
            worst = min(statuses, key=order.index)
            case_counts[(spec.procedure, spec.bureau, worst)] += 1
    overdue = {
        s.n: workdays_after(s.last_day, TODAY) for s in open_steps if _status(s) == "overdue"
    }

    weeks = []
    monday = PERIOD[0]
    while monday <= PERIOD[1]:
        sunday = monday + timedelta(days=6)
        in_week = [s for s in all_steps if s.completed and monday <= s.completed.date() <= sunday]
        weeks.append(
            {
                "week_start": monday,
                "created": sum(monday <= s.created.date() <= sunday for s in all_steps),
                "completed": len(in_week),
                "met": sum(s.met for s in in_week),
            }
        )
        monday += timedelta(weeks=1)
    return {
        "compliance": dict(compliance),
        "handling": handling_rows,
        "open_steps": dict(open_counts),
        "open_cases": dict(case_counts),
        "overdue": overdue,
        "weeks": weeks,
    }

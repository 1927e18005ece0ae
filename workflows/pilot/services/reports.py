"""Periodic reporting of running pilots, each report a core ``Deadline`` milestone.

A quarterly progress report is owed for every quarter of the pilot period that has
begun (due ``PILOT-QUARTERLY`` after the quarter ends); the annual stage-results list
and summary for every year of the period up to 31 October (``XJ-REPORT``). A report
falls due, and its prefecture's handlers are notified, when its period begins; the
core escalation sweep then reminds them before the last day and escalates a late
report, which the SLA dashboard shows as overdue until it comes in.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from workflows.core import audit
from workflows.core.models import Deadline, User
from workflows.core.roles import Role
from workflows.core.services.deadlines import deadline_complete, deadline_start
from workflows.core.services.kit import local_today
from workflows.core.services.notifications import notify
from workflows.pilot.models import Pilot, PilotReport

Kind = PilotReport.Kind

#: The deadline rule and the step name of each kind of report.
RULES = {Kind.QUARTERLY: ("PILOT-QUARTERLY", "report_quarterly"),
         Kind.ANNUAL: ("XJ-REPORT", "report_annual")}  # fmt: skip


@dataclass(frozen=True)
class Obligation:
    kind: str
    period: str
    start: date
    end: date
    trigger: date  # the deadline rule counts from here

    @property
    def rule(self) -> str:
        return RULES[self.kind][0]

    @property
    def step(self) -> str:
        return RULES[self.kind][1]


def _quarter_of(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def _quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    start = date(year, 3 * quarter - 2, 1)
    following = date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1)
    return start, following - timedelta(days=1)


def obligations(pilot: Pilot, today: date) -> list[Obligation]:
    """The reports owed by ``today``: every quarter and year of the pilot period that
    has begun (a year counts while its 31 October is within the period)."""
    owed: list[Obligation] = []
    until = min(today, pilot.period_end)
    year, quarter = _quarter_of(pilot.period_start)
    while True:
        start, end = _quarter_bounds(year, quarter)
        if start > until:
            break
        owed.append(Obligation(Kind.QUARTERLY, f"{year}Q{quarter}", start, end, end))
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    for year in range(pilot.period_start.year, until.year + 1):
        if pilot.period_start <= date(year, 10, 31) and date(year, 1, 1) <= until:
            owed.append(
                Obligation(Kind.ANNUAL, str(year), date(year, 1, 1), date(year, 12, 31),
                           date(year - 1, 12, 31))
            )  # fmt: skip
    return owed


@transaction.atomic
def pilot_reports_schedule(*, pilot: Pilot, today: date | None = None) -> list[PilotReport]:
    """Create the reports ``pilot`` owes by ``today`` that do not exist yet (idempotent)."""
    today = today or local_today()
    pilot = (
        Pilot.objects.select_for_update(of=("self",))
        .select_related("application__case")
        .get(pk=pilot.pk)
    )
    if pilot.state not in Pilot.ACTIVE_STATES:
        return []
    case = pilot.application.case
    existing = set(pilot.reports.values_list("kind", "period"))
    created = []
    for due in obligations(pilot, today):
        if (due.kind, due.period) in existing:
            continue
        deadline = deadline_start(
            case=case, rule_code=due.rule, step=due.step, started_on=due.trigger, actor=None,
            role=str(Role.HANDLER), today=today,
        )  # fmt: skip
        report = PilotReport.objects.create(
            pilot=pilot, kind=due.kind, period=due.period, period_start=due.start,
            period_end=due.end, deadline=deadline,
        )  # fmt: skip
        audit.record(
            "pilot.report_due", case=case, actor=None,
            after={"report": report.pk, "kind": due.kind, "period": due.period,
                   "due_date": deadline.due_date, "status": deadline.status},
        )  # fmt: skip
        _notify_due(report, deadline)
        created.append(report)
    return created


def _notify_due(report: PilotReport, deadline: Deadline) -> None:
    case = report.pilot.application.case
    notify(
        recipients=User.objects.filter(
            bureau=case.bureau, groups__name=str(Role.HANDLER), is_active=True
        ),
        kind="pilot.report_due", case=case, url=f"/app/pilot/reports/{report.pk}/",
        title=_("%(kind)s %(period)s of %(pilot)s is due by %(due)s")
        % {"kind": report.get_kind_display(), "period": report.period,
           "pilot": report.pilot.application.name, "due": deadline.due_date},
        body=_("Case %(case)s. Submit it on the pilot's report page.") % {"case": case.case_no},
    )  # fmt: skip


def pilots_schedule_all(today: date | None = None) -> int:
    """The daily job: start pilots whose period has begun, create the reports now owed."""
    from workflows.pilot.services.lifecycle import pilot_start

    today = today or local_today()
    count = 0
    for pilot in Pilot.objects.filter(state=Pilot.State.APPROVED, period_start__lte=today):
        pilot_start(pilot=pilot, actor=None, today=today)
    for pilot in Pilot.objects.filter(state__in=Pilot.ACTIVE_STATES):
        count += len(pilot_reports_schedule(pilot=pilot, today=today))
    return count


@transaction.atomic
def pilot_report_submit(
    *, report: PilotReport, data: dict, actor: User, now: datetime | None = None
) -> PilotReport:
    """The prefecture submits a report; a report after its last day is recorded late.

    ``now`` (default: now) is for recording a report received on paper earlier."""
    report = (
        PilotReport.objects.select_for_update(of=("self",))
        .select_related("pilot__application__case", "deadline")
        .get(pk=report.pk)
    )
    case = report.pilot.application.case
    if actor.bureau_id != case.bureau_id:
        raise PermissionDenied(_("Reports are submitted by the pilot's own bureau."))
    if report.status != PilotReport.Status.DUE:
        raise ValidationError(_("This report is no longer open."))
    now = now or timezone.now()
    fields = ["status", "submitted_at", "submitted_by"]
    for name in ("progress", "results_list", "summary"):
        if name in data:
            setattr(report, name, data[name])
            fields.append(name)
    report.status, report.submitted_at, report.submitted_by = "submitted", now, actor
    report.save(update_fields=fields)
    deadline = deadline_complete(deadline=report.deadline, actor=actor, now=now)
    audit.record(
        "pilot.report_submitted", case=case, actor=actor,
        after={"report": report.pk, "kind": report.kind, "period": report.period,
               "on_time": deadline.status == Deadline.Status.MET},
    )  # fmt: skip
    return report


@transaction.atomic
def pilot_reports_close(*, pilot: Pilot, actor: User | None) -> int:
    """The pilot ended: reports still open are closed (late ones count as breached)."""
    closed = 0
    for report in pilot.reports.select_for_update(of=("self",)).filter(
        status=PilotReport.Status.DUE
    ):
        report.status = PilotReport.Status.CLOSED
        report.save(update_fields=["status"])
        deadline_complete(deadline=report.deadline, actor=actor)
        closed += 1
    return closed

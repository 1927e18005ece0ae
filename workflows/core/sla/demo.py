"""SLA demo: eight weeks of deadline history across the prefectures, then the sweep.

Procedures with a flow (credit repair) add real cases and tasks in their own demo.
For the procedures that have no flow yet (listing, pledge verification), this adds
cases whose statutory periods are case milestones (``Deadline`` rows without a task,
started and completed through the deadline services with the clock passed in), so
that a newcomer sees compliance, handling times and trends for every prefecture
after ``make demo``. When those procedures land, their own demos replace this: drop
the rows of ``HISTORY`` for them. Finally it runs the escalation sweep (notices for
the demo staff) and makes last week's SLA reports.
"""

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from workflows.core.models import Bureau, Case, Subject
from workflows.core.services.cases import case_close, case_open
from workflows.core.services.deadlines import (
    deadline_complete,
    deadline_pause,
    deadline_start,
    deadlines_refresh,
)
from workflows.core.sla.escalation import deadlines_escalate
from workflows.core.sla.reports import sla_reports_generate_week
from workflows.core.workdays import add_workdays

SHANGHAI = ZoneInfo("Asia/Shanghai")
MARK = "[SLA demo]"

#: procedure, step, rule, summary
HISTORY = (
    ("listing", "publicity", "SL-PUB", "严重违法失信名单信息公示"),
    ("listing", "abnormal_removal", "AB-REMOVE", "申请移出经营异常名录"),
    ("pledge", "correction", "LIC-CORRECT", "告知承诺材料补正告知"),
    ("pledge", "decision", "LIC-DECIDE", "告知承诺许可决定"),
)
BUREAUS = ("650100", "650200", "652300", "652800", "652900", "653100", "653200", "654000")


def _moment(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=SHANGHAI)


@transaction.atomic
def seed(today: date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    if Case.objects.filter(summary__startswith=MARK).exists():
        return {"sla_demo_cases": 0}
    rng = random.Random(20261126)
    subjects = {}
    candidates = Subject.objects.filter(region__code__in=BUREAUS).select_related("region")
    for subject in candidates.order_by("uscc"):
        subjects.setdefault(subject.region.code, subject)
    bureaus = {b.code: b for b in Bureau.objects.filter(code__in=BUREAUS)}
    made = 0
    for code in BUREAUS:
        skill = rng.uniform(0.55, 0.95)  # the share this bureau finishes in time
        for weeks_back in range(8, -1, -1):
            for procedure, step, rule, summary in HISTORY:
                if rng.random() < 0.35:
                    continue
                started = today - timedelta(weeks=weeks_back, days=rng.randint(0, 4))
                made += _one_case(
                    bureaus[code], subjects.get(code), procedure, step, rule, summary, started,
                    today, rng, skill,
                )  # fmt: skip
    deadlines_refresh(today)
    fired = deadlines_escalate(today)
    reports = sla_reports_generate_week(today, bureaus=BUREAUS)
    return {"sla_demo_cases": made, "sla_escalations": fired, "sla_reports": reports}


def _one_case(bureau, subject, procedure, step, rule, summary, started, today, rng, skill) -> int:
    case = case_open(
        procedure=procedure, bureau=bureau, source=Case.Source.EX_OFFICIO, actor=None,
        subject=subject, summary=f"{MARK} {summary}",
    )  # fmt: skip
    Case.objects.filter(pk=case.pk).update(opened_at=_moment(started, 9))
    deadline = deadline_start(
        case=case, rule_code=rule, step=step, started_on=started, actor=None, today=today
    )
    count = deadline.rule.count
    if rng.random() < skill:
        took = rng.randint(max(count // 3, 1), count)
    else:
        took = count + rng.randint(1, max(count // 2, 2))
    finished = add_workdays(started, took).value
    if finished >= today:  # still open: on track, due soon, overdue or (removal) paused
        pause_at = _moment(today, 8)
        if deadline.rule.pausable and rng.random() < 0.5 and deadline.due_at > pause_at:
            deadline_pause(deadline=deadline, actor=None, reason="等待当事人补正材料", now=pause_at)
        return 1
    done_at = _moment(finished, rng.randint(9, 17))
    deadline_complete(deadline=deadline, actor=None, now=done_at)
    case_close(case=case, decision="done", actor=None, comment=summary)
    Case.objects.filter(pk=case.pk).update(closed_at=done_at)
    return 1

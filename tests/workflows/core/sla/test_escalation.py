"""Reminders and escalations on a frozen clock: each level once, to the right people.

The default ladder (data migration): L0 one working day before the last day to the
assignee (or the role's staff while unclaimed), L1 the first working day overdue to
the section head, L2 the third working day overdue to the leader, also by SMS.
"""

from datetime import date

import pytest

from tests.workflows.core.sla.conftest import at, open_task, retime, sample_case
from workflows.core.models import (
    AuditEvent,
    Deadline,
    DeadlineEscalation,
    EscalationLevel,
    Notification,
)
from workflows.core.services.deadlines import deadline_pause, deadline_resume, deadlines_refresh
from workflows.core.services.tasks import task_claim
from workflows.core.sla.escalation import deadlines_escalate
from workflows.core.tasks import escalate_deadlines, fire_workflow_timers

pytestmark = pytest.mark.django_db


def _accept_deadline(case) -> Deadline:
    # REP-ACCEPT, 2 working days from Mon 2 Mar 2026: last day Wed 4 Mar.
    deadline = retime(Deadline.objects.get(task=open_task(case, "accept")), "2026-03-02")
    assert deadline.due_date == date(2026, 3, 4)
    return deadline


def _sweep(day: str) -> int:
    deadlines_refresh(date.fromisoformat(day))
    return deadlines_escalate(date.fromisoformat(day), at(day, 8))


def _fired(deadline) -> list[tuple[int, str, list[str]]]:
    return [
        (e.level, e.fired_on.isoformat(), e.recipients)
        for e in DeadlineEscalation.objects.filter(deadline=deadline).order_by("level")
    ]


def test_the_default_ladder_is_seeded():
    ladder = EscalationLevel.objects.filter(procedure="").order_by("level")
    assert [(lv.level, lv.offset_workdays, lv.target, lv.sms) for lv in ladder] == [
        (0, -1, "assignee", False),
        (1, 1, "section_head", False),
        (2, 3, "leader", True),
    ]


def test_reminder_then_two_escalation_levels_each_once_on_their_working_day(staff):
    case = sample_case()
    deadline = _accept_deadline(case)

    assert _sweep("2026-03-02") == 0
    # Tue 3 Mar, one working day before the last day: the unclaimed task's role staff.
    assert _sweep("2026-03-03") == 1
    assert _sweep("2026-03-03") == 0  # once
    reminder = Notification.objects.get(kind="deadline.escalated.l0")
    assert reminder.recipient == staff["clerk"]
    assert reminder.case == case and reminder.url == "/app/work/inbox/"
    assert "2026-03-04" in reminder.title

    task_claim(task=open_task(case, "accept"), user=staff["clerk"])
    assert _sweep("2026-03-04") == 0  # the last day: nothing new
    # Thu 5 Mar, first working day overdue: the section head of Ürümqi.
    assert _sweep("2026-03-05") == 1
    assert _sweep("2026-03-06") == 0
    # Mon 9 Mar, third working day overdue (5, 6, 9 Mar): the leader, also by SMS.
    assert _sweep("2026-03-09") == 1
    assert _sweep("2026-03-10") == 0

    assert _fired(deadline) == [
        (0, "2026-03-03", ["clerk"]),
        (1, "2026-03-05", ["section_head"]),
        (2, "2026-03-09", ["leader"]),
    ]
    l1 = Notification.objects.get(kind="deadline.escalated.l1")
    assert l1.recipient == staff["section_head"]
    assert l1.url == f"/app/sla/dashboard/steps/?case={case.pk}"
    assert "1 working days" in l1.title and "李娜" in l1.body  # the assignee is named
    step = str(open_task(case, "accept").flow_task.task_title)  # as the flow names it
    assert l1.title.endswith(f"step {step}") and step != "accept"
    l2 = Notification.objects.get(kind="deadline.escalated.l2")
    assert l2.recipient == staff["leader"] and "3 working days" in l2.title
    events = AuditEvent.objects.filter(case=case, event_type="deadline.escalated").order_by("seq")
    assert [(e.actor, e.after["level"], e.after["workdays_overdue"]) for e in events] == [
        (None, 0, 0),
        (None, 1, 1),
        (None, 2, 3),
    ]
    assert events[1].after["recipients"] == ["section_head"]
    assert events[1].task_id == deadline.task_id


def test_a_deadline_found_overdue_late_skips_the_reminder_but_escalates(staff):
    deadline = _accept_deadline(sample_case())
    assert _sweep("2026-03-10") == 2  # 4 working days overdue: L1 and L2 at once
    assert [level for level, _day, _who in _fired(deadline)] == [1, 2]


def test_a_procedure_may_replace_a_level_of_the_global_ladder(staff):
    EscalationLevel.objects.create(
        procedure="repair", level=2, title="督办（监督）", offset_workdays=2, target="supervisor"
    )
    EscalationLevel.objects.create(
        procedure="repair", level=0, title="off", offset_workdays=-1, target="assignee",
        active=False,
    )  # fmt: skip
    repair = _accept_deadline(sample_case())
    listing = _accept_deadline(sample_case(procedure="listing"))
    _sweep("2026-03-03")
    _sweep("2026-03-06")  # second working day overdue
    assert _fired(repair) == [
        (1, "2026-03-06", ["section_head"]),
        (2, "2026-03-06", ["supervisor"]),
    ]
    assert [level for level, _day, _who in _fired(listing)] == [0, 1]


def test_a_paused_deadline_does_not_escalate_and_is_reminded_again_for_its_new_last_day(staff):
    case = sample_case()
    deadline = _accept_deadline(case)
    assert _sweep("2026-03-03") == 1  # reminder for 4 Mar
    deadline_pause(deadline=deadline, actor=None, reason="补正", now=at("2026-03-03", 11))
    assert _sweep("2026-03-05") == 0
    assert _sweep("2026-03-12") == 0
    # Resumed Mon 16 Mar: 4–6, 9–13, 16 Mar = 9 working days; 4 Mar + 9 = Tue 17 Mar.
    deadline_resume(deadline=deadline, actor=None, now=at("2026-03-16", 9))
    deadline.refresh_from_db()
    assert deadline.due_date == date(2026, 3, 17)
    assert _sweep("2026-03-16") == 1  # due soon again
    assert _fired(deadline) == [(0, "2026-03-03", ["clerk"]), (0, "2026-03-16", ["clerk"])]
    assert _sweep("2026-03-18") == 1
    assert [e.level for e in DeadlineEscalation.objects.filter(due_date=date(2026, 3, 17))] == [
        1,
        0,
    ]


def test_the_milestone_escalates_only_when_no_task_runs_within_it(staff):
    case = sample_case()
    accept = _accept_deadline(case)
    deadline_pause(deadline=accept, actor=None, reason="x", now=at("2026-03-02", 11))
    from workflows.core.services.deadlines import deadline_start

    milestone = deadline_start(
        case=case, rule_code="REP-EXEC", step="execute", started_on=date(2026, 3, 2),
        actor=None, today=date(2026, 3, 2),
    )  # fmt: skip  # 3 working days: last day Thu 5 Mar; no task, no assignee, no role
    assert _sweep("2026-03-06") == 1
    assert _fired(milestone) == [(1, "2026-03-06", ["section_head"])]


def test_the_beat_jobs_run(staff):
    case = sample_case()
    deadline = Deadline.objects.get(task=open_task(case, "accept"))
    Deadline.objects.filter(pk=deadline.pk).update(
        due_date=date(2026, 1, 5), due_soon_from=date(2026, 1, 1)
    )
    assert escalate_deadlines.apply().get() >= 2  # (the demo data may add its own)
    assert [level for level, _day, _who in _fired(deadline)] == [1, 2]  # long overdue
    deadline.refresh_from_db()
    assert deadline.status == Deadline.Status.OVERDUE
    assert fire_workflow_timers.apply().get() == 0

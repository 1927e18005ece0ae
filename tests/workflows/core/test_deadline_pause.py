"""Pausing a deadline while the case waits for the subject, and resuming it.

Clock frozen by passing ``now``/``today`` into the services; expected dates worked
out by hand on the official 2026 calendar in the comments.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from tests.factories import UserFactory, bureau
from workflows.core.deadlines import workdays_left
from workflows.core.models import AuditEvent, Case, Deadline, DeadlineRule
from workflows.core.roles import Role
from workflows.core.services.cases import case_open
from workflows.core.services.deadlines import (
    DeadlineError,
    DeadlineNotPermitted,
    deadline_complete,
    deadline_pause,
    deadline_resume,
    deadline_start,
    deadlines_refresh,
)
from workflows.core.services.roles import roles_ensure_groups

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def at(day: str, hour: int = 10) -> datetime:
    return datetime.combine(date.fromisoformat(day), datetime.min.time(), SHANGHAI).replace(
        hour=hour
    )


def _case(code: str = "650100") -> Case:
    return case_open(procedure="repair", bureau=bureau(code), source="application", actor=None)


def _start(rule: str, started_on: str, case: Case | None = None) -> Deadline:
    return deadline_start(
        case=case or _case(), rule_code=rule, step="decide",
        started_on=date.fromisoformat(started_on), actor=None,
        today=date.fromisoformat(started_on),
    )  # fmt: skip


def _staff(username: str, role: Role, code: str = "650100"):
    groups = roles_ensure_groups()
    user = UserFactory(username=username, bureau=bureau(code))
    user.groups.set([groups[role]])
    return user


def test_the_migration_marks_only_the_repair_and_removal_periods_pausable():
    pausable = set(DeadlineRule.objects.filter(pausable=True).values_list("code", flat=True))
    assert pausable == {"REP-ACCEPT", "REP-DECIDE", "AB-REMOVE"}


def test_resume_moves_the_due_date_by_the_working_days_paused_across_a_holiday():
    # AB-REMOVE, 5 working days from Tue 28 Apr 2026: 29, 30 Apr, (1–5 May Labour Day),
    # 6, 7, 8 May -> last day Fri 8 May.
    deadline = _start("AB-REMOVE", "2026-04-28")
    assert deadline.due_date == date(2026, 5, 8)
    handler = _staff("h1", Role.HANDLER)

    deadline_pause(deadline=deadline, actor=handler, reason="等待补正材料", now=at("2026-04-30"))
    deadline.refresh_from_db()
    assert deadline.status == Deadline.Status.PAUSED
    assert deadline.paused_at == at("2026-04-30")
    assert deadline.due_date == date(2026, 5, 8)  # unchanged while paused

    # Resumed Sat 9 May (a make-up working day). Paused working days: after 30 Apr up to
    # and including 9 May = 6, 7, 8, 9 May = 4. New last day: 4 working days after
    # 8 May = 9, 11, 12, 13 May -> Wed 13 May; due soon 1 working day before = 12 May.
    deadline = deadline_resume(deadline=deadline, actor=handler, now=at("2026-05-09", 9))
    deadline.refresh_from_db()
    assert (deadline.due_date, deadline.due_soon_from) == (date(2026, 5, 13), date(2026, 5, 12))
    assert deadline.due_at == datetime(2026, 5, 14, 0, 0, tzinfo=SHANGHAI)
    assert (deadline.paused_at, deadline.paused_workdays) == (None, 4)
    assert deadline.status == Deadline.Status.ON_TRACK


def test_pause_and_resume_are_audited_with_the_actor_and_the_reason():
    deadline = _start("REP-DECIDE", "2026-03-02")  # last day Mon 23 Mar 2026
    handler = _staff("h1", Role.HANDLER)
    deadline_pause(deadline=deadline, actor=handler, reason="等待补正材料", now=at("2026-03-05"))
    # Resumed Thu 12 Mar: 6, 9, 10, 11, 12 Mar = 5 working days; 23 Mar + 5 = 30 Mar.
    deadline_resume(deadline=deadline, actor=handler, now=at("2026-03-12"))
    paused, resumed = AuditEvent.objects.filter(
        case=deadline.case, event_type__in=["deadline.paused", "deadline.resumed"]
    ).order_by("seq")
    assert (paused.actor, paused.comment) == (handler, "等待补正材料")
    assert paused.before == {"status": "on_track"}
    assert paused.after["reason"] == "等待补正材料"
    assert paused.after["deadlines"] == [deadline.pk]
    assert resumed.actor == handler
    assert resumed.before == {
        "status": "paused",
        "due_date": "2026-03-23",
        "paused_on": "2026-03-05",
    }
    assert resumed.after["due_date"] == "2026-03-30"
    assert (resumed.after["paused_workdays"], resumed.after["total_paused_workdays"]) == (5, 5)


def test_pauses_add_up_and_pausing_and_resuming_the_same_day_costs_nothing():
    deadline = _start("REP-DECIDE", "2026-03-02")  # last day 23 Mar
    deadline_pause(deadline=deadline, actor=None, reason="补正", now=at("2026-03-03"))
    deadline_resume(deadline=deadline, actor=None, now=at("2026-03-03", 16))
    deadline.refresh_from_db()
    assert (deadline.due_date, deadline.paused_workdays) == (date(2026, 3, 23), 0)
    deadline_pause(deadline=deadline, actor=None, reason="补正", now=at("2026-03-04"))
    deadline_resume(deadline=deadline, actor=None, now=at("2026-03-06"))  # 5, 6 Mar = 2
    deadline_pause(deadline=deadline, actor=None, reason="再次补正", now=at("2026-03-10"))
    deadline_resume(deadline=deadline, actor=None, now=at("2026-03-16"))  # 11–13, 16 = 4
    deadline.refresh_from_db()
    # 23 Mar + 6 working days = 24, 25, 26, 27, 30, 31 Mar.
    assert (deadline.due_date, deadline.paused_workdays) == (date(2026, 3, 31), 6)


def test_a_paused_deadline_stands_still_while_days_pass():
    deadline = _start("REP-ACCEPT", "2026-03-02")  # 2 working days: last day Wed 4 Mar
    deadline_pause(deadline=deadline, actor=None, reason="补正", now=at("2026-03-03"))
    deadlines_refresh(date(2026, 3, 20))
    deadline.refresh_from_db()
    assert deadline.status == Deadline.Status.PAUSED
    # Frozen at the day of pausing: after 3 Mar up to 4 Mar = 1 working day left.
    assert workdays_left(deadline, date(2026, 3, 20)) == 1
    # Resumed Fri 20 Mar: 4–6, 9–13, 16–20 Mar = 13 days; 4 Mar + 13 = 23 Mar.
    deadline_resume(deadline=deadline, actor=None, now=at("2026-03-20"))
    deadline.refresh_from_db()
    assert deadline.due_date == date(2026, 3, 23)
    assert deadline.status == Deadline.Status.DUE_SOON  # due soon from 20 Mar
    assert workdays_left(deadline, date(2026, 3, 20)) == 1


def test_a_deadline_completed_while_paused_is_met_and_its_pause_closed():
    deadline = _start("REP-ACCEPT", "2026-03-02")  # last day 4 Mar
    deadline_pause(deadline=deadline, actor=None, reason="补正", now=at("2026-03-04", 23))
    # Completed Sun 8 Mar, after the old last day: met, as the period was not running.
    deadline = deadline_complete(deadline=deadline, actor=None, now=at("2026-03-08"))
    assert deadline.status == Deadline.Status.MET
    # Paused 5, 6 Mar (2 working days): the last day moved to Fri 6 Mar.
    assert (deadline.paused_at, deadline.paused_workdays) == (None, 2)
    assert deadline.due_date == date(2026, 3, 6)
    assert deadline.completed_at == at("2026-03-08")


@pytest.mark.parametrize(
    ("rule", "now", "message"),
    [
        ("REP-EXEC", "2026-03-03", "does not allow pausing"),
        ("REP-ACCEPT", "2026-03-05", "overdue"),
    ],
)
def test_only_a_running_deadline_of_a_pausable_rule_may_be_paused(rule, now, message):
    deadline = _start(rule, "2026-03-02")
    with pytest.raises(DeadlineError, match=message):
        deadline_pause(deadline=deadline, actor=None, reason="补正", now=at(now))
    deadline.refresh_from_db()
    assert deadline.paused_at is None
    assert not AuditEvent.objects.filter(event_type="deadline.paused").exists()


def test_pausing_needs_a_reason_and_a_pause_cannot_be_doubled_or_a_running_deadline_resumed():
    deadline = _start("REP-DECIDE", "2026-03-02")
    with pytest.raises(DeadlineError, match="reason"):
        deadline_pause(deadline=deadline, actor=None, reason="  ", now=at("2026-03-03"))
    with pytest.raises(DeadlineError, match="not paused"):
        deadline_resume(deadline=deadline, actor=None, now=at("2026-03-03"))
    deadline_pause(deadline=deadline, actor=None, reason="补正", now=at("2026-03-03"))
    with pytest.raises(DeadlineError, match="already paused"):
        deadline_pause(deadline=deadline, actor=None, reason="补正", now=at("2026-03-04"))
    deadline_complete(deadline=deadline, actor=None, now=at("2026-03-04"))
    with pytest.raises(DeadlineError, match="closed"):
        deadline_resume(deadline=deadline, actor=None, now=at("2026-03-05"))


@pytest.mark.parametrize(
    ("username", "role", "code"),
    [("kashgar", Role.HANDLER, "653100"), ("sup", Role.SUPERVISOR, "650000")],
)
def test_staff_who_may_not_act_on_the_case_may_not_pause_it(username, role, code):
    deadline = _start("REP-DECIDE", "2026-03-02")
    with pytest.raises(DeadlineNotPermitted):
        deadline_pause(
            deadline=deadline, actor=_staff(username, role, code), reason="补正",
            now=at("2026-03-03"),
        )  # fmt: skip

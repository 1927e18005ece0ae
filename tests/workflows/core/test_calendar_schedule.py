"""A year's State Council schedule, entered once: it lifts the warning, moves the open
deadlines whose count it changes (audited, assignee told), and is refused when it
contradicts the law. The 2027 schedule below is made up for the tests; the clock is
pinned to 28 December 2026, when 2027 has no official data."""

from datetime import date

import pytest
import time_machine

from tests.calendar_oracle import moment, workday_after
from tests.factories import UserFactory, bureau
from workflows.core.models import (
    AuditEvent,
    CalendarDay,
    CalendarYear,
    Case,
    Deadline,
    Notification,
)
from workflows.core.services.calendar import ScheduleInvalid, calendar_year_enter
from workflows.core.services.cases import case_open
from workflows.core.services.deadlines import (
    deadline_complete,
    deadline_pause,
    deadline_resume,
    deadline_start,
)

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 28)
SCHEDULE_2027 = """
元旦 2027-01-01 至 2027-01-03
春节 2027-02-05 至 2027-02-12
清明节 2027-04-03 至 2027-04-05
劳动节 2027-05-01 至 2027-05-05
端午节 2027-06-09
中秋节 2027-09-15
国庆节 2027-10-01 至 2027-10-07
"""
MAKE_UP_2027 = """
2027-02-20 春节调休上班
2027-05-08 劳动节调休上班
2027-09-26 国庆节调休上班
2027-10-09 国庆节调休上班
"""


@pytest.fixture(autouse=True)
def _on_28_december_2026():
    with time_machine.travel(moment(TODAY), tick=True):
        yield


@pytest.fixture
def admin_user():
    return UserFactory(username="calendar_admin", is_superuser=True, is_staff=True)


def _schedule():
    from forms.calendar import parse_holidays, parse_workdays

    return parse_holidays(SCHEDULE_2027), parse_workdays(MAKE_UP_2027)


def _enter(admin_user, **overrides):
    holidays, workdays = _schedule()
    arguments = {
        "year": 2027, "holidays": holidays, "workdays": workdays,
        "notice": "国办发明电〔2026〕7号", "notice_date": date(2026, 11, 3), "actor": admin_user,
    } | overrides  # fmt: skip
    return calendar_year_enter(**arguments)


def _deadline(rule_code: str, started_on: date, assignee=None) -> Deadline:
    case = case_open(
        procedure="repair", bureau=bureau("650100"), source=Case.Source.APPLICATION, actor=None
    )
    return deadline_start(
        case=case, rule_code=rule_code, step="decide", started_on=started_on, actor=None,
        assignee=assignee,
    )  # fmt: skip


def test_entering_the_schedule_moves_open_deadlines_audits_and_tells_the_assignee(admin_user):
    handler = UserFactory(username="handler_2027", bureau=bureau("650100"))
    # 15 working days from Thu 28 Jan 2027 on the statutory days alone: 29 Jan, 1–4 Feb,
    # (5–8 Feb 除夕 to 初三), 9–12, 15–19, 22 Feb.
    moving = _deadline("REP-DECIDE", date(2027, 1, 28), assignee=handler)
    assert moving.due_date == date(2027, 2, 22)
    assert moving.unconfirmed_year_list == [2027]
    # 2 working days from Tue 1 Jun 2027: 2 and 3 June with or without the schedule.
    staying = _deadline("REP-ACCEPT", date(2027, 6, 1))
    assert staying.due_date == date(2027, 6, 3)
    closed = _deadline("REP-ACCEPT", date(2027, 1, 28))
    deadline_complete(deadline=closed, actor=None)
    closed.refresh_from_db()

    result = _enter(admin_user)

    moving.refresh_from_db()
    staying.refresh_from_db()
    # On the schedule: 29 Jan, 1–4 Feb, (5–12 Feb off), 15–19, Sat 20 (make-up), 22–25.
    assert moving.due_date == workday_after(date(2027, 1, 28), 15) == date(2027, 2, 25)
    assert (moving.unconfirmed_years, moving.calendar_warning) == ("", "")
    assert {row.deadline.pk for row in result.recounted} == {moving.pk, staying.pk}
    assert [(m.deadline.pk, m.old_due, m.new_due) for m in result.moved] == [
        (moving.pk, date(2027, 2, 22), date(2027, 2, 25))
    ]
    event = AuditEvent.objects.get(case=moving.case, event_type="deadline.recomputed")
    assert (event.actor, event.before["due_date"], event.after["due_date"]) == (
        admin_user, "2027-02-22", "2027-02-25",
    )  # fmt: skip
    assert (event.before["unconfirmed_years"], event.after["unconfirmed_years"]) == ([2027], [])
    notice = Notification.objects.get(recipient=handler, kind="deadline.recomputed")
    assert "2027-02-25" in notice.body and "2027-02-22" in notice.body

    # The date that does not move loses its warning, audited all the same.
    assert (staying.due_date, staying.unconfirmed_years) == (date(2027, 6, 3), "")
    assert AuditEvent.objects.filter(case=staying.case, event_type="deadline.recomputed").exists()
    # A closed deadline keeps its history.
    assert Deadline.objects.get(pk=closed.pk).due_date == closed.due_date
    assert not AuditEvent.objects.filter(case=closed.case, event_type="deadline.recomputed")

    year = CalendarYear.objects.get(year=2027)
    assert (year.source, year.notice, year.entered_by) == (
        "admin",
        "国办发明电〔2026〕7号",
        admin_user,
    )
    entered = AuditEvent.objects.get(stream="calendar:2027", event_type="calendar.schedule_entered")
    assert "2027-02-20" in entered.after["workdays"] and "2027-02-12" in entered.after["holidays"]


def test_a_preview_changes_nothing(admin_user):
    moving = _deadline("REP-DECIDE", date(2027, 1, 28))
    result = _enter(admin_user, dry_run=True)
    assert [m.new_due for m in result.moved] == [date(2027, 2, 25)]
    moving.refresh_from_db()
    assert (moving.due_date, moving.unconfirmed_years) == (date(2027, 2, 22), "2027")
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert not CalendarDay.objects.filter(date__year=2027).exists()
    assert not AuditEvent.objects.filter(event_type="deadline.recomputed").exists()


def test_a_paused_deadline_is_recounted_with_its_paused_days_and_stays_paused(admin_user):
    deadline = _deadline("REP-DECIDE", TODAY)
    with time_machine.travel(moment(date(2027, 1, 4)), tick=True):
        deadline_pause(deadline=deadline, actor=None, reason="等待补正材料")
    with time_machine.travel(moment(date(2027, 1, 7)), tick=True):
        deadline_resume(deadline=deadline, actor=None)  # 5, 6, 7 Jan: 3 days paused
    deadline.refresh_from_db()
    assert deadline.paused_workdays == 3
    with time_machine.travel(moment(date(2027, 1, 8)), tick=True):
        deadline_pause(deadline=deadline, actor=None, reason="再次等待补正材料")
        _enter(admin_user)
    deadline.refresh_from_db()
    # 15 from 28 Dec on the schedule (29–31 Dec, 4–8, 11–15, 18–19 Jan), plus the 3 paused.
    assert deadline.due_date == workday_after(workday_after(TODAY, 15), 3)
    assert deadline.status == Deadline.Status.PAUSED


def test_a_schedule_that_contradicts_the_law_is_refused_with_every_reason(admin_user):
    holidays, workdays = _schedule()
    del holidays[date(2027, 4, 5)]  # 清明
    workdays[date(2027, 2, 17)] = "周三调休？"
    workdays[date(2027, 2, 12)] = "既放假又上班"
    with pytest.raises(ScheduleInvalid) as refused:
        _enter(admin_user, holidays=holidays, workdays=workdays, notice=" ")
    assert refused.value.reasons == [
        "请填写国务院办公厅通知的文号。",
        "2027-02-12 同时被录入为放假日和调休上班日。",
        "2027-02-12 是工作日：调休上班日应为周六或周日。",
        "2027-02-17 是工作日：调休上班日应为周六或周日。",
        "2027-04-05（清明节）是法定节假日，但未录入放假安排。",
    ]
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_the_same_path_corrects_an_entered_year(admin_user):
    _enter(admin_user)
    deadline = _deadline("REP-ACCEPT", date(2027, 6, 8))  # 10 and 11 June: 9 June is 端午
    assert deadline.due_date == date(2027, 6, 11)
    holidays, workdays = _schedule()
    holidays[date(2027, 6, 10)] = holidays[date(2027, 6, 11)] = "端午节"
    _enter(admin_user, holidays=holidays, notice="国办发明电〔2026〕8号")
    deadline.refresh_from_db()
    assert deadline.due_date == date(2027, 6, 15)  # 14 and 15 June
    assert CalendarYear.objects.get(year=2027).notice == "国办发明电〔2026〕8号"

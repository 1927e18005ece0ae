"""Statutory deadlines: versioned rules, working days, 24:00 Shanghai, status over time."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.factories import bureau
from workflows.core.deadline_rules import RULES
from workflows.core.deadlines import UnknownRule, add_months, due_date, rule_in_force
from workflows.core.models import AuditEvent, Case, Deadline, DeadlineRule
from workflows.core.services.cases import case_open
from workflows.core.services.deadlines import deadline_complete, deadline_start, deadlines_refresh

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _case() -> Case:
    return case_open(
        procedure="repair", bureau=bureau("650100"), source=Case.Source.APPLICATION, actor=None
    )


def test_every_rule_of_the_master_table_is_loaded():
    codes = set(DeadlineRule.objects.values_list("code", flat=True))
    assert {"REP-ACCEPT", "REP-DECIDE", "REP-EXEC", "AB-REMOVE", "SL-PUB", "HEAR-REQ"} <= codes
    assert {rule[0] for rule in RULES} <= codes
    assert len(RULES) == 39
    rule = rule_in_force("REP-ACCEPT", date(2026, 1, 5))
    assert (rule.count, rule.unit, rule.version) == (2, "WD", 1)


def test_the_version_in_force_on_the_trigger_day_applies():
    old = rule_in_force("REP-DECIDE", date(2026, 1, 5))
    old.effective_to = date(2026, 4, 1)
    old.save()
    DeadlineRule.objects.create(
        code="REP-DECIDE", version=2, title="信用修复决定（新规）", count=10, unit="WD",
        effective_from=date(2026, 4, 1), legal_basis="假设的新规定",
    )  # fmt: skip
    assert rule_in_force("REP-DECIDE", date(2026, 3, 31)).count == 15
    assert rule_in_force("REP-DECIDE", date(2026, 4, 1)).count == 10
    with pytest.raises(UnknownRule):
        rule_in_force("REP-DECIDE", date(2020, 1, 1))


def test_working_day_deadline_skips_national_day_and_ends_at_midnight_shanghai():
    due = due_date(rule_in_force("REP-DECIDE", date(2025, 9, 30)), date(2025, 9, 30))
    # 15 working days after 30 Sep 2025: 9, 10, 11 (Sat, make-up), 13–17, 20–24, 27, 28 Oct.
    assert due.last_day == date(2025, 10, 28)
    assert due.due_at == datetime(2025, 10, 29, 0, 0, tzinfo=SHANGHAI)
    assert due.due_soon_from == date(2025, 10, 23)  # 3 working days before
    assert due.warnings == []


def test_a_procedural_calendar_period_ending_on_a_rest_day_moves_to_the_next_working_day():
    rule = rule_in_force("AB-ORDER", date(2024, 9, 21))
    # 21 Sep 2024 + 10 days = 1 Oct, National Day: moves to Tuesday 8 Oct.
    assert rule.period_kind == "procedural"
    assert due_date(rule, date(2024, 9, 21)).last_day == date(2024, 10, 8)
    rule.roll_to_workday = False
    assert due_date(rule, date(2024, 9, 21)).last_day == date(2024, 10, 1)


def test_a_sanction_period_ends_on_its_anniversary_even_on_a_rest_day():
    rule = rule_in_force("PEN-REPAIR-MIN", date(2025, 8, 1))
    # 1 Aug 2025 + 6 months = 1 Feb 2026, a Sunday: the period ends that day.
    assert (rule.period_kind, rule.roll_to_workday) == ("sanction", False)
    assert due_date(rule, date(2025, 8, 1)).last_day == date(2026, 2, 1)


def test_month_arithmetic_clamps_to_the_end_of_the_month():
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2025, 11, 30), 3) == date(2026, 2, 28)


def test_a_deadline_into_a_year_without_official_data_carries_the_warning():
    case = _case()
    deadline = deadline_start(
        case=case, rule_code="REP-DECIDE", step="decide", started_on=date(2026, 12, 24), actor=None
    )
    assert deadline.unconfirmed_year_list == [2027]
    assert "2027" in deadline.calendar_warning
    event = AuditEvent.objects.get(case=case, event_type="deadline.started")
    assert event.after["unconfirmed_years"] == [2027]


def test_deadline_rows_are_denormalised_and_audited():
    case = _case()
    deadline = deadline_start(
        case=case, rule_code="REP-ACCEPT", step="accept", started_on=date(2026, 2, 13), actor=None
    )
    assert (deadline.bureau.code, deadline.procedure, deadline.step) == (
        "650100",
        "repair",
        "accept",
    )
    # 2 working days after Fri 13 Feb 2026: Sat 14 Feb (make-up), then Tue 24 Feb.
    assert deadline.due_date == date(2026, 2, 24)
    event = AuditEvent.objects.get(case=case, event_type="deadline.started")
    assert event.after["due_date"] == "2026-02-24"
    assert event.after["rule"] == "REP-ACCEPT v1"


def test_status_moves_from_on_track_to_due_soon_to_overdue_as_days_pass():
    case = _case()
    deadline = deadline_start(
        case=case, rule_code="REP-DECIDE", step="decide", started_on=date(2026, 3, 2), actor=None
    )
    assert deadline.due_date == date(2026, 3, 23)
    assert deadline.due_soon_from == date(2026, 3, 18)

    def status_on(day: date) -> str:
        deadlines_refresh(day)
        deadline.refresh_from_db()
        return deadline.status

    assert status_on(date(2026, 3, 17)) == Deadline.Status.ON_TRACK
    assert status_on(date(2026, 3, 18)) == Deadline.Status.DUE_SOON
    assert status_on(date(2026, 3, 23)) == Deadline.Status.DUE_SOON
    assert status_on(date(2026, 3, 24)) == Deadline.Status.OVERDUE


def test_completion_before_midnight_of_the_last_day_is_met_after_it_breached():
    case = _case()
    today = date.today()
    on_time = deadline_start(
        case=case, rule_code="REP-ACCEPT", step="accept", started_on=today, actor=None
    )
    assert deadline_complete(deadline=on_time, actor=None).status == Deadline.Status.MET

    late = deadline_start(
        case=case, rule_code="REP-ACCEPT", step="accept2", started_on=today - timedelta(days=30),
        actor=None,
    )  # fmt: skip
    assert late.status == Deadline.Status.OVERDUE
    assert deadline_complete(deadline=late, actor=None).status == Deadline.Status.BREACHED
    types = list(AuditEvent.objects.filter(case=case).values_list("event_type", flat=True))
    assert types.count("deadline.met") == 1 and types.count("deadline.breached") == 1

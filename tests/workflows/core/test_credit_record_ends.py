"""Credit records end when their period does: the daily job, its messages, its audit,
and what the subject's profile and the pledge restriction show afterwards."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from tests.factories import SubjectFactory, bureau
from tests.receiver import deliver_all
from workflows.core.models import AuditEvent, CreditRecord, OutboundMessage
from workflows.core.services import credit_record_ends
from workflows.core.services.credit_record_ends import credit_records_end
from workflows.core.services.credit_records import credit_record_create
from workflows.core.tasks import end_credit_records

pytestmark = pytest.mark.django_db
SHANGHAI = timezone.get_fixed_timezone(8 * 60)
Kind = CreditRecord.Kind


def _record(kind: str, listed_on: date, penalty_class: str = "") -> CreditRecord:
    return credit_record_create(
        subject=SubjectFactory(), kind=kind, reason="发布虚假广告", listed_on=listed_on,
        deciding_bureau=bureau("650100"), actor=None, decision_no="乌市监处罚〔2025〕9号",
        penalty_class=penalty_class,
    )  # fmt: skip


def _on(day: date):
    return time_machine.travel(datetime(day.year, day.month, day.day, 1, tzinfo=SHANGHAI),
                               tick=False)  # fmt: skip


@pytest.mark.parametrize(
    ("kind", "penalty_class", "last_day"),
    [
        (Kind.PENALTY, "minor", date(2025, 6, 10)),  # 3 months (PEN-TERM-MINOR)
        (Kind.PENALTY, "general", date(2028, 3, 10)),  # 3 years (PEN-TERM)
        (Kind.FALSE_PLEDGE, "", date(2026, 7, 10)),  # 1 year at most (CLASS-GENERAL-MAX)
    ],
)
def test_a_record_ends_the_day_after_its_last_day_of_publicity(kind, penalty_class, last_day):
    listed_on = date(2025, 7, 10) if kind == Kind.FALSE_PLEDGE else date(2025, 3, 10)
    record = _record(kind, listed_on, penalty_class)
    assert record.expires_on == last_day

    with _on(last_day):
        assert credit_records_end() == 0  # its last day still counts
    with _on(last_day + timedelta(days=1)):
        assert credit_records_end() == 1
        assert credit_records_end() == 0  # idempotent

    record.refresh_from_db()
    assert (record.state, record.closed_on) == ("expired", last_day + timedelta(days=1))
    event = AuditEvent.objects.get(event_type="credit_record.expire")
    assert (event.before["state"], event.after["state"]) == ("listed", "expired")


def test_an_ended_record_is_withdrawn_from_every_system_that_published_it(receiver, settings):
    record = _record(Kind.PENALTY, date(2025, 3, 10), "minor")
    with _on(date(2025, 6, 11)):
        credit_records_end()
    sent = deliver_all(receiver)

    departments = settings.LISTING_JOINT_PUNISHMENT_DEPARTMENTS
    assert [target for target, _ in sent] == [
        "publicity", *["sharing"] * len(departments), "credit_china",
    ]  # fmt: skip
    body = sent[0][1]
    assert (body["type"], body["uscc"], body["state"]) == (
        "credit_record.ended", record.subject.uscc, "expired",
    )  # fmt: skip
    assert (body["ends_on"], body["closed_on"]) == ("2025-06-10", "2025-06-11")


def test_serious_list_and_abnormal_records_are_not_ended_by_this_job():
    serious = _record(Kind.SERIOUS_LIST, date(2022, 3, 10))
    abnormal = _record(Kind.ABNORMAL_LIST, date(2022, 3, 10))
    with _on(date(2026, 3, 10)):
        assert credit_records_end() == 0
    assert {r.state for r in CreditRecord.objects.filter(pk__in=[serious.pk, abnormal.pk])} == {
        "listed"
    }


def test_one_record_that_cannot_end_does_not_hold_back_the_others(monkeypatch):
    first = _record(Kind.PENALTY, date(2025, 3, 10), "minor")
    second = _record(Kind.PENALTY, date(2025, 3, 11), "minor")
    real = credit_record_ends.credit_record_end

    def failing_on_first(*, record):
        if record.pk == first.pk:
            raise RuntimeError("publicity system lookup failed")
        return real(record=record)

    monkeypatch.setattr(credit_record_ends, "credit_record_end", failing_on_first)
    with _on(date(2025, 7, 1)):
        assert credit_records_end() == 1
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.state, second.state) == ("listed", "expired")
    assert not OutboundMessage.objects.filter(payload__uscc=first.subject.uscc).exists()


def test_the_daily_task_ends_the_records_due():
    _record(Kind.PENALTY, date(2025, 3, 10), "minor")
    with _on(date(2025, 7, 1)):
        assert end_credit_records() == 1
    assert end_credit_records.name == "workflows.core.tasks.end_credit_records"


def test_the_profile_shows_the_ended_record_with_its_dates(client, staff):
    record = _record(Kind.PENALTY, date(2025, 3, 10), "minor")
    with _on(date(2025, 6, 11)):
        credit_records_end()
    client.force_login(staff["handler"])
    page = client.get(f"/app/records/subject/{record.subject.pk}/detail/")
    row = page.content.decode().split(f'data-record="{record.pk}"', 1)[1].split("</tr>", 1)[0]
    assert "已期满" in row
    assert "2025-06-10" in row  # the last day of publicity
    assert "2025-06-11" in row  # the day it ended


def test_a_false_pledge_that_ended_no_longer_bars_pledge_based_licensing():
    from workflows.pledge.models import PledgeType
    from workflows.pledge.selectors import restriction_reasons

    record = _record(Kind.FALSE_PLEDGE, date(2025, 7, 10))
    assert restriction_reasons(record.subject, PledgeType.LICENSING)
    with _on(date(2026, 7, 11)):
        credit_records_end()
    assert restriction_reasons(record.subject, PledgeType.LICENSING) == []


def test_a_sanction_period_ends_on_its_anniversary_where_a_procedural_one_rolls():
    """A serious listing of 2023-10-03: National Day 2024 and 2026 do not add days to
    the restriction (it was 2024-10-08 and 2026-10-08 when every period rolled)."""
    from workflows.core.deadlines import due_date, rule_in_force
    from workflows.core.models import DeadlineRule

    record = _record(Kind.SERIOUS_LIST, date(2023, 10, 3))
    assert (record.repairable_from, record.expires_on) == (date(2024, 10, 3), date(2026, 10, 3))
    # A procedural period in calendar days still moves off the holiday.
    order = rule_in_force("AB-ORDER", date(2024, 9, 21))  # 10 days: 1 October
    assert due_date(order, date(2024, 9, 21)).last_day == date(2024, 10, 8)
    sanctions = DeadlineRule.objects.filter(period_kind="sanction")
    assert set(sanctions.values_list("roll_to_workday", flat=True)) == {False}
    assert {"SL-TERM", "PEN-TERM", "CLASS-GENERAL-MAX"} <= set(
        sanctions.values_list("code", flat=True)
    )

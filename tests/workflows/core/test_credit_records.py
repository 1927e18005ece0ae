"""Credit records: dates from the rules, a protected lifecycle, every transition audited."""

from datetime import date

import pytest
from django.db import transaction

from tests.factories import SubjectFactory, bureau
from workflows.core.models import AuditEvent, CreditRecord
from workflows.core.services.credit_records import (
    credit_record_create,
    credit_record_transition,
    record_dates,
)
from workflows.core.services.kit import TransitionRefused

pytestmark = pytest.mark.django_db
Kind, PenaltyClass = CreditRecord.Kind, CreditRecord.PenaltyClass


@pytest.mark.parametrize(
    ("kind", "listed_on", "penalty_class", "expected"),
    [
        (Kind.ABNORMAL_LIST, "2025-03-10", "", ("2025-03-10", None)),
        # Serious list: early removal after 1 year, automatic removal after 3 years.
        (Kind.SERIOUS_LIST, "2024-05-20", "", ("2025-05-20", "2027-05-20")),
        # Penalty: 6 months minimum, to the day: Sun 1 Feb 2026 (a sanction period does
        # not roll to the next working day).
        (Kind.PENALTY, "2025-08-01", PenaltyClass.GENERAL, ("2026-02-01", "2028-08-01")),
        # Food, drugs, special equipment: 12 months minimum.
        (Kind.PENALTY, "2025-03-03", PenaltyClass.SENSITIVE, ("2026-03-03", "2028-03-03")),
        # Minor penalty: stops after 3 months by itself, nothing to repair.
        (Kind.PENALTY, "2025-03-03", PenaltyClass.MINOR, (None, "2025-06-03")),
    ],
)
def test_repair_and_expiry_dates_follow_the_rules(kind, listed_on, penalty_class, expected):
    repair_from, expires = record_dates(kind, date.fromisoformat(listed_on), penalty_class)
    as_dates = tuple(date.fromisoformat(d) if d else None for d in expected)
    assert (repair_from, expires) == as_dates


def test_non_repairable_penalty_has_no_repair_date():
    repair_from, _ = record_dates(Kind.PENALTY, date(2025, 3, 3), PenaltyClass.GENERAL, False)
    assert repair_from is None


def _record():
    return credit_record_create(
        subject=SubjectFactory(), kind=Kind.SERIOUS_LIST, reason="提交虚假材料取得登记",
        listed_on=date(2024, 5, 20), deciding_bureau=bureau("650100"), actor=None,
    )  # fmt: skip


def test_state_cannot_be_written_directly():
    record = _record()
    with pytest.raises(AttributeError):
        record.state = CreditRecord.State.REPAIRED


def test_repair_lifecycle_is_audited_with_before_and_after():
    record = _record()
    credit_record_transition(record=record, name="request_repair", actor=None)
    record = credit_record_transition(record=record, name="repair", actor=None)
    assert record.state == CreditRecord.State.REPAIRED
    assert record.closed_on is not None
    events = AuditEvent.objects.filter(stream=f"creditrecord:{record.pk}").order_by("seq")
    assert [e.event_type for e in events] == [
        "credit_record.created", "credit_record.request_repair", "credit_record.repair",
    ]  # fmt: skip
    assert (events[2].before["state"], events[2].after["state"]) == ("repair_requested", "repaired")


def test_a_transition_from_the_wrong_state_is_refused_and_nothing_changes():
    record = _record()
    with pytest.raises(TransitionRefused) as refused, transaction.atomic():
        credit_record_transition(record=record, name="repair", actor=None)
    assert "列入" in refused.value.messages[0]  # the state it is in, in words
    record.refresh_from_db()
    assert record.state == CreditRecord.State.LISTED
    assert AuditEvent.objects.filter(stream=f"creditrecord:{record.pk}").count() == 1


def test_revoking_a_fraudulent_repair_relists_and_restarts_the_clock():
    record = _record()
    credit_record_transition(record=record, name="request_repair", actor=None)
    credit_record_transition(record=record, name="repair", actor=None)
    record = credit_record_transition(record=record, name="revoke_repair", actor=None)
    assert record.state == CreditRecord.State.LISTED
    assert record.listed_on > date(2024, 5, 20)
    assert record.repairable_from > record.listed_on

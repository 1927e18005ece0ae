"""The end of a listing: the daily automatic removal job and revocation (Art. 19)."""

from datetime import timedelta

import pytest

from tests import calendar_oracle
from tests.calendar_oracle import workday_after
from tests.workflows.listing.conftest import run_step, today
from tests.workflows.listing.test_flow import _case, _to_legal
from workflows.core.models import AuditEvent, CaseDocument, CreditRecord, Deadline, OutboundMessage
from workflows.core.services.outbound import outbound_deliver
from workflows.listing.models import ListingRuleVersion
from workflows.listing.services import listing_revoke, listings_expire
from workflows.listing.tasks import remove_expired_listings

pytestmark = pytest.mark.django_db


@pytest.fixture
def listed(court_client, subject, staff) -> CreditRecord:
    """A serious-list record published through the whole procedure (no upper level)."""
    ListingRuleVersion.objects.create(
        title="取消上一级审核", effective_from=today() - timedelta(days=1),
        upper_level_approval=False,
    )  # fmt: skip
    case = _case(court_client, subject)
    _to_legal(case, staff, today())
    run_step(case, "legal", staff["legal"], {"opinion": "pass", "reasons": "合法"})
    run_step(case, "business", staff["section_head"], {"result": "agree"})
    run_step(case, "decide", staff["leader"], {"decision": "list", "reasons": "情节严重"})
    run_step(case, "serve_decision", staff["handler"],
             {"served_on": today().isoformat(), "method": "direct"})  # fmt: skip
    outbound_deliver(OutboundMessage.objects.get(case=case, target="publicity").pk)
    run_step(case, "publish", staff["handler"], {"published_on": today().isoformat()})
    return CreditRecord.objects.get(case=case)


def test_the_daily_job_removes_a_listing_the_day_after_its_period(listed):
    remove_expired_listings()  # today (the demo's records may be due, not this one)
    listings_expire(today=listed.expires_on)  # its last day still counts
    listed.refresh_from_db()
    assert listed.state == CreditRecord.State.LISTED

    assert listings_expire(today=listed.expires_on + timedelta(days=1)) >= 1

    listed.refresh_from_db()
    assert (listed.state, listed.closed_on) == (CreditRecord.State.EXPIRED, today())
    removal = CaseDocument.objects.get(case=listed.case, kind="listing.removal")
    assert removal.title == "移出严重违法失信名单决定书"
    messages = OutboundMessage.objects.filter(case=listed.case, message_type="serious_list.removed")
    assert set(messages.values_list("target", flat=True)) == {
        "publicity", "sharing", "credit_china",
    }  # fmt: skip
    assert messages.count() == 6  # the publicity system, four departments, Credit China
    assert AuditEvent.objects.filter(case=listed.case, event_type="credit_record.expire").exists()
    assert listings_expire(today=listed.expires_on + timedelta(days=2)) == 0  # idempotent
    assert remove_expired_listings.name == "workflows.listing.tasks.remove_expired_listings"


def test_revocation_of_the_penalty_stops_publicity_within_three_working_days(
    pinned_day, listed, staff
):
    revoked_on = today() - timedelta(days=1)
    while not calendar_oracle.is_workday(revoked_on):
        revoked_on -= timedelta(days=1)

    listing_revoke(record=listed, penalty_revoked_on=revoked_on, reasons="处罚决定被复议撤销",
                   actor=staff["region_handler"])  # fmt: skip

    listed.refresh_from_db()
    assert listed.state == CreditRecord.State.REVOKED
    deadline = Deadline.objects.get(
        case=listed.case, rule__code="SL-REVOKE", outbound_message__isnull=True
    )
    assert deadline.due_date == workday_after(revoked_on, 3)
    assert deadline.status == Deadline.Status.MET
    assert CaseDocument.objects.filter(case=listed.case, kind="listing.revocation").exists()
    assert OutboundMessage.objects.filter(
        case=listed.case, target="publicity", message_type="serious_list.revoked"
    ).exists()
    assert listed.serious_listing.outcome == "revoked"
    listings_expire(today=listed.expires_on + timedelta(days=1))
    listed.refresh_from_db()
    assert listed.state == CreditRecord.State.REVOKED  # a revoked listing never expires


def test_a_late_revocation_is_recorded_as_a_breach(listed, staff):
    listing_revoke(record=listed, penalty_revoked_on=today() - timedelta(days=20),
                   reasons="处罚决定被判决撤销", actor=staff["region_handler"])  # fmt: skip
    deadline = Deadline.objects.get(
        case=listed.case, rule__code="SL-REVOKE", outbound_message__isnull=True
    )
    assert deadline.status == Deadline.Status.BREACHED
    event = AuditEvent.objects.get(case=listed.case, event_type="listing.revoked")
    assert event.after["in_time"] is False


def test_the_revocation_command(listed, staff):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError):
        call_command("listing_revoke", "无此文号", "--revoked-on", "2026-01-05", "--reason", "x")
    call_command("listing_revoke", listed.decision_no, "--revoked-on", today().isoformat(),
                 "--reason", "行政处罚决定被撤销", "--user", "region_handler")  # fmt: skip
    listed.refresh_from_db()
    assert listed.state == CreditRecord.State.REVOKED

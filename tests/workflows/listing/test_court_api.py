"""The court-referral API: intake, idempotency, conflicts, validation and who may call it."""

import hashlib

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.calendar_oracle import workday_after
from tests.factories import SubjectFactory
from tests.workflows.listing.conftest import PDF, open_task, payload, today
from workflows.core.models import AuditEvent, Case, Deadline
from workflows.listing.models import CourtReferral, Lead

URL = "/api/v1/court-referrals/"
pytestmark = pytest.mark.django_db


def test_a_referral_of_a_known_subject_opens_a_listing_case(
    pinned_day, court_client, subject, staff
):
    response = court_client.post(URL, payload(subject), format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    referral = CourtReferral.objects.get()
    assert body["id"] == referral.pk
    assert (body["status"], body["match_problem"]) == ("case_opened", "")
    case = Case.objects.get(case_no=body["case_no"])
    assert (case.procedure, case.source, case.subject, case.bureau.code) == (
        "listing", "court_referral", subject, "650100",
    )  # fmt: skip
    assert referral.received_by == staff["court"]
    assert referral.document_sha256 == hashlib.sha256(PDF).hexdigest()
    assert referral.document.read() == PDF
    register = Deadline.objects.get(case=case, task=open_task(case, "register"))
    assert (register.rule.code, register.due_date) == (
        "SL-REGISTER", workday_after(today(), 5),
    )  # fmt: skip
    assert case.documents.get().title == "法院线索推送接收单"
    assert AuditEvent.objects.filter(event_type="listing.referral_received").count() == 1


def test_the_same_payload_again_returns_the_existing_referral(court_client, subject):
    first = court_client.post(URL, payload(subject), format="json")
    # The same judgment, typed with full-width characters and a lower-case code.
    again = court_client.post(
        URL, payload(subject, uscc=subject.uscc.lower(), court_code="６５０１００-ＺＹ"),
        format="json",
    )  # fmt: skip

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()
    assert (CourtReferral.objects.count(), Lead.objects.count(), Case.objects.count()) == (1, 1, 1)


def test_another_payload_for_the_same_court_case_number_is_a_conflict(court_client, subject):
    first = court_client.post(URL, payload(subject), format="json").json()

    response = court_client.post(URL, payload(subject, cause="另一案由"), format="json")

    assert response.status_code == 409
    assert response.json()["referral"]["id"] == first["id"]
    assert CourtReferral.objects.get().cause == payload(subject)["cause"]
    assert Case.objects.count() == 1
    other_case = court_client.post(
        URL, payload(subject, court_case_number="（2026）新01民初124号"), format="json"
    )
    assert other_case.status_code == 201


def test_invalid_fields_are_400_with_a_message_per_field(court_client, subject):
    bad_check = subject.uscc[:17] + ("1" if subject.uscc[17] != "1" else "2")
    response = court_client.post(
        URL,
        payload(subject, uscc=bad_check, judgment_date="2026/03/02", document="not base64!",
                court_name="  ") | {"cause": None},
        format="json",
    )  # fmt: skip

    assert response.status_code == 400
    assert set(response.json()) == {"uscc", "judgment_date", "document", "court_name", "cause"}
    assert "校验码" in response.json()["uscc"][0] or "check" in response.json()["uscc"][0]
    not_pdf = court_client.post(URL, payload(subject, document="aGVsbG8="), format="json")
    assert set(not_pdf.json()) == {"document"}
    assert not CourtReferral.objects.exists()


def test_unknown_uscc_or_a_different_name_waits_for_manual_matching(court_client, subject):
    unknown = SubjectFactory.build().uscc  # valid, not in the register
    first = court_client.post(URL, payload(subject, uscc=unknown), format="json")
    second = court_client.post(
        URL, payload(subject, court_case_number="（2026）新01民初9号", subject_name="别的公司"),
        format="json",
    )  # fmt: skip

    assert (first.status_code, second.status_code) == (201, 201)
    assert [r.json()["status"] for r in (first, second)] == ["needs_match", "needs_match"]
    assert first.json()["case_no"] is None
    assert "别的公司" in second.json()["match_problem"]
    assert not Case.objects.exists()
    assert set(Lead.objects.values_list("bureau__code", flat=True)) == {"650000"}


def test_manual_matching_opens_the_case(court_client, subject, staff):
    from workflows.listing.services import lead_match

    court_client.post(URL, payload(subject, subject_name="天山雪莲"), format="json")
    listing = lead_match(lead=Lead.objects.get(), subject=subject, actor=staff["region_handler"])
    assert (listing.case.subject, listing.case.bureau.code) == (subject, "650100")
    assert open_task(listing.case, "register")


def test_only_a_registered_court_may_push_and_only_for_its_own_code(court_client, subject, staff):
    staff_client = APIClient()
    token, _ = Token.objects.get_or_create(user=staff["handler"])
    staff_client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert staff_client.post(URL, payload(subject), format="json").status_code == 403
    assert APIClient().post(URL, payload(subject), format="json").status_code == 401

    wrong_court = court_client.post(URL, payload(subject, court_code="653100-ZY"), format="json")
    assert wrong_court.status_code == 400
    assert set(wrong_court.json()) == {"court_code"}
    assert not CourtReferral.objects.exists()


def test_an_unregistered_court_client_is_refused(staff, subject):
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=staff["court"])
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert client.post(URL, payload(subject), format="json").status_code == 403


def test_the_contract_is_in_the_openapi_schema(client):
    schema = client.get("/api/schema/?format=json").json()
    operation = schema["paths"][URL]["post"]
    assert set(operation["responses"]) == {"200", "201", "400", "401", "403", "409"}
    body = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    fields = schema["components"]["schemas"][body.rsplit("/", 1)[1]]["properties"]
    assert set(fields) == {
        "court_code", "court_name", "court_case_number", "judgment_number", "judgment_date",
        "uscc", "subject_name", "cause", "document",
    }  # fmt: skip


def test_the_demo_registers_the_court_and_receives_its_referrals(staff):
    from workflows.listing import demo

    assert demo.seed() == {"court_referrals": 3}
    assert demo.seed() == {"court_referrals": 3}  # idempotent
    assert staff["court"].court.code == "650100-ZY"
    assert sorted(Lead.objects.values_list("source", "status")) == [
        ("court_referral", "case_opened"), ("court_referral", "case_opened"),
        ("court_referral", "needs_match"), *[("penalty_case", "case_opened")] * 3,
    ]  # fmt: skip
    open_steps = Case.objects.filter(procedure="listing", status="open").values_list(
        "source", "current_step"
    )
    assert sorted(open_steps) == [
        ("court_referral", "register"), ("court_referral", "statement"),
        ("penalty_case", "upper"),
    ]  # fmt: skip
    closed = Case.objects.filter(procedure="listing", status="closed")
    assert sorted(closed.values_list("sub_type", "decision")) == [
        ("abnormal_list", "listed"), ("abnormal_list", "listed"),
        ("abnormal_objection", "upheld"), ("serious_list", "listed"), ("serious_list", "listed"),
    ]  # fmt: skip

"""POST /api/v1/repair/applications/: the online service channel applies, by token, with
its files; every refusal answers clearly and leaves nothing behind."""

from datetime import date, timedelta

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.calendar_oracle import workday_after
from tests.factories import SubjectFactory, bureau, next_uscc
from tests.workflows.repair.materials import (
    FAKE_PDF,
    jpeg_bytes,
    pdf_bytes,
    png_bytes,
    sha256,
    stored_files,
    upload,
)
from tests.workflows.repair.people import user_with
from workflows.core.models import AuditEvent, Case, CreditRecord
from workflows.core.selectors import queue_of
from workflows.repair.models import RepairApplication, RepairAttachment

pytestmark = pytest.mark.django_db

URL = "/api/v1/repair/applications/"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def client_of(user=None) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def online():
    """The online platform's client; its user sits in a prefecture, which does not matter."""
    return client_of(user_with("online_channel", "650100", username="zwfw"))


def _body(record, **overrides) -> dict:
    body = {
        "uscc": record.subject.uscc,
        "record_id": record.pk,
        "applicant_name": "艾力江·吐尔逊",
        "applicant_phone": "0998-2812345",
        "grounds": "已补报年度报告并公示，申请移出经营异常名录。",
        "pledge_made": "true",
    }
    return {**body, **overrides}


def _nothing_created(cases_before: int, media) -> None:
    assert Case.objects.count() == cases_before
    assert not RepairAttachment.objects.exists()
    assert stored_files(media) == []


def test_an_application_of_any_bureau_opens_the_case_and_queues_acceptance(
    pinned_day, online, staff, make_record, media
):
    record = make_record(CreditRecord.Kind.ABNORMAL_LIST, years_ago=0.3, bureau_code="653100")
    kashgar_clerk = user_with("clerk", "653100")
    files = {
        "attachments_application": [upload("信用修复申请书.pdf", pdf_bytes())],
        "attachments_pledge": [upload("守信承诺书.jpg", jpeg_bytes())],
        "attachments_evidence": [
            upload("年报截图.png", png_bytes()),
            upload("说明.pdf", pdf_bytes(5)),
        ],
    }
    response = online.post(URL, {**_body(record), **files}, format="multipart")

    assert response.status_code == 201, response.json()
    application = RepairApplication.objects.get(credit_record=record)
    case, today = application.case, date.today()
    due = workday_after(today, 2)
    assert response.json() == {
        "case_id": case.pk,
        "case_no": case.case_no,
        "received_on": today.isoformat(),
        "accept_due_date": due.isoformat(),
        "accept_due_at": f"{due + timedelta(days=1)}T00:00:00+08:00",  # 24:00 of the last day
    }
    assert case.case_no.startswith("喀") and case.bureau == bureau("653100")
    assert (application.channel, application.applicant_phone) == ("online", "0998-2812345")
    assert [
        (a.kind, a.original_name, a.sha256) for a in application.attachments.order_by("pk")
    ] == [
        ("application", "信用修复申请书.pdf", sha256(pdf_bytes())),
        ("pledge", "守信承诺书.jpg", sha256(jpeg_bytes())),
        ("evidence", "年报截图.png", sha256(png_bytes())),
        ("evidence", "说明.pdf", sha256(pdf_bytes(5))),
    ]
    assert sorted(sha256(path.read_bytes()) for path in stored_files(media)) == sorted(
        a.sha256 for a in application.attachments.all()
    )
    assert [row.step for row in queue_of(kashgar_clerk).filter(case=case)] == ["accept"]
    assert not queue_of(staff["clerk"]).filter(case=case).exists()  # Ürümqi's clerk
    applied = AuditEvent.objects.get(case=case, event_type="repair.applied")
    assert applied.after["channel"] == "online" and applied.actor.username == "zwfw"


def test_a_bad_uscc_is_a_400_naming_the_rule(online, make_record, media):
    record = make_record(CreditRecord.Kind.ABNORMAL_LIST, years_ago=0.3)
    cases = Case.objects.count()
    wrong = record.subject.uscc[:17] + ("0" if record.subject.uscc[17] != "0" else "1")
    response = online.post(URL, _body(record, uscc=wrong), format="multipart")
    assert response.status_code == 400
    assert response.json() == {
        "uscc": [
            f"The check character (position 18) is “{wrong[17]}” but should be "
            f"“{record.subject.uscc[17]}”."
        ]
    }
    _nothing_created(cases, media)


def test_missing_fields_are_a_400_per_field(online, media):
    response = online.post(URL, {"uscc": next_uscc()}, format="multipart")
    assert response.status_code == 400
    assert set(response.json()) == {"record_id", "applicant_name", "grounds"}


def test_an_unknown_record_is_a_400_on_record_id(online, make_record, media):
    record = make_record(CreditRecord.Kind.ABNORMAL_LIST, years_ago=0.3)
    response = online.post(URL, _body(record, record_id=record.pk + 1000), format="multipart")
    assert response.status_code == 400
    assert response.json() == {"record_id": ["There is no credit record with this id."]}


def test_a_record_of_another_subject_is_a_404(online, make_record, media):
    record = make_record(CreditRecord.Kind.ABNORMAL_LIST, years_ago=0.3)
    other = SubjectFactory()
    cases = Case.objects.count()
    response = online.post(URL, _body(record, uscc=other.uscc), format="multipart")
    assert response.status_code == 404
    assert response.json() == {
        "detail": "This credit record does not belong to the subject of this code."
    }
    _nothing_created(cases, media)


def test_an_ineligible_record_is_a_422_with_every_reason_and_nothing_is_made(
    online, make_record, media
):
    record = make_record(CreditRecord.Kind.SERIOUS_LIST, years_ago=0.5)  # listed 6 months ago
    cases = Case.objects.count()
    response = online.post(
        URL,
        {
            **_body(record, pledge_made="false"),
            "attachments_pledge": [upload("a.pdf", pdf_bytes())],
        },
        format="multipart",
    )
    assert response.status_code == 422
    assert response.json() == {
        "reasons": [
            "The minimum publicity period has not been served: repair is possible from "
            f"{record.repairable_from.isoformat()}.",
            "The credit pledge (守信承诺书) must be signed.",
        ]
    }
    _nothing_created(cases, media)
    record.refresh_from_db()
    assert record.state == CreditRecord.State.LISTED


def test_a_second_submission_while_the_first_is_handled_is_a_422(online, make_record, media):
    record = make_record(CreditRecord.Kind.ABNORMAL_LIST, years_ago=0.3)
    assert online.post(URL, _body(record), format="multipart").status_code == 201
    again = online.post(URL, _body(record), format="multipart")
    assert again.status_code == 422
    assert RepairApplication.objects.filter(credit_record=record).count() == 1
    assert len(again.json()["reasons"]) == 1


def test_a_fake_pdf_is_a_400_on_its_field_and_nothing_is_stored(online, make_record, media):
    record = make_record(CreditRecord.Kind.ABNORMAL_LIST, years_ago=0.3)
    cases = Case.objects.count()
    files = {
        "attachments_application": [upload("申请书.pdf", pdf_bytes())],
        "attachments_evidence": [upload("整改说明.pdf", FAKE_PDF, "application/pdf")],
    }
    response = online.post(URL, {**_body(record), **files}, format="multipart")
    assert response.status_code == 400
    assert response.json() == {
        "attachments_evidence": [
            "“整改说明.pdf” is not a PDF, JPEG or PNG file (judged by its content, not its "
            "name); only these are accepted."
        ]
    }
    _nothing_created(cases, media)


def test_an_oversize_file_is_a_400_and_nothing_is_stored(online, make_record, media, settings):
    settings.UPLOAD_MAX_BYTES = 2 * 1024 * 1024
    record = make_record(CreditRecord.Kind.ABNORMAL_LIST, years_ago=0.3)
    cases = Case.objects.count()
    big = pdf_bytes(extra=3 * 1024 * 1024)
    response = online.post(
        URL,
        {**_body(record), "attachments_evidence": [upload("扫描件.pdf", big)]},
        format="multipart",
    )
    assert response.status_code == 400
    assert response.json() == {
        "attachments_evidence": ["“扫描件.pdf” is 3.0 MB; files may be at most 2.0 MB."]
    }
    _nothing_created(cases, media)


def test_too_many_files_in_one_field_are_a_400(online, make_record, media):
    record = make_record(CreditRecord.Kind.ABNORMAL_LIST, years_ago=0.3)
    files = [upload(f"证明{i}.pdf", pdf_bytes()) for i in range(11)]
    response = online.post(
        URL, {**_body(record), "attachments_evidence": files}, format="multipart"
    )
    assert response.status_code == 400
    assert list(response.json()) == ["attachments_evidence"]
    assert stored_files(media) == []


def test_a_gbk_file_name_sent_per_rfc_2231_is_stored_readable(online, make_record, media):
    record = make_record(CreditRecord.Kind.ABNORMAL_LIST, years_ago=0.3)
    boundary = "xinyong-boundary"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in _body(record).items()
    ]
    quoted = "".join(f"%{byte:02X}" for byte in "守信承诺书.pdf".encode("gbk"))
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="attachments_pledge"; '
        f"filename*=GBK''{quoted}\r\nContent-Type: application/pdf\r\n\r\n".encode()
        + pdf_bytes()
        + b"\r\n"
    )
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    response = online.generic(
        "POST", URL, body, content_type=f"multipart/form-data; boundary={boundary}"
    )
    assert response.status_code == 201, response.json()
    attachment = RepairAttachment.objects.get(application__credit_record=record)
    assert attachment.original_name == "守信承诺书.pdf"


def test_json_is_not_accepted(online, make_record):
    record = make_record(CreditRecord.Kind.ABNORMAL_LIST, years_ago=0.3)
    response = online.post(URL, _body(record), format="json")
    assert response.status_code == 415


def test_anonymous_callers_get_401_asking_for_a_token(make_record):
    response = client_of().post(URL, {}, format="multipart")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


@pytest.mark.parametrize(("role", "bureau_code"), [("clerk", "650100"), ("court", "650000")])
def test_staff_and_the_court_are_refused(make_record, role, bureau_code):
    record = make_record(CreditRecord.Kind.ABNORMAL_LIST, years_ago=0.3)
    response = client_of(user_with(role, bureau_code)).post(URL, _body(record), format="multipart")
    assert response.status_code == 403
    assert response.json() == {"detail": "This endpoint is for the online service channel only."}
    assert not RepairApplication.objects.exists()


def test_the_online_channel_cannot_use_the_staff_endpoints(online):
    assert online.get("/api/v1/cases/").status_code == 403
    assert online.get("/api/v1/tasks/queue/").status_code == 403


def test_the_contract_is_in_the_openapi_schema_with_a_chinese_example(client):
    schema = client.get("/api/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/repair/applications/"]["post"]
    assert set(operation["responses"]) == {"201", "400", "401", "403", "404", "422"}
    assert operation["security"] == [{"tokenAuth": []}]
    body = operation["requestBody"]["content"]["multipart/form-data"]
    assert body["examples"]["信用修复申请"]["value"]["applicant_name"] == "王磊"
    request = schema["components"]["schemas"]["RepairApplicationRequest"]
    assert request["properties"]["attachments_pledge"]["items"] == {
        "type": "string",
        "format": "binary",
    }
    ineligible = operation["responses"]["422"]["content"]["application/json"]
    assert ineligible["schema"] == {"$ref": "#/components/schemas/RepairIneligible"}


def _multipart(fields: dict[str, bytes], boundary: str = "xinyong-boundary") -> tuple[bytes, str]:
    body = b"".join(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
        + value
        + b"\r\n"
        for name, value in fields.items()
    )
    return body + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def test_fields_sent_in_gbk_are_refused_by_name_and_nothing_is_stored(online, make_record):
    record = make_record(CreditRecord.Kind.ABNORMAL_LIST, years_ago=0.3)
    fields = {name: str(value).encode() for name, value in _body(record).items()}
    fields["grounds"] = "已补报年度报告并公示。".encode("gbk")
    fields["applicant_name"] = "艾力江".encode("gbk")
    body, content_type = _multipart(fields)

    response = online.post(URL, data=body, content_type=content_type)

    assert response.status_code == 400
    message = "This text is not valid UTF-8 (was it sent as GBK?); send it as UTF-8."
    assert response.json() == {"applicant_name": [message], "grounds": [message]}
    assert not RepairApplication.objects.exists() and not Case.objects.exists()


def test_the_same_fields_in_utf8_are_accepted(online, make_record, media):
    record = make_record(CreditRecord.Kind.ABNORMAL_LIST, years_ago=0.3)
    body, content_type = _multipart({k: str(v).encode() for k, v in _body(record).items()})

    assert online.post(URL, data=body, content_type=content_type).status_code == 201

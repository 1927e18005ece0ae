"""Hostile input through the real endpoints: markup shown back as text (page and PDF),
SQL-looking text stored verbatim, over-long values and NUL characters,
archives and disguised files, path traversal in file names. Every refusal is a 400 on the
field and leaves nothing behind (no case, no attachment, no file, no audit event)."""

import io
import zipfile
from datetime import date, timedelta

import pypdf
import pytest
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import SubjectFactory, bureau
from tests.workflows.repair.materials import pdf_bytes, stored_files, upload
from tests.workflows.repair.people import user_with
from workflows.core.models import AuditEvent, Case, CaseDocument, CreditRecord
from workflows.core.services.credit_records import credit_record_create
from workflows.core.services.documents import document_issue, document_render
from workflows.repair.models import RepairApplication, RepairAttachment

pytestmark = pytest.mark.django_db

URL = "/api/v1/repair/applications/"
SCRIPT = '<script>alert("xss")</script>'
IMG = '<img src="file:///etc/passwd" onerror="alert(1)">'


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def record():
    subject = SubjectFactory(region=bureau("650100"))
    return credit_record_create(
        subject=subject, kind=CreditRecord.Kind.ABNORMAL_LIST, reason="未按期公示年度报告",
        listed_on=date.today() - timedelta(days=120), deciding_bureau=bureau("650100"),
        actor=None, decision_no="乌市监异〔2026〕7号",
    )  # fmt: skip


@pytest.fixture
def online():
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    token, _ = Token.objects.get_or_create(user=user_with("online_channel", "650100"))
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def _apply(online, record, files=None, **fields):
    body = {
        "uscc": record.subject.uscc, "record_id": record.pk, "applicant_name": "王磊",
        "applicant_phone": "13899880000", "grounds": "已补报年度报告并公示。",
        "pledge_made": "true",
        "attachments_application": [upload("申请书.pdf", pdf_bytes())],
        "attachments_pledge": [upload("承诺书.pdf", pdf_bytes())],
    }  # fmt: skip
    return online.post(URL, {**body, **(files or {}), **fields}, format="multipart")


@pytest.fixture
def nothing_stored(media):
    """Asserts afterwards that the test's refused requests left nothing anywhere."""
    before = (Case.objects.count(), AuditEvent.objects.count())
    yield
    assert (Case.objects.count(), AuditEvent.objects.count()) == before
    assert not RepairApplication.objects.exists()
    assert not RepairAttachment.objects.exists()
    assert stored_files(media) == []


def test_markup_in_an_application_is_shown_as_text_on_the_case_page(online, record, media):
    response = _apply(online, record, applicant_name=SCRIPT[:100], grounds=IMG)
    assert response.status_code == 201, response.json()
    clerk = user_with("clerk", "650100")
    page = Client(HTTP_ACCEPT_LANGUAGE="en")
    page.force_login(clerk)
    html = page.get(f"/app/repair/cases/{response.json()['case_id']}/").content.decode()
    assert "&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;" in html
    assert "&lt;img src=&quot;file:///etc/passwd&quot;" in html
    assert SCRIPT not in html and '<img src="file:///etc/passwd"' not in html


def test_markup_in_a_document_is_printed_as_text_and_fetches_nothing(record, media, caplog):
    from workflows.core.models import Procedure
    from workflows.core.services.cases import case_open

    case = case_open(
        procedure=Procedure.REPAIR, bureau=bureau("650100"), source=Case.Source.APPLICATION,
        actor=None, subject=record.subject,
    )  # fmt: skip
    document = document_issue(
        case=case, kind="notice", title="受理通知书", number_word="修受", actor=None,
        context={"addressee": SCRIPT, "paragraphs": [IMG, "'; DROP TABLE core_case; --"]},
    )  # fmt: skip
    document = document_render(document.pk)
    assert document.status == CaseDocument.Status.RENDERED
    with document.file.open("rb") as stored:
        text = pypdf.PdfReader(io.BytesIO(stored.read())).pages[0].extract_text()
    assert SCRIPT in text
    assert IMG in text
    assert "'; DROP TABLE core_case; --" in text
    assert "refused to fetch" not in caplog.text  # escaped: nothing even tried


def test_the_pdf_renderer_refuses_to_fetch_any_url(caplog):
    from weasyprint import HTML

    from workflows.core.pdf import NoFetching

    html = '<p>x</p><img src="file:///etc/passwd"><img src="http://169.254.169.254/">'
    HTML(string=html, url_fetcher=NoFetching()).write_pdf()
    assert "refused to fetch file:///etc/passwd" in caplog.text
    assert "refused to fetch http://169.254.169.254/" in caplog.text


def test_sql_looking_text_is_stored_verbatim(online, record, media):
    name = "王'; DROP TABLE core_case; --"
    grounds = "1' OR '1'='1\" UNION SELECT password FROM core_user --"
    response = _apply(online, record, applicant_name=name, grounds=grounds)
    assert response.status_code == 201
    application = RepairApplication.objects.get()
    assert (application.applicant_name, application.grounds) == (name, grounds)
    assert Case.objects.filter(pk=response.json()["case_id"]).exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("applicant_name", "王" * 101, "Ensure this field has no more than 100 characters."),
        ("grounds", "理" * 2001, "Ensure this field has no more than 2000 characters."),
        ("applicant_phone", "1" * 33, "Ensure this field has no more than 32 characters."),
        ("applicant_name", "王\x00磊", "Null characters are not allowed."),
        ("grounds", "正文\x00", "Null characters are not allowed."),
    ],
)
def test_over_long_values_and_nul_characters_are_a_400_on_the_field(
    online, record, nothing_stored, field, value, message
):
    response = _apply(online, record, **{field: value})
    assert response.status_code == 400
    assert response.json() == {field: [message]}


def _zip_bomb() -> bytes:
    """10 MiB of zeros in a ZIP of a few kilobytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("zeros.bin", b"\0" * (10 * 1024 * 1024))
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("材料.pdf", _zip_bomb()),
        ("材料.zip", _zip_bomb()),
        ("年报.docx", b"PK\x03\x04" + b"\0" * 200),
        ("截图.png", b"MZ\x90\x00" + b"\0" * 200),  # a Windows program
        ("说明.pdf", b"<html><script>alert(1)</script></html>"),
        ("说明.pdf", b"%PDF-1.7\n" + b"x" * 100),  # a PDF header and nothing else
    ],
)
def test_archives_and_disguised_files_are_a_400_and_nothing_is_stored(
    online, record, nothing_stored, name, content
):
    response = _apply(online, record, files={"attachments_evidence": [upload(name, content)]})
    assert response.status_code == 400
    assert list(response.json()) == ["attachments_evidence"]


@pytest.mark.parametrize(
    "name", ["../../../../etc/passwd.pdf", "..\\..\\windows\\win.ini.pdf", "/etc/cron.d/x.pdf"]
)
def test_path_traversal_in_a_file_name_stores_under_a_generated_name(online, record, media, name):
    response = _apply(online, record, files={"attachments_evidence": [upload(name, pdf_bytes())]})
    assert response.status_code == 201
    attachment = RepairAttachment.objects.get(kind=RepairAttachment.Kind.EVIDENCE)
    assert ".." not in attachment.file.name and not attachment.file.name.startswith("/")
    assert "/" not in attachment.original_name and "\\" not in attachment.original_name
    stored = [path.resolve() for path in stored_files(media)]
    assert len(stored) == 3
    assert all(path.is_relative_to(media.resolve()) for path in stored)

"""提醒: the clerks' list of records that became repairable, its CSV export and the link
into the intake form."""

import csv
import io

import pytest

from tests.factories import SubjectFactory, bureau
from tests.workflows.repair.people import user_with
from workflows.core.models import AuditEvent, CreditRecord
from workflows.repair.models import RepairReminder
from workflows.repair.services import repair_reminders_run
from workflows.repair.views.urls import apply_url

pytestmark = pytest.mark.django_db

LIST, EXPORT = "/app/repair/reminders/", "/app/repair/reminders/export/"


@pytest.fixture
def clerk():
    """An Ürümqi clerk (no demo data: the only records are each test's own)."""
    return user_with("clerk", "650100")


@pytest.fixture
def clerk_client(client, clerk):
    client.force_login(clerk)
    return client


def _remind(make_record, count: int = 1, bureau_code: str = "650100", **subject):
    records = [
        make_record(
            CreditRecord.Kind.ABNORMAL_LIST,
            years_ago=0.2,
            bureau_code=bureau_code,
            subject=SubjectFactory(region=bureau(bureau_code), **subject) if subject else None,
        )
        for _ in range(count)
    ]
    repair_reminders_run()
    return records


def _rows(response) -> list[list[str]]:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert content.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, for Excel
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_the_list_shows_the_bureaus_reminders_25_a_page(clerk_client, make_record):
    _remind(make_record, 27)
    kashgar = _remind(make_record, 1, bureau_code="653100")[0]
    first = clerk_client.get(LIST)
    assert first.status_code == 200
    assert len(first.context["object_list"]) == 25
    second = clerk_client.get(LIST, {"page": 2})
    assert len(second.context["object_list"]) == 2
    shown = {
        r.credit_record_id for r in [*first.context["object_list"], *second.context["object_list"]]
    }
    assert kashgar.pk not in shown
    assert len(shown) == 27


def test_each_reminder_links_into_the_intake_form_prefilled(clerk_client, make_record):
    record = _remind(make_record)[0]
    page = clerk_client.get(LIST).content.decode()
    link = apply_url(record.subject.uscc, record.pk)
    assert f'href="{link.replace("&", "&amp;")}"' in page
    form = clerk_client.get(link).content.decode()
    assert f'name="record" value="{record.pk}" required id="id_record_0" checked>' in form


def test_a_record_no_longer_listed_has_no_apply_link(clerk_client, make_record):
    from workflows.repair.services import repair_apply

    record = _remind(make_record)[0]
    repair_apply(
        record=record, channel="counter", applicant_name="张三", grounds="已整改",
        pledge_made=True, actor=None,
    )  # fmt: skip
    page = clerk_client.get(LIST).content.decode()
    assert "xy-apply-link" not in page


def test_export_is_utf8_csv_with_bom_and_stamps_the_first_export(clerk_client, clerk, make_record):
    records = _remind(make_record, 3)
    response = clerk_client.post(EXPORT)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="repair-reminders-')
    rows = _rows(response)
    assert len(rows) == 1 + 3
    assert rows[0][0] == "统一社会信用代码"
    assert {row[0] for row in rows[1:]} == {r.subject.uscc for r in records}
    assert {row[1] for row in rows[1:]} == {r.subject.name for r in records}
    assert all(row[-1] for row in rows[1:])  # the export time
    stamped = dict(RepairReminder.objects.values_list("credit_record_id", "exported_at"))
    assert all(stamped[r.pk] is not None for r in records)
    events = AuditEvent.objects.filter(event_type="repair.reminder_exported")
    assert sorted(e.stream for e in events) == sorted(f"creditrecord:{r.pk}" for r in records)
    assert {e.actor for e in events} == {clerk}


def test_exporting_the_pending_ones_again_keeps_the_first_export_time(clerk_client, make_record):
    first = _remind(make_record, 2)
    clerk_client.post(EXPORT)
    before = dict(RepairReminder.objects.values_list("credit_record_id", "exported_at"))
    assert set(before) == {record.pk for record in first}
    assert all(stamp is not None for stamp in before.values())  # the first export stamped
    newer = _remind(make_record, 1)[0]

    pending = _rows(clerk_client.post(EXPORT, {"export_state": "pending"}))
    assert [row[0] for row in pending[1:]] == [newer.subject.uscc]
    everything = _rows(clerk_client.post(EXPORT))
    assert len(everything) == 1 + 3
    after = dict(RepairReminder.objects.values_list("credit_record_id", "exported_at"))
    assert {pk: after[pk] for pk in before} == before
    assert after[newer.pk] is not None


def test_spreadsheet_formulas_in_the_data_are_exported_as_text(clerk_client, make_record):
    _remind(make_record, name='=HYPERLINK("http://x")商贸有限公司', contact_phone="+86 991 1234567")
    row = _rows(clerk_client.post(EXPORT))[1]
    assert row[1] == '\'=HYPERLINK("http://x")商贸有限公司'
    assert row[3] == "'+86 991 1234567"


def test_the_list_filters_by_code_or_name(clerk_client, make_record):
    wanted = _remind(make_record, name="乌鲁木齐雪莲测试有限公司")[0]
    _remind(make_record, 2)
    response = clerk_client.get(LIST, {"q": "雪莲"})
    assert [r.credit_record_id for r in response.context["object_list"]] == [wanted.pk]


@pytest.mark.parametrize("role", ["handler", "supervisor", "online_channel"])
def test_only_clerks_see_and_export_reminders(client, make_record, role):
    _remind(make_record)
    client.force_login(user_with(role, "650000"))
    assert client.get(LIST).status_code == 403
    assert client.post(EXPORT).status_code == 403
    assert RepairReminder.objects.filter(exported_at__isnull=False).count() == 0


def test_export_needs_post(clerk_client):
    assert clerk_client.get(EXPORT).status_code == 405

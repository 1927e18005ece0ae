"""Batch import of a court's file: GBK CSV with good and bad rows, a per-row report."""

import io
import json

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from tests.factories import SubjectFactory, bureau
from tests.workflows.listing.conftest import payload
from workflows.core.models import Case
from workflows.listing.models import CourtReferral, Lead
from workflows.listing.services import referrals_import

pytestmark = pytest.mark.django_db

HEADER = "法院代码,法院名称,案号,裁判文书号,裁判日期,统一社会信用代码,当事人名称,案由"


def _row(subject, number: int, **overrides) -> str:
    cells = {
        "court_code": "650100-ZY",
        "court_name": "乌鲁木齐市中级人民法院",
        "number": f"（2026）新01民初{number}号",
        "judgment": f"（2026）新01民初{number}号判决书",
        "date": "2026-02-10",
        "uscc": subject.uscc,
        "name": subject.name,
        "cause": "销售假冒伪劣商品",
    } | overrides
    return ",".join(cells.values())


def _run(path, *args) -> dict:
    out = io.StringIO()
    call_command("import_court_referrals", str(path), "--json", *args, stdout=out)
    return json.loads(out.getvalue())


def test_a_gbk_file_with_good_and_bad_rows_reports_each_row(tmp_path, staff):
    known = SubjectFactory(name="乌鲁木齐雪峰商贸有限公司", region=bureau("650100"))
    kashgar = SubjectFactory(name="喀什丝路贸易有限公司", region=bureau("653100"))
    unknown = SubjectFactory.build()
    lines = [
        HEADER,
        _row(known, 1),
        _row(kashgar, 2),
        _row(known, 3, uscc=known.uscc[:17] + ("0" if known.uscc[17] != "0" else "1")),
        _row(known, 4, date="2026年2月10日"),
        "",
        _row(unknown, 5, name="无名公司"),
        _row(known, 1, cause="另一个案由"),  # same case number, other content
    ]
    path = tmp_path / "court.csv"
    path.write_bytes("\r\n".join(lines).encode("gbk"))

    report = _run(path, "--user", "region_handler")

    assert (report["encoding"], report["created"], report["existing"], report["rejected"]) == (
        "gb18030", 3, 0, 3,
    )  # fmt: skip
    rows = {row["row"]: row for row in report["rows"]}
    assert [rows[n]["status"] for n in (2, 3, 4, 5, 7, 8)] == [
        "created", "created", "rejected", "rejected", "created", "rejected",
    ]  # fmt: skip
    assert set(rows[4]["errors"]) == {"uscc"}
    assert set(rows[5]["errors"]) == {"judgment_date"}
    assert "court_case_number" in rows[8]["errors"]
    assert rows[7]["needs_match"] is True and rows[7]["case_no"] is None
    cases = Case.objects.filter(procedure="listing")
    assert sorted(cases.values_list("bureau__code", flat=True)) == ["650100", "653100"]
    assert rows[3]["case_no"] == cases.get(bureau__code="653100").case_no
    referral = CourtReferral.objects.get(court_case_number="(2026)新01民初1号")  # NFKC
    assert (referral.channel, referral.received_by.username) == ("file", "region_handler")

    again = _run(path)
    assert (again["created"], again["existing"], again["rejected"]) == (0, 3, 3)
    assert (CourtReferral.objects.count(), Lead.objects.count()) == (3, 3)


def test_an_xlsx_file_and_the_api_share_one_idempotent_intake(staff, court_client):
    subject = SubjectFactory(region=bureau("650100"))
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(","))
    sheet.append(_row(subject, 8).split(","))
    buffer = io.BytesIO()
    workbook.save(buffer)

    first = referrals_import(source=buffer.getvalue(), actor=staff["region_handler"])
    second = referrals_import(source=buffer.getvalue(), actor=staff["region_handler"])

    assert (first.count("created"), second.count("existing")) == (1, 1)
    assert first.encoding is None
    referral = CourtReferral.objects.get()

    # The court pushes the same referral (a file row has no document) through the API:
    # the referral of the file answers, nothing new is stored.
    same = payload(
        subject, court_case_number="（2026）新01民初8号",
        judgment_number="（2026）新01民初8号判决书", judgment_date="2026-02-10",
        cause="销售假冒伪劣商品",
    )  # fmt: skip
    del same["document"]
    pushed = court_client.post("/api/v1/court-referrals/", same, format="json")
    assert pushed.status_code == 200, pushed.json()
    assert pushed.json()["id"] == referral.pk
    assert (CourtReferral.objects.count(), Lead.objects.count()) == (1, 1)
    assert Case.objects.filter(procedure="listing").count() == 1


def test_a_file_without_the_columns_is_refused_whole(tmp_path, staff):
    path = tmp_path / "bad.csv"
    path.write_text("案号,名称\n1,2\n", encoding="utf-8")
    with pytest.raises(CommandError, match="法院代码|court_code"):
        call_command("import_court_referrals", str(path))
    assert not CourtReferral.objects.exists()


def test_without_json_the_command_prints_the_totals_and_each_rejected_field(tmp_path, staff):
    known = SubjectFactory(name="乌鲁木齐雪峰商贸有限公司", region=bureau("650100"))
    path = tmp_path / "court.csv"
    lines = [HEADER, _row(known, 1), _row(known, 2, date="2026年2月10日")]
    path.write_bytes("\r\n".join(lines).encode("gbk"))
    out = io.StringIO()

    with translation.override("en"):
        call_command("import_court_referrals", str(path), stdout=out, no_color=True)

    first, second = out.getvalue().splitlines()
    assert first == "Court referrals: 1 created, 0 existing, 1 rejected."
    assert second.startswith("Row 3, judgment date: ")


def test_an_unmatched_row_of_an_unregistered_court_waits_in_the_importers_bureau(
    tmp_path, staff, client
):
    """A prefecture handler imports a file of a court the system does not know, with a
    subject it does not know: the lead waits for matching where that handler sees it."""
    unknown = SubjectFactory.build()
    path = tmp_path / "court.csv"
    row = _row(unknown, 9, court_code="659999-XX", court_name="某某县人民法院", name="无名商行")
    path.write_bytes(f"{HEADER}\r\n{row}".encode("gbk"))

    report = _run(path, "--user", "handler")

    assert report["rows"][0]["needs_match"] is True
    lead = Lead.objects.get()
    assert (lead.status, lead.bureau.code) == (Lead.Status.NEEDS_MATCH, "650100")
    client.force_login(staff["handler"])
    page = client.get("/app/listing/leads/")
    assert page.status_code == 200 and "无名商行" in page.content.decode()

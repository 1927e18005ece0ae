"""Pledges imported from a file: GBK CSV and XLSX, a report per row, rejected rows
reported (never dropped), each row on its own, a second import reporting existing rows."""

import io
import json
from datetime import timedelta

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from tests.factories import SubjectFactory, bureau
from tests.workflows.pledge.conftest import today
from workflows.core.models import CreditRecord
from workflows.core.services.credit_records import credit_record_create
from workflows.pledge.models import Pledge
from workflows.pledge.services import pledges_import

pytestmark = pytest.mark.django_db

HEADER = ["统一社会信用代码", "承诺类型", "承诺内容", "承诺事项", "许可证编号", "承诺日期",
          "核查期限", "来源编号"]  # fmt: skip


def _row(subject, ref: str, **overrides) -> list[str]:
    cells = {
        "uscc": subject.uscc, "type": "告知承诺", "content": "承诺具备经营场所和设备条件",
        "matter": "食品经营许可", "licence": "JY16501000001", "date": today().isoformat(),
        "due": "", "ref": ref,
    } | overrides  # fmt: skip
    return list(cells.values())


def _run(path, *args) -> dict:
    out = io.StringIO()
    call_command("import_pledges", str(path), "--json", *args, stdout=out)
    return json.loads(out.getvalue())


def test_a_gbk_file_with_good_and_bad_rows_reports_each_row(tmp_path, staff):
    good = SubjectFactory(name="乌鲁木齐雪峰商贸有限公司", region=bureau("650100"))
    restricted = SubjectFactory(name="乌鲁木齐不实承诺商贸有限公司", region=bureau("650100"))
    credit_record_create(
        subject=restricted, kind=CreditRecord.Kind.FALSE_PLEDGE, reason="承诺不实",
        listed_on=today() - timedelta(days=5), deciding_bureau=bureau("650100"), actor=None,
        decision_no="乌市监承诺定〔2026〕2号",
    )  # fmt: skip
    rows = [
        HEADER,
        _row(good, "XK-2026-001"),
        _row(good, "XK-2026-002", type="主动型承诺", licence="", matter=""),
        _row(good, "XK-2026-003", uscc=good.uscc[:17] + ("0" if good.uscc[17] != "0" else "1")),
        _row(good, "XK-2026-004", type="口头承诺"),
        _row(good, "XK-2026-005", licence=""),  # a licensing pledge names its licence
        _row(restricted, "XK-2026-006"),
        _row(good, "XK-2026-001", content="重复编号"),
        _row(good, "XK-2026-008", date=(today() + timedelta(days=3)).isoformat()),
    ]
    path = tmp_path / "pledges.csv"
    path.write_bytes("\r\n".join(",".join(r) for r in rows).encode("gbk"))

    report = _run(path, "--user", "handler")

    assert (report["encoding"], report["created"], report["existing"], report["rejected"]) == (
        "gb18030", 2, 0, 6,
    )  # fmt: skip
    by_row = {row["row"]: row for row in report["rows"]}
    assert [by_row[n]["status"] for n in range(2, 10)] == [
        "created", "created", "rejected", "rejected", "rejected", "rejected", "rejected",
        "rejected",
    ]  # fmt: skip
    assert list(by_row[4]["errors"]) == ["uscc"]
    assert list(by_row[5]["errors"]) == ["pledge_type"]
    assert list(by_row[6]["errors"]) == ["licence_no"]
    assert "乌市监承诺定〔2026〕2号" in by_row[7]["errors"]["uscc"][0]
    assert list(by_row[8]["errors"]) == ["source_ref"]
    assert list(by_row[9]["errors"]) == ["pledged_on"]
    first = Pledge.objects.get(source_ref="XK-2026-001")
    assert (first.subject, first.pledge_type, first.source, first.licence_no) == (
        good, "licensing", "import", "JY16501000001",
    )  # fmt: skip
    assert first.verification_due > today()  # PLG-DUE when the file gives none
    assert not Pledge.objects.filter(subject=restricted).exists()

    again = _run(path)
    assert (again["created"], again["existing"], again["rejected"]) == (0, 2, 6)
    assert Pledge.objects.count() == 2


def test_an_xlsx_file_is_read_and_a_file_without_a_column_is_refused(tmp_path, staff):
    subject = SubjectFactory(region=bureau("650100"))
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(_row(subject, "HY-1", type="行业自律承诺", licence="", matter=""))
    data = io.BytesIO()
    book.save(data)

    report = pledges_import(source=data.getvalue(), actor=staff["handler"])
    assert (report.count("created"), report.encoding) == (1, None)
    assert Pledge.objects.get(source_ref="HY-1").pledge_type == "sector"

    path = tmp_path / "bad.csv"
    path.write_text("统一社会信用代码,承诺内容\n" + subject.uscc + ",x\n", encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        _run(path)
    assert "承诺类型" in str(refused.value)

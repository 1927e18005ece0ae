"""Journey 2: a court's referral file imported through the page, with a per-row report.

Court referrals are received by case handlers (the credit unit, DOMAIN.md §4): a GBK
CSV with a known subject, an unknown one and a row with a wrong code.
"""

import pytest
from playwright.sync_api import expect

from tests.factories import SubjectFactory, bureau
from workflows.core.models import Case

pytestmark = pytest.mark.django_db(transaction=True)

HEADER = "法院代码,法院名称,案号,裁判文书号,裁判日期,统一社会信用代码,当事人名称,案由"


def _line(number: int, uscc: str, name: str) -> str:
    return ",".join((
        "650100-ZY", "乌鲁木齐市中级人民法院", f"（2026）新01民初{number}号",
        f"（2026）新01民初{number}号民事判决书", "2026-02-10", uscc, name,
        "生产销售不符合食品安全标准的食品",
    ))  # fmt: skip


def test_handler_imports_a_court_file_and_reads_the_report_of_every_row(login, staff):
    known = SubjectFactory(name="乌鲁木齐天池食品有限公司", region=bureau("650100"))
    unknown = SubjectFactory.build(name="乌鲁木齐无名食品商行")
    wrong = known.uscc[:17] + ("0" if known.uscc[17] != "0" else "1")
    content = "\r\n".join((
        HEADER, _line(101, known.uscc, known.name), _line(102, unknown.uscc, unknown.name),
        _line(103, wrong, known.name),
    )).encode("gbk")  # fmt: skip

    handler = login("handler")
    page = handler.go("/app/listing/court_import/")
    page.get_by_label("法院线索文件（CSV或XLSX）").set_input_files(
        files=[{"name": "乌鲁木齐中院线索.csv", "mimeType": "text/csv", "buffer": content}]
    )
    page.get_by_role("button", name="导入").click()

    report = page.locator(".xy-report")
    expect(report).to_contain_text("新接收2条，此前已接收0条，拒收1条。")
    case = Case.objects.get(subject=known, procedure="listing")

    def cells(row: int) -> list[str]:
        return [
            text.strip() for text in report.locator(f"tr[data-row='{row}'] td").all_inner_texts()
        ]

    assert cells(2) == ["2", "新接收", case.case_no, ""]
    assert cells(3) == ["3", "新接收 · 待人工匹配", "—", ""]
    assert cells(4) == [
        "4", "拒收", "—",
        f"统一社会信用代码：校验码（第18位）为“{wrong[17]}”，应为“{known.uscc[17]}”。",
    ]  # fmt: skip
    handler.shot("court-import-report")

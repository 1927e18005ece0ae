"""A registration system's export imported by a handler through 经营主体导入, in the
system's own words, with a report of each row that was refused or taken with a doubt."""

import pytest
from playwright.sync_api import expect

from forms.validators import build_uscc
from workflows.core.models import Subject

pytestmark = pytest.mark.django_db(transaction=True)

HEADER = "统一社会信用代码,名称,法定代表人,主体类型,所属地区代码,登记状态,成立日期"


def test_handler_imports_a_registration_export_and_reads_the_report(login, staff):
    company = build_uscc("91", "650102", "MA7J8001")
    shop = build_uscc("92", "650102", "MA7J8002")
    kashgar = build_uscc("91", "653101", "MA7J8003")
    content = "\r\n".join((
        HEADER,
        f"{company},乌鲁木齐雪域商贸有限公司,王芳,有限责任公司（自然人独资）,650102,存续,2016-08-01",
        f"{shop},乌鲁木齐红山干果店,买买提,股份有限公司,650102,在业,2020/5/6",
        f"{kashgar},喀什丝路商贸有限公司,李四,有限责任公司,653101,存续,",
    )).encode("gbk")  # fmt: skip

    handler = login("handler")
    page = handler.go("/app/records/subject_import/")
    page.get_by_label("经营主体文件（CSV 或 XLSX）").set_input_files(
        files=[{"name": "登记系统导出.csv", "mimeType": "text/csv", "buffer": content}]
    )
    page.get_by_role("button", name="导入").click()

    report = page.locator(".xy-report")
    expect(report).to_contain_text("新增2户，更新0户，退回1行。")
    expect(report.locator("tr[data-row='3']")).to_contain_text("已导入（有提示）")
    expect(report.locator("tr[data-row='3']")).to_contain_text(
        "统一社会信用代码第2位表明其为个体工商户"
    )
    expect(report.locator("tr[data-row='4']")).to_contain_text("拒收")
    expect(report.locator("tr[data-row='4']")).to_contain_text("不在您可办理的辖区内")
    assert Subject.objects.get(uscc=shop).subject_type == "individual"
    assert Subject.objects.get(uscc=company).established_on.isoformat() == "2016-08-01"
    assert not Subject.objects.filter(uscc=kashgar).exists()
    handler.shot("subject-import-report")

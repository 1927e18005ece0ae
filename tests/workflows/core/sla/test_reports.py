"""The weekly SLA report per bureau: PDF and XLSX with the week's figures, made by the
beat job once per bureau and week, downloadable by the bureau's supervisors only."""

import io
from datetime import date

import openpyxl
import pytest
from pypdf import PdfReader

from tests.factories import UserFactory, bureau
from tests.workflows.core.sla import seed
from tests.workflows.core.sla.conftest import at
from workflows.core.models import Bureau, SlaReport
from workflows.core.roles import Role
from workflows.core.services.roles import roles_ensure_groups
from workflows.core.sla.figures import Period
from workflows.core.sla.reports import previous_week, sla_report_generate, sla_reports_generate_week

pytestmark = pytest.mark.django_db
WEEK = Period(date(2026, 3, 2), date(2026, 3, 8))


@pytest.fixture
def cases(db):
    return seed.seed()


def _user(username: str, role: Role, code: str):
    user = UserFactory(username=username, bureau=bureau(code))
    user.groups.set([roles_ensure_groups()[role]])
    return user


def test_last_week_is_monday_to_sunday():
    assert previous_week(date(2026, 3, 9)) == WEEK  # a Monday
    assert previous_week(date(2026, 3, 15)) == WEEK  # the Sunday after


def test_the_report_holds_the_weeks_figures_in_pdf_and_xlsx(cases):
    # Made on the seed's frozen today (Fri 27 Mar) for the week of 2 Mar.
    report = sla_report_generate(bureau=bureau("650100"), week=WEEK, now=at("2026-03-27", 18))
    # Week of 2 Mar, Ürümqi: accepts #1 (met), #2 (breached), #7 listing (met) completed.
    repair = next(r for r in report.figures["compliance"]["rows"] if r["procedure"] == "repair")
    assert (repair["steps_met"], repair["steps_total"]) == (1, 2)
    overdue = {row["case_no"]: row["workdays_overdue"] for row in report.figures["overdue_rows"]}
    want = seed.expected()["overdue"]
    assert overdue == {cases[n].case_no: days for n, days in want.items()}  # as at 27 Mar
    pdf = report.pdf.read()
    assert pdf.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "乌鲁木齐" in text and "2026-03-02" in text
    assert cases[4].case_no in text and cases[8].case_no not in text
    workbook = openpyxl.load_workbook(io.BytesIO(report.xlsx.read()))
    assert len(workbook.sheetnames) == 5
    first = workbook.worksheets[0]
    rows = {r[1]: r for r in first.iter_rows(min_row=2, values_only=True)}
    assert set(rows) == {"信用修复", "列入严重违法失信名单", None}  # None: the total row
    assert rows["信用修复"][:5] == ("乌鲁木齐市市场监督管理局", "信用修复", 2, 1, 0.5)
    assert rows["列入严重违法失信名单"][2:5] == (1, 1, 1)


def test_the_beat_job_makes_one_report_per_bureau_and_week(cases):
    made = sla_reports_generate_week(today=date(2026, 3, 9), now=at("2026-03-09", 1))
    assert made == Bureau.objects.count()
    assert sla_reports_generate_week(today=date(2026, 3, 10), now=at("2026-03-10", 1)) == 0
    assert set(SlaReport.objects.values_list("week_start", flat=True)) == {date(2026, 3, 2)}

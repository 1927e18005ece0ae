"""The calendar as its people meet it: the administrator's whole-year schedule form with
its preview, and the supervisor's list of provisional deadlines. Pinned to 28 December
2026, when 2027 has no official data."""

from datetime import date

import pytest
import time_machine

from tests.calendar_oracle import moment
from tests.factories import UserFactory, bureau
from tests.workflows.core.test_calendar_schedule import MAKE_UP_2027, SCHEDULE_2027
from workflows.core.models import CalendarYear, Case, Deadline
from workflows.core.services.cases import case_open
from workflows.core.services.deadlines import deadline_start

pytestmark = pytest.mark.django_db
ADD = "/admin/core/calendaryear/add/"


@pytest.fixture(autouse=True)
def _on_28_december_2026():
    with time_machine.travel(moment(date(2026, 12, 28)), tick=True):
        yield


def _deadline(rule_code: str, started_on: date, bureau_code: str = "650100") -> Deadline:
    case = case_open(
        procedure="repair", bureau=bureau(bureau_code), source=Case.Source.APPLICATION,
        actor=None,
    )  # fmt: skip
    return deadline_start(
        case=case, rule_code=rule_code, step="decide", started_on=started_on, actor=None
    )


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    return client


def _form(**overrides) -> dict:
    return {
        "year": "2027", "notice": "国办发明电〔2026〕7号", "notice_date": "2026-11-03",
        "holidays": SCHEDULE_2027, "workdays": MAKE_UP_2027,
    } | overrides  # fmt: skip


def test_the_add_page_is_the_whole_year_form_prefilled_with_the_statutory_holidays(admin_client):
    page = admin_client.get(ADD).content.decode()
    assert "录入年度国务院节假日安排" in page
    assert 'name="year"' in page and 'value="2027"' in page
    assert "春节 2027-02-05 至 2027-02-08" in page  # 除夕 to 正月初三, to start from
    assert 'name="source"' not in page  # no bare year row
    assert admin_client.get("/admin/core/calendarday/add/").status_code == 403


def test_the_schedule_is_previewed_then_entered_on_confirmation(admin_client):
    deadline = _deadline("REP-DECIDE", date(2027, 1, 28))
    preview = admin_client.post(ADD, _form())
    text = preview.content.decode()
    assert preview.status_code == 200
    assert "尚未保存" in text
    assert "1个未结期限将调整" in text
    assert "2027-02-22" in text and "2027-02-25" in text
    assert not CalendarYear.objects.filter(year=2027).exists()

    done = admin_client.post(ADD, _form(confirmed="True"), follow=True)
    assert done.redirect_chain[-1][0] == "/admin/core/calendaryear/"
    assert "1个未结期限已调整" in done.content.decode()
    deadline.refresh_from_db()
    assert (deadline.due_date, deadline.unconfirmed_years) == (date(2027, 2, 25), "")
    assert CalendarYear.objects.get(year=2027).notice_date == date(2026, 11, 3)


def test_the_form_shows_what_is_wrong_line_by_line(admin_client):
    # "04-04" is no date: the line holds 3 April alone, and 5 April (清明) goes missing.
    holidays = SCHEDULE_2027.replace(
        "清明节 2027-04-03 至 2027-04-05", "清明节 2027-04-03 至 04-04"
    )
    page = admin_client.post(ADD, _form(holidays=holidays, workdays="2027-02-30")).content.decode()
    assert "第1行：2027-02-30 不是有效日期。" in page
    page = admin_client.post(ADD, _form(holidays=holidays)).content.decode()
    assert "2027-04-05（清明节）是法定节假日，但未录入放假安排。" in page
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_supervisors_see_the_provisional_deadlines_and_the_list_of_them(client, staff):
    provisional = _deadline("REP-DECIDE", date(2026, 12, 28))  # runs into 2027
    _deadline("REP-ACCEPT", date(2026, 12, 14))  # ends within 2026
    client.force_login(staff["supervisor"])
    dashboard = client.get("/app/sla/dashboard/").content.decode()
    assert "1个未结期限按尚未录入国务院节假日安排的2027年计算，仍可能调整。" in dashboard
    listing = client.get(
        "/app/sla/dashboard/steps/", {"state": "open", "provisional": "on"}
    ).content.decode()
    assert listing.count('data-deadline="') == 1
    assert f'data-deadline="{provisional.pk}"' in listing
    assert "暂定：2027年节假日安排尚未录入" in listing

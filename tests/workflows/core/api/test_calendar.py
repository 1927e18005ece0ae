"""GET /api/v1/calendar/…: working-day arithmetic on the official calendar."""

from datetime import date

import pytest
from django.utils import translation

from tests.calendar_oracle import workday_after
from workflows.core.workdays import year_warning

pytestmark = pytest.mark.django_db

ADD = "/api/v1/calendar/add-workdays/"
BETWEEN = "/api/v1/calendar/workdays-between/"


def english_warning(year: int) -> str:
    with translation.override("en"):
        return year_warning(year)


def test_five_working_days_after_30_september_2025_skip_the_national_day(handler_client):
    response = handler_client.get(ADD, {"date": "2025-09-30", "count": 5})
    assert response.status_code == 200
    assert response.json() == {
        "date": "2025-09-30",
        "count": 5,
        "result": "2025-10-14",
        "warnings": [],
    }


def test_counting_backwards_returns_to_the_trigger_day(handler_client):
    response = handler_client.get(ADD, {"date": "2025-10-14", "count": -5})
    assert response.json()["result"] == "2025-09-30"


def test_workdays_between_counts_across_the_national_day(handler_client):
    response = handler_client.get(BETWEEN, {"start": "2025-09-30", "end": "2025-10-14"})
    assert response.status_code == 200
    assert response.json() == {
        "start": "2025-09-30",
        "end": "2025-10-14",
        "workdays": 5,
        "warnings": [],
    }
    reversed_ = handler_client.get(BETWEEN, {"start": "2025-10-14", "end": "2025-09-30"})
    assert reversed_.json()["workdays"] == -5


def test_a_count_into_2027_carries_the_missing_schedule_warning(handler_client):
    response = handler_client.get(ADD, {"date": "2026-12-31", "count": 1})
    assert response.json() == {
        "date": "2026-12-31",
        "count": 1,
        "result": "2027-01-04",  # 1 January is 元旦 by law; 2 and 3 January a weekend
        "warnings": [english_warning(2027)],
    }
    between = handler_client.get(BETWEEN, {"start": "2026-12-25", "end": "2027-01-08"})
    assert between.json()["workdays"] == 9  # 28–31 December, 4–8 January
    assert between.json()["warnings"] == [english_warning(2027)]


@pytest.mark.parametrize(
    ("url", "params", "errors"),
    [
        (ADD, {"date": "2025-13-01", "count": 1}, {"date": [
            "Date has wrong format. Use one of these formats instead: YYYY-MM-DD."]}),
        (ADD, {"date": "30.09.2025", "count": 1}, {"date": [
            "Date has wrong format. Use one of these formats instead: YYYY-MM-DD."]}),
        (ADD, {"date": "2025-09-30", "count": "five"}, {"count": [
            "A valid integer is required."]}),
        (ADD, {"date": "2025-09-30", "count": 1001}, {"count": [
            "Ensure this value is less than or equal to 1000."]}),
        (ADD, {"date": "2025-09-30", "count": -1001}, {"count": [
            "Ensure this value is greater than or equal to -1000."]}),
        (ADD, {}, {"date": ["This field is required."], "count": ["This field is required."]}),
        (ADD, {"date": "9999-12-30", "count": 5}, {"count": [
            "The result falls outside the supported dates."]}),
        (BETWEEN, {"start": "2025-09-30", "end": "yesterday"}, {"end": [
            "Date has wrong format. Use one of these formats instead: YYYY-MM-DD."]}),
        (BETWEEN, {"start": "2014-01-01", "end": "2025-01-02"}, {"end": [
            "The two dates may be at most 3660 days apart."]}),
        (BETWEEN, {"start": "2013-12-31", "end": "2014-01-02"}, {"start": [
            "Working days are counted from 2014 on, the years the holiday law recorded here "
            "covers."]}),
    ],
)  # fmt: skip
def test_invalid_parameters_are_400_with_field_messages(handler_client, url, params, errors):
    response = handler_client.get(url, params)
    assert response.status_code == 400
    assert response.json() == errors


def test_a_thousand_working_days_are_counted_with_a_warning_per_unknown_year(handler_client):
    response = handler_client.get(ADD, {"date": "2025-01-02", "count": 1000})
    assert response.status_code == 200
    assert response.json() == {
        "date": "2025-01-02",
        "count": 1000,
        "result": workday_after(date(2025, 1, 2), 1000).isoformat(),
        "warnings": [english_warning(2027), english_warning(2028)],
    }

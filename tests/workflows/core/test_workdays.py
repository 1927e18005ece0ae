"""Working days on the official calendar, across the 2025 and 2026 holiday weeks."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation

from workflows.core.models import CalendarDay, CalendarYear
from workflows.core.workdays import add_workdays, workdays_between

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("start", "count", "expected"),
    [
        # 2025 Spring Festival: 28 Jan – 4 Feb off; Sun 26 Jan and Sat 8 Feb are working days.
        ("2025-01-24", 1, "2025-01-26"),
        ("2025-01-27", 1, "2025-02-05"),
        ("2025-02-07", 1, "2025-02-08"),
        # 2025 National Day + Mid-autumn: 1–8 Oct off; Sun 28 Sep and Sat 11 Oct work.
        ("2025-09-26", 1, "2025-09-28"),
        ("2025-09-30", 5, "2025-10-14"),
        # 2026 Spring Festival: 15–23 Feb off; Sat 14 Feb and Sat 28 Feb work.
        ("2026-02-13", 1, "2026-02-14"),
        ("2026-02-14", 1, "2026-02-24"),
        ("2026-02-27", 1, "2026-02-28"),
        # 2026 National Day: 1–7 Oct off; Sun 20 Sep and Sat 10 Oct work.
        ("2026-09-18", 1, "2026-09-20"),
        ("2026-09-30", 1, "2026-10-08"),
        ("2026-10-09", 1, "2026-10-10"),
        # An ordinary week: the trigger day is not counted, the weekend is skipped.
        ("2026-11-26", 2, "2026-11-30"),
        ("2026-11-26", 0, "2026-11-26"),
        # Backwards.
        ("2025-10-14", -5, "2025-09-30"),
    ],
)
def test_add_workdays_follows_holidays_and_make_up_days(start, count, expected):
    result = add_workdays(date.fromisoformat(start), count)
    assert result.value == date.fromisoformat(expected)
    assert result.warnings == []


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2025-09-30", "2025-10-14", 5),
        ("2026-09-30", "2026-10-12", 4),
        ("2026-02-13", "2026-02-28", 6),
        ("2025-01-24", "2025-02-08", 6),
        ("2026-11-26", "2026-11-26", 0),
        ("2025-10-14", "2025-09-30", -5),
    ],
)
def test_workdays_between_counts_after_start_up_to_and_including_end(start, end, expected):
    result = workdays_between(date.fromisoformat(start), date.fromisoformat(end))
    assert result.value == expected
    assert result.warnings == []


def test_year_without_official_schedule_is_counted_mon_to_fri_with_a_warning():
    with translation.override("en"):
        result = add_workdays(date(2026, 12, 31), 1)
    assert result.value == date(2027, 1, 1)
    assert result.warnings == [
        "The official holiday schedule for 2027 is not in the calendar; working days in 2027 "
        "are counted as Monday to Friday. An administrator should enter it under Calendar days."
    ]


def test_admin_entered_year_overrides_the_package_and_silences_the_warning():
    CalendarYear.objects.create(
        year=2027, source=CalendarYear.Source.ADMIN, notice="国办发明电〔2026〕X号"
    )
    CalendarDay.objects.create(date=date(2027, 1, 1), kind=CalendarDay.Kind.HOLIDAY, name="元旦")
    result = add_workdays(date(2026, 12, 31), 1)
    assert result.value == date(2027, 1, 4)
    assert result.warnings == []


def test_admin_can_correct_a_packaged_day():
    # Suppose the State Council moved a make-up day: the table, not the package, decides.
    CalendarDay.objects.filter(date=date(2026, 2, 14)).delete()
    assert add_workdays(date(2026, 2, 13), 1).value == date(2026, 2, 24)


def test_workdays_command_prints_dates_and_counts_and_warns_on_stderr():
    out, err = StringIO(), StringIO()
    call_command("workdays", "add", "2025-09-30", "5", stdout=out, stderr=err)
    assert out.getvalue().strip() == "2025-10-14"
    assert err.getvalue() == ""

    out, err = StringIO(), StringIO()
    call_command("workdays", "between", "2026-12-25", "2027-01-08", stdout=out, stderr=err)
    assert out.getvalue().strip() == "10"
    assert "2027" in err.getvalue()


def test_add_workdays_agrees_with_the_packaged_calendar_from_every_start_day_of_2026():
    from tests.workflows.repair.conftest import official_workday_after

    day = date(2026, 1, 1)
    while day < date(2026, 12, 1):  # the package knows no 2027: stay clear of its end
        for count in (1, 5, 15):
            assert add_workdays(day, count).value == official_workday_after(day, count), day
        day += timedelta(days=1)

"""Working days on the official calendar, across the 2025 and 2026 holiday weeks, and on
the statutory holidays alone in a year whose State Council schedule is not entered."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation

from tests.factories import UserFactory
from workflows.core.holiday_law import statutory_holidays
from workflows.core.models import CalendarDay
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


def test_a_year_without_the_official_schedule_counts_the_statutory_holidays_with_a_warning():
    with translation.override("en"):
        result = add_workdays(date(2026, 12, 31), 1)
    # 1 January 2027 (元旦) is a holiday by law even before the notice: Monday 4 January.
    assert result.value == date(2027, 1, 4)
    assert result.warnings == [
        "The State Council's holiday schedule for 2027 has not been entered: working days "
        "in 2027 are counted on the statutory public holidays only, and make-up working "
        "days are not known yet. The date may still move."
    ]
    with translation.override("zh-hans"):
        assert "2027年" in add_workdays(date(2026, 12, 31), 1).warnings[0]


@pytest.mark.parametrize(
    ("start", "count", "expected", "why"),
    [
        ("2026-12-28", 5, "2027-01-05", "29, 30, 31 Dec; 1 Jan 元旦 off; 4, 5 Jan"),
        ("2027-02-04", 1, "2027-02-09", "5 Feb 除夕 and 6–8 Feb 正月初一至初三 off (Fri–Mon)"),
        ("2027-04-02", 1, "2027-04-06", "5 Apr 清明 is a Monday"),
        ("2027-04-30", 1, "2027-05-03", "1–2 May 劳动节 fall on the weekend: no weekday lost"),
        ("2027-06-08", 1, "2027-06-10", "9 Jun 端午 (a Wednesday)"),
        ("2027-09-14", 1, "2027-09-16", "15 Sep 中秋 (a Wednesday)"),
        ("2027-09-30", 1, "2027-10-04", "1 Oct 国庆 is a Friday, 2–3 Oct the weekend"),
        ("2031-01-21", 1, "2031-01-27", "22 Jan 除夕 to 25 Jan 正月初三 (Wed–Sat)"),
        ("2031-09-30", 1, "2031-10-06", "1 Oct 2031 is both 国庆 and 中秋, counted once"),
    ],
)
def test_statutory_holidays_of_a_year_without_the_notice_are_not_working_days(
    start, count, expected, why
):
    result = add_workdays(date.fromisoformat(start), count)
    assert result.value == date.fromisoformat(expected), why
    assert len(result.warnings) == 1


def test_the_fallback_keeps_every_statutory_day_that_the_official_schedules_made_holidays():
    # In the years with the State Council's notice every statutory day was a holiday.
    for year in (2025, 2026):
        official = set(
            CalendarDay.objects.filter(date__year=year, kind=CalendarDay.Kind.HOLIDAY).values_list(
                "date", flat=True
            )
        )
        law = statutory_holidays(year)
        assert len(law) == 13  # 1 + 4 + 1 + 2 + 1 + 1 + 3 days since the 2024 amendment
        assert set(law) <= official, set(law) - official


def test_before_2025_the_spring_festival_had_three_days_and_labour_day_one():
    law = statutory_holidays(2024)
    assert [name for name in law.values()].count("春节") == 3
    assert [name for name in law.values()].count("劳动节") == 1
    assert date(2024, 2, 9) not in law  # 除夕 became a holiday only in 2025


def test_the_entered_schedule_lifts_the_warning_and_adds_its_extra_days():
    from workflows.core.services.calendar import calendar_year_enter

    admin = UserFactory(is_superuser=True, is_staff=True)
    holidays = {day: name for day, name in statutory_holidays(2027).items()}
    holidays[date(2027, 2, 9)] = "春节"
    calendar_year_enter(
        year=2027, holidays=holidays, workdays={date(2027, 2, 20): "春节调休"},
        notice="国办发明电〔2026〕7号", notice_date=date(2026, 11, 3), actor=admin,
    )  # fmt: skip
    assert add_workdays(date(2026, 12, 31), 1).warnings == []
    assert add_workdays(date(2027, 2, 4), 1).value == date(2027, 2, 10)
    assert add_workdays(date(2027, 2, 19), 1).value == date(2027, 2, 20)  # a make-up Saturday


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
    call_command("workdays", "add", "2026-12-28", "5", stdout=out, stderr=err)
    assert out.getvalue().strip() == "2027-01-05"  # 1 January 2027 is 元旦
    assert "2027" in err.getvalue()

    out, err = StringIO(), StringIO()
    # 28–31 Dec (4), 4–8 Jan (5): 25 Dec itself and 1 Jan (元旦) do not count.
    call_command("workdays", "between", "2026-12-25", "2027-01-08", stdout=out, stderr=err)
    assert out.getvalue().strip() == "9"
    assert "2027" in err.getvalue()


def test_add_workdays_agrees_with_the_official_table_from_every_start_day_of_2026():
    from tests.calendar_oracle import workday_after

    day = date(2026, 1, 1)
    while day < date(2027, 1, 1):  # into 2027 the oracle uses the statutory days written out
        for count in (1, 5, 15):
            assert add_workdays(day, count).value == workday_after(day, count), day
        day += timedelta(days=1)

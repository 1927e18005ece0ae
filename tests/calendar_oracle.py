"""Expected working days for the tests, from official data only, never from a package
that can run out of years (issue 17).

A year with official data is read from the product's own calendar table (loaded from
the State Council's notices). A year without it is counted on the statutory holidays
that the tests' pinned days need, written out below with their reason; make-up working
days are unknown for such a year, exactly as in the product. Any other year fails the
test: pin its clock to one of ``PINNED_DAYS``.
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

SHANGHAI = ZoneInfo("Asia/Shanghai")

#: The days the date-sensitive tests run at: a count across New Year into a year with
#: no official schedule, the middle of that year, and a count across the Spring
#: Festival of a later year without one.
PINNED_DAYS = (date(2026, 12, 28), date(2027, 6, 15), date(2031, 1, 20))

#: 《全国年节及纪念日放假办法》 as amended in 2024 (in force 2025-01-01): 元旦 1 Jan;
#: 春节 除夕 to 正月初三; 清明 the day of the solar term; 劳动节 1–2 May; 端午 5th of the
#: 5th lunar month; 中秋 15th of the 8th; 国庆 1–3 Oct. Lunar dates per the 紫金山天文台
#: calendar (《中国天文年历》).
STATUTORY_WRITTEN_OUT: dict[int, dict[date, str]] = {
    2027: {
        date(2027, 1, 1): "元旦",
        date(2027, 2, 5): "春节（除夕）",
        date(2027, 2, 6): "春节（正月初一）",
        date(2027, 2, 7): "春节（正月初二）",
        date(2027, 2, 8): "春节（正月初三）",
        date(2027, 4, 5): "清明节（清明 4月5日）",
        date(2027, 5, 1): "劳动节",
        date(2027, 5, 2): "劳动节",
        date(2027, 6, 9): "端午节（五月初五）",
        date(2027, 9, 15): "中秋节（八月十五）",
        date(2027, 10, 1): "国庆节",
        date(2027, 10, 2): "国庆节",
        date(2027, 10, 3): "国庆节",
    },
    2028: {
        date(2028, 1, 1): "元旦",
        date(2028, 1, 25): "春节（除夕）",
        date(2028, 1, 26): "春节（正月初一）",
        date(2028, 1, 27): "春节（正月初二）",
        date(2028, 1, 28): "春节（正月初三）",
        date(2028, 4, 4): "清明节（清明 4月4日）",
        date(2028, 5, 1): "劳动节",
        date(2028, 5, 2): "劳动节",
        date(2028, 5, 28): "端午节（五月初五）",
        date(2028, 10, 1): "国庆节",
        date(2028, 10, 2): "国庆节",
        date(2028, 10, 3): "国庆节；中秋节（八月十五）同日",
    },
    2030: {
        date(2030, 1, 1): "元旦",
        date(2030, 2, 2): "春节（除夕）",
        date(2030, 2, 3): "春节（正月初一）",
        date(2030, 2, 4): "春节（正月初二）",
        date(2030, 2, 5): "春节（正月初三）",
        date(2030, 4, 5): "清明节（清明 4月5日）",
        date(2030, 5, 1): "劳动节",
        date(2030, 5, 2): "劳动节",
        date(2030, 6, 5): "端午节（五月初五）",
        date(2030, 9, 12): "中秋节（八月十五）",
        date(2030, 10, 1): "国庆节",
        date(2030, 10, 2): "国庆节",
        date(2030, 10, 3): "国庆节",
    },
    2031: {
        date(2031, 1, 1): "元旦",
        date(2031, 1, 22): "春节（除夕）",
        date(2031, 1, 23): "春节（正月初一）",
        date(2031, 1, 24): "春节（正月初二）",
        date(2031, 1, 25): "春节（正月初三）",
        date(2031, 4, 5): "清明节（清明 4月5日）",
        date(2031, 5, 1): "劳动节",
        date(2031, 5, 2): "劳动节",
        date(2031, 6, 24): "端午节（五月初五）",
        date(2031, 10, 1): "国庆节；中秋节（八月十五）同日",
        date(2031, 10, 2): "国庆节",
        date(2031, 10, 3): "国庆节",
    },
}


def is_workday(day: date) -> bool:
    from workflows.core.models import CalendarDay, CalendarYear

    if CalendarYear.objects.filter(year=day.year).exists():
        kind = CalendarDay.objects.filter(date=day).values_list("kind", flat=True).first()
        if kind is not None:
            return kind == CalendarDay.Kind.WORKDAY
        return day.weekday() < 5
    if day.year in STATUTORY_WRITTEN_OUT:
        return day.weekday() < 5 and day not in STATUTORY_WRITTEN_OUT[day.year]
    pytest.fail(f"the oracle has no official data for {day.year}: pin the test's clock")


def workday_after(start: date, count: int) -> date:
    """The last day of a period of ``count`` working days triggered on ``start``: the
    trigger day is not counted, whether or not it is a working day."""
    day = start
    while count:
        day += timedelta(days=1)
        if is_workday(day):
            count -= 1
    return day


def workday_on_or_before(day: date) -> date:
    while not is_workday(day):
        day -= timedelta(days=1)
    return day


def workdays_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (``start`` <= ``end``)."""
    return sum(is_workday(start + timedelta(days=i)) for i in range(1, (end - start).days + 1))


def moment(day: date) -> datetime:
    """Half past nine in the morning of ``day`` in Urumqi's bureau, Shanghai time."""
    return datetime.combine(day, time(9, 30), tzinfo=SHANGHAI)


def shows_provisional_warning(client, user, url: str, year: int) -> bool:
    """Whether ``user`` sees, on the page at ``url``, that a deadline was counted into
    ``year`` without the State Council's schedule (the text, not a tooltip)."""
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return f"暂定：{year}年节假日安排尚未录入" in response.content.decode()

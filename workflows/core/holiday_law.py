"""The public holidays that the law itself fixes, for a year without the State Council's
annual schedule (《全国年节及纪念日放假办法》, DOMAIN.md §2.2).

Every year the General Office of the State Council publishes the schedule: the
holidays, the days added to them and the make-up working days (调休上班日). Until an
administrator has entered it, working days are counted on the statutory holidays
alone. Make-up days are unknown then, so every such count carries a warning.

``VERSIONS`` is the law as data: each version lists its holidays by anchor (a
Gregorian date, a lunar date, or the solar term 清明) and the days it covers, counted
from the anchor. A year uses the latest version in force on 1 January. Lunar dates and
solar terms are computed with lunar-python, which works from astronomical formulas and
so knows every year, not a table that runs out.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from lunar_python import Lunar, Solar

GREGORIAN, LUNAR, QINGMING = "gregorian", "lunar", "qingming"


@dataclass(frozen=True)
class Holiday:
    name: str
    anchor: str
    month: int = 0
    day: int = 0
    #: Days of the holiday, counted from the anchor (-1: the day before, 除夕 for 春节).
    offsets: tuple[int, ...] = (0,)


@dataclass(frozen=True)
class Version:
    effective_from: date
    legal_basis: str
    holidays: tuple[Holiday, ...]


VERSIONS: tuple[Version, ...] = (
    Version(date(2014, 1, 1), "《全国年节及纪念日放假办法》（国务院令第644号修订）", (
        Holiday("元旦", GREGORIAN, 1, 1),
        Holiday("春节", LUNAR, 1, 1, (0, 1, 2)),  # 正月初一至初三
        Holiday("清明节", QINGMING),
        Holiday("劳动节", GREGORIAN, 5, 1),
        Holiday("端午节", LUNAR, 5, 5),
        Holiday("中秋节", LUNAR, 8, 15),
        Holiday("国庆节", GREGORIAN, 10, 1, (0, 1, 2)),
    )),
    Version(date(2025, 1, 1), "《全国年节及纪念日放假办法》（国务院令第795号修订）", (
        Holiday("元旦", GREGORIAN, 1, 1),
        Holiday("春节", LUNAR, 1, 1, (-1, 0, 1, 2)),  # 除夕至正月初三
        Holiday("清明节", QINGMING),
        Holiday("劳动节", GREGORIAN, 5, 1, (0, 1)),
        Holiday("端午节", LUNAR, 5, 5),
        Holiday("中秋节", LUNAR, 8, 15),
        Holiday("国庆节", GREGORIAN, 10, 1, (0, 1, 2)),
    )),
)  # fmt: skip


def first_year() -> int:
    """The first year for which a version of the law is recorded (counting starts there)."""
    return min(version.effective_from for version in VERSIONS).year


def version_for(year: int) -> Version:
    """The version of the law in force on 1 January of ``year``."""
    in_force = [v for v in VERSIONS if v.effective_from <= date(year, 1, 1)]
    if not in_force:
        raise LookupError(f"no version of the holiday law is recorded for {year}")
    return max(in_force, key=lambda version: version.effective_from)


def _anchor(holiday: Holiday, year: int) -> date:
    if holiday.anchor == GREGORIAN:
        return date(year, holiday.month, holiday.day)
    if holiday.anchor == LUNAR:
        solar = Lunar.fromYmd(year, holiday.month, holiday.day).getSolar()
    else:  # 清明: the lunar year that contains 1 April holds the solar term of that April
        solar = Solar.fromYmd(year, 4, 1).getLunar().getJieQiTable()["清明"]
    return date(solar.getYear(), solar.getMonth(), solar.getDay())


def statutory_holidays(year: int) -> dict[date, str]:
    """The days of ``year`` that the law makes public holidays, with their names."""
    days: dict[date, str] = {}
    for holiday in version_for(year).holidays:
        anchor = _anchor(holiday, year)
        for offset in holiday.offsets:
            days.setdefault(anchor + timedelta(days=offset), holiday.name)
    return dict(sorted(days.items()))

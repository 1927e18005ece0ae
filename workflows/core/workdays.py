"""Working days on the official Chinese calendar (DOMAIN.md §2.2).

A working day is Monday–Friday, minus public holidays, plus make-up working days
(调休上班日), as recorded in ``CalendarDay``. The trigger day is never counted.

A year is confirmed when it has a ``CalendarYear`` row: the packaged official data, or
the State Council's schedule entered by an administrator. A year without one is
counted on the holidays the law fixes (``holiday_law``), with no make-up days, and
every result that touched it carries a warning naming the year.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils.translation import gettext as _

from workflows.core.holiday_law import statutory_holidays
from workflows.core.models import CalendarDay, CalendarYear


@dataclass
class Calendar:
    """Exceptions loaded one year at a time, remembering which years lacked data."""

    exceptions: dict[date, bool] = field(default_factory=dict)  # date -> is a working day
    loaded_years: set[int] = field(default_factory=set)
    known_years: set[int] = field(default_factory=set)
    unknown_years_used: set[int] = field(default_factory=set)

    def _load(self, year: int) -> None:
        self.ensure_years(year, year)

    def ensure_years(self, first: int, last: int) -> None:
        """Load the years from ``first`` to ``last`` not loaded yet, in two queries
        whatever their number (a count over years costs no more than over days)."""
        years = [year for year in range(first, last + 1) if year not in self.loaded_years]
        if not years:
            return
        confirmed = set(CalendarYear.objects.filter(year__in=years).values_list("year", flat=True))
        self.known_years |= confirmed
        for year in years:
            if year not in confirmed:
                self.exceptions.update(dict.fromkeys(statutory_holidays(year), False))
        rows = CalendarDay.objects.filter(
            date__gte=date(years[0], 1, 1), date__lte=date(years[-1], 12, 31)
        ).values_list("date", "kind")
        self.exceptions.update(
            {d: kind == CalendarDay.Kind.WORKDAY for d, kind in rows if d.year in years}
        )
        self.loaded_years.update(years)

    def is_workday(self, day: date) -> bool:
        if day.year not in self.loaded_years:
            self._load(day.year)
        if day.year not in self.known_years:
            self.unknown_years_used.add(day.year)
        if day in self.exceptions:
            return self.exceptions[day]
        return day.weekday() < 5

    def afresh(self) -> "Calendar":
        """A calendar sharing this one's loaded years, with no years used yet: for
        counting many deadlines, each with its own warnings, on one set of queries."""
        return Calendar(self.exceptions, self.loaded_years, self.known_years)

    @property
    def unconfirmed_years(self) -> list[int]:
        """The years without an official schedule that a count so far has touched."""
        return sorted(self.unknown_years_used)

    @property
    def warnings(self) -> list[str]:
        return [year_warning(year) for year in self.unconfirmed_years]


def year_warning(year: int) -> str:
    return _(
        "The State Council's holiday schedule for %(year)d has not been entered: working "
        "days in %(year)d are counted on the statutory public holidays only, and make-up "
        "working days are not known yet. The date may still move."
    ) % {"year": year}


@dataclass(frozen=True)
class WorkdayResult:
    value: date | int | bool
    warnings: list[str]


def add_workdays(start: date, count: int, calendar: Calendar | None = None) -> WorkdayResult:
    """The date ``count`` working days after ``start`` (before it when negative)."""
    calendar = calendar or Calendar()
    step = 1 if count >= 0 else -1
    day, remaining = start, abs(count)
    while remaining:
        day += timedelta(days=step)
        if calendar.is_workday(day):
            remaining -= 1
    return WorkdayResult(day, calendar.warnings)


def workdays_between(start: date, end: date, calendar: Calendar | None = None) -> WorkdayResult:
    """Working days after ``start`` up to and including ``end`` (negative if end < start)."""
    calendar = calendar or Calendar()
    low, high = sorted((start, end))
    calendar.ensure_years(low.year, high.year)
    count = sum(
        1
        for offset in range(1, (high - low).days + 1)
        if calendar.is_workday(low + timedelta(days=offset))
    )
    return WorkdayResult(count if end >= start else -count, calendar.warnings)


def next_workday_on_or_after(day: date, calendar: Calendar | None = None) -> WorkdayResult:
    """``day`` itself when it is a working day, else the next one (for calendar periods)."""
    calendar = calendar or Calendar()
    while not calendar.is_workday(day):
        day += timedelta(days=1)
    return WorkdayResult(day, calendar.warnings)


def unconfirmed_years_in(first: date, last: date) -> list[int]:
    """The years from ``first`` to ``last`` without the official schedule."""
    years = range(first.year, last.year + 1)
    confirmed = set(CalendarYear.objects.filter(year__in=years).values_list("year", flat=True))
    return [year for year in years if year not in confirmed]


def document_date_note(first: date, last: date) -> str:
    """For an official document that states a period counted in working days: a note,
    always in Chinese like the document, when the count ran through a year whose
    schedule is not yet entered; else empty."""
    years = unconfirmed_years_in(first, last)
    if not years:
        return ""
    named = "、".join(f"{year}年" for year in years)
    return (
        f"（注：{named}国务院节假日安排尚未公布，上述日期按法定节假日计算；"
        "安排公布后如有调整，另行告知。）"
    )

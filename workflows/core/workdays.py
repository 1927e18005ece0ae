"""Working days on the official Chinese calendar (DOMAIN.md §2.2).

A working day is Monday–Friday, minus public holidays, plus make-up working days
(调休上班日), as recorded in ``CalendarDay``. The trigger day is never counted.
A year without a ``CalendarYear`` row is counted as plain Monday–Friday and every
result that touched it carries a warning.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils.translation import gettext as _

from workflows.core.models import CalendarDay, CalendarYear


@dataclass
class Calendar:
    """Exceptions loaded one year at a time, remembering which years lacked data."""

    exceptions: dict[date, bool] = field(default_factory=dict)  # date -> is a working day
    loaded_years: set[int] = field(default_factory=set)
    known_years: set[int] = field(default_factory=set)
    unknown_years_used: set[int] = field(default_factory=set)

    def _load(self, year: int) -> None:
        rows = CalendarDay.objects.filter(date__year=year).values_list("date", "kind")
        self.exceptions.update({d: kind == CalendarDay.Kind.WORKDAY for d, kind in rows})
        if CalendarYear.objects.filter(year=year).exists():
            self.known_years.add(year)
        self.loaded_years.add(year)

    def is_workday(self, day: date) -> bool:
        if day.year not in self.loaded_years:
            self._load(day.year)
        if day.year not in self.known_years:
            self.unknown_years_used.add(day.year)
        if day in self.exceptions:
            return self.exceptions[day]
        return day.weekday() < 5

    @property
    def warnings(self) -> list[str]:
        return [year_warning(year) for year in sorted(self.unknown_years_used)]


def year_warning(year: int) -> str:
    return _(
        "The official holiday schedule for %(year)d is not in the calendar; "
        "working days in %(year)d are counted as Monday to Friday. An administrator "
        "should enter it under Calendar days."
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

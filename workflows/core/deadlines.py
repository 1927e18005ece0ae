"""Computing statutory due dates from ``DeadlineRule`` data and the working-day calendar.

The trigger day is not counted. A deadline ends at 24:00 of its last day, Asia/Shanghai
time. A calendar period (days, months, years) whose last day is a rest day moves to the
next working day when its rule says so (DOMAIN.md §2.2).
"""

import calendar as month_calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Q
from django.utils import timezone

from workflows.core.models import DeadlineRule
from workflows.core.workdays import (
    Calendar,
    add_workdays,
    next_workday_on_or_after,
    workdays_between,
    year_warning,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")


class UnknownRule(LookupError):
    pass


def rule_in_force(code: str, on: date) -> DeadlineRule:
    """The version of rule ``code`` in force on ``on`` (the trigger day)."""
    rule = (
        DeadlineRule.objects.filter(code=code, effective_from__lte=on)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gt=on))
        .order_by("-effective_from", "-version")
        .first()
    )
    if rule is None:
        raise UnknownRule(f"no version of deadline rule {code} is in force on {on}")
    return rule


def add_months(day: date, months: int) -> date:
    """Same day ``months`` later, clamped to the month's end (31 Jan + 1 month = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, month_calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class DueDate:
    last_day: date
    due_soon_from: date
    #: Years without the official schedule that the count touched (see ``workdays``).
    unconfirmed_years: list[int]

    @property
    def warnings(self) -> list[str]:
        return [year_warning(year) for year in self.unconfirmed_years]

    @property
    def due_at(self) -> datetime:
        """24:00 of the last day in Shanghai, i.e. the start of the following day."""
        return datetime.combine(self.last_day + timedelta(days=1), time.min, tzinfo=SHANGHAI)


def due_date(rule: DeadlineRule, start: date, calendar: Calendar | None = None) -> DueDate:
    """``calendar``: one whose years are already loaded (its warnings must be fresh)."""
    calendar = calendar or Calendar()
    unit = DeadlineRule.Unit
    if rule.unit == unit.WORKDAYS:
        last_day = add_workdays(start, rule.count, calendar).value
    else:
        if rule.unit == unit.DAYS:
            last_day = start + timedelta(days=rule.count)
        elif rule.unit == unit.MONTHS:
            last_day = add_months(start, rule.count)
        else:
            last_day = add_months(start, 12 * rule.count)
        if rule.roll_to_workday:
            last_day = next_workday_on_or_after(last_day, calendar).value
    due_soon_from = add_workdays(last_day, -rule.due_soon_workdays, calendar).value
    return DueDate(last_day, due_soon_from, calendar.unconfirmed_years)


def due_date_moved(
    rule: DeadlineRule, last_day: date, workdays: int, calendar: Calendar
) -> DueDate:
    """The last day moved on by ``workdays`` working days (a pause), due soon again
    ``rule.due_soon_workdays`` before it."""
    moved = add_workdays(last_day, workdays, calendar).value
    due_soon_from = add_workdays(moved, -rule.due_soon_workdays, calendar).value
    return DueDate(moved, due_soon_from, calendar.unconfirmed_years)


def workdays_left(deadline, today: date, calendar: Calendar | None = None) -> int:
    """Working days after ``today`` up to and including the deadline's last day,
    negative when overdue. A paused deadline stands still: counted from the day it
    was paused."""
    if deadline.paused_at is not None:
        today = min(today, timezone.localdate(deadline.paused_at))
    return workdays_between(today, deadline.due_date, calendar).value

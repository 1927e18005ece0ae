"""The working-day calendar's data: the packaged official years, and each later year's
State Council schedule entered once by an administrator (``calendar_year_enter``)."""

from dataclasses import dataclass
from datetime import date, timedelta

import chinese_calendar
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from workflows.core import audit
from workflows.core.holiday_law import statutory_holidays
from workflows.core.models import CalendarDay, CalendarYear, User
from workflows.core.services.deadline_recompute import Recounted, deadlines_recompute
from workflows.core.services.kit import Refused

HOLIDAY_NAMES_ZH = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-autumn Festival": "中秋节",
    "National Day": "国庆节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}

#: How far a year's schedule may reach into the next or the last year (a New Year
#: holiday such as 30 Dec 2017 – 1 Jan 2018 is announced in the later year's notice).
SCHEDULE_REACH = timedelta(days=31)


@transaction.atomic
def calendar_seed_from_package(day_model=CalendarDay, year_model=CalendarYear) -> int:
    """Upsert the package's holidays and make-up days; years an administrator entered win.

    Returns the number of days written. The models are parameters so that the data
    migration can pass its historical models.
    """
    admin_years = set(
        year_model.objects.filter(source=CalendarYear.Source.ADMIN).values_list("year", flat=True)
    )
    days = [
        day_model(date=day, kind=kind, name=HOLIDAY_NAMES_ZH.get(name, name))
        for kind, table in (
            (CalendarDay.Kind.HOLIDAY, chinese_calendar.holidays),
            (CalendarDay.Kind.WORKDAY, chinese_calendar.workdays),
        )
        for day, name in table.items()
        if day.year not in admin_years
    ]
    day_model.objects.bulk_create(
        days, update_conflicts=True, unique_fields=["date"], update_fields=["kind", "name"]
    )
    years = {day.date.year for day in days}
    year_model.objects.bulk_create(
        [year_model(year=year, source=CalendarYear.Source.PACKAGE) for year in sorted(years)],
        update_conflicts=True,
        unique_fields=["year"],
        update_fields=["source"],
    )
    return len(days)


class ScheduleInvalid(Refused):
    """The schedule contradicts itself or the law; ``reasons`` are for the administrator."""


@dataclass(frozen=True)
class ScheduleEntered:
    year: CalendarYear
    #: Every open deadline the schedule changed: its due date, or only its warning.
    recounted: list[Recounted]

    @property
    def moved(self) -> list[Recounted]:
        return [row for row in self.recounted if row.moved]


def schedule_problems(year: int, holidays: dict[date, str], workdays: dict[date, str]) -> list[str]:
    """What is wrong with a year's schedule, in the administrator's words; empty if nothing."""
    problems = []
    if not holidays:
        problems.append(_("Enter the holidays of the notice: a year cannot have none."))
    first, last = date(year, 1, 1) - SCHEDULE_REACH, date(year, 12, 31) + SCHEDULE_REACH
    for day in sorted({*holidays, *workdays}):
        if not first <= day <= last:
            problems.append(
                _("%(day)s lies outside %(year)d's schedule.") % {"day": day, "year": year}
            )
    for day in sorted(set(holidays) & set(workdays)):
        problems.append(
            _("%(day)s is entered both as a holiday and as a make-up working day.") % {"day": day}
        )
    for day in sorted(workdays):
        if day.weekday() < 5:
            problems.append(
                _("%(day)s is a weekday: a make-up working day is a Saturday or a Sunday.")
                % {"day": day}
            )
    for day, name in statutory_holidays(year).items():
        if day not in holidays:
            problems.append(
                _("%(day)s (%(name)s) is a public holiday by law but is not in the schedule.")
                % {"day": day, "name": name}
            )
    return problems


class _DryRun(Exception):
    def __init__(self, result: ScheduleEntered):
        self.result = result


def calendar_year_enter(
    *,
    year: int,
    holidays: dict[date, str],
    workdays: dict[date, str],
    notice: str,
    notice_date: date,
    actor: User,
    dry_run: bool = False,
) -> ScheduleEntered:
    """Enter (or correct) a whole year's official schedule and move the open deadlines
    that it changes, all in one transaction.

    The days of the year are replaced by the schedule's; the year is confirmed
    (``CalendarYear``), which lifts the warning. ``dry_run``: the same, rolled back,
    to show the administrator what would move before they confirm.
    """
    problems = schedule_problems(year, holidays, workdays)
    if not notice.strip():
        problems.insert(0, _("Enter the number of the State Council's notice."))
    if problems:
        raise ScheduleInvalid(problems)
    try:
        with transaction.atomic():
            result = _enter(year, holidays, workdays, notice.strip(), notice_date, actor)
            if dry_run:
                raise _DryRun(result)
    except _DryRun as rolled_back:
        return rolled_back.result
    return result


def _enter(year, holidays, workdays, notice, notice_date, actor) -> ScheduleEntered:
    dates = {*holidays, *workdays}
    first, last = min([date(year, 1, 1), *dates]), max([date(year, 12, 31), *dates])
    existing = CalendarYear.objects.select_for_update(of=("self",)).filter(year=year).first()
    old_days = CalendarDay.objects.filter(date__year=year) | CalendarDay.objects.filter(
        date__in=dates
    )
    before = {
        "source": existing.source if existing else "",
        "notice": existing.notice if existing else "",
        **_days_by_kind(old_days),
    }
    old_days.delete()
    CalendarDay.objects.bulk_create(
        [CalendarDay(date=d, kind=CalendarDay.Kind.HOLIDAY, name=n) for d, n in holidays.items()]
        + [CalendarDay(date=d, kind=CalendarDay.Kind.WORKDAY, name=n) for d, n in workdays.items()]
    )
    row, _created = CalendarYear.objects.update_or_create(
        year=year,
        defaults={
            "source": CalendarYear.Source.ADMIN,
            "notice": notice,
            "notice_date": notice_date,
            "entered_by": actor,
            "entered_at": timezone.now(),
        },
    )
    audit.record(
        "calendar.schedule_entered",
        stream=f"calendar:{year}",
        actor=actor,
        before=before,
        after={
            "year": year,
            "source": row.source,
            "notice": notice,
            "notice_date": notice_date,
            **_days_by_kind(CalendarDay.objects.filter(date__in=dates)),
        },
    )
    recounted = deadlines_recompute(year=year, actor=actor, first=first, last=last)
    return ScheduleEntered(row, recounted)


def _days_by_kind(days) -> dict[str, list[str]]:
    rows = sorted(days.values_list("date", "kind"))
    return {
        "holidays": [d.isoformat() for d, kind in rows if kind == CalendarDay.Kind.HOLIDAY],
        "workdays": [d.isoformat() for d, kind in rows if kind == CalendarDay.Kind.WORKDAY],
    }

"""Filling the working-day calendar from the chinese-calendar package."""

import chinese_calendar
from django.db import transaction

from workflows.core.models import CalendarDay, CalendarYear

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

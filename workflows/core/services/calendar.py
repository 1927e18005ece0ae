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
    written = 0
    years = set()
    for kind, table in (
        (CalendarDay.Kind.HOLIDAY, chinese_calendar.holidays),
        (CalendarDay.Kind.WORKDAY, chinese_calendar.workdays),
    ):
        for day, name in table.items():
            years.add(day.year)
            if day.year in admin_years:
                continue
            day_model.objects.update_or_create(
                date=day, defaults={"kind": kind, "name": HOLIDAY_NAMES_ZH.get(name, name)}
            )
            written += 1
    for year in years - admin_years:
        year_model.objects.update_or_create(
            year=year, defaults={"source": CalendarYear.Source.PACKAGE}
        )
    return written

"""The administrator's page for a year's State Council holiday schedule: type it in,
see what it changes, confirm (``CalendarYearAdmin``)."""

from datetime import date, timedelta

from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from forms.calendar import CalendarScheduleForm
from workflows.core.holiday_law import statutory_holidays
from workflows.core.models import CalendarDay, CalendarYear
from workflows.core.services.calendar import ScheduleInvalid, calendar_year_enter

#: Moved deadlines listed on the preview (the count is always complete).
PREVIEW_ROWS = 200


def _lines(days: dict[date, str]) -> str:
    """Consecutive days of one name as one line, the way the form reads them."""
    lines, runs, run = [], [], []
    for day, name in sorted(days.items()):
        if run and (day - run[-1][0] != timedelta(days=1) or name != run[-1][1]):
            runs.append(run)
            run = []
        run.append((day, name))
    if run:
        runs.append(run)
    for run in runs:
        first, last, name = run[0][0], run[-1][0], run[0][1]
        lines.append(f"{name} {first}" + (f" 至 {last}" if last != first else ""))
    return "\n".join(lines)


def _initial(year: int | None) -> dict:
    confirmed = set(CalendarYear.objects.values_list("year", flat=True))
    if year is None:
        year = timezone.localdate().year
        while year in confirmed:
            year += 1
    row = CalendarYear.objects.filter(year=year).first()
    days = CalendarDay.objects.filter(date__year=year).order_by("date")
    holidays = {d.date: d.name for d in days if d.kind == CalendarDay.Kind.HOLIDAY}
    workdays = {d.date: d.name for d in days if d.kind == CalendarDay.Kind.WORKDAY}
    if row is None and not holidays:
        holidays = statutory_holidays(year)
    return {
        "year": year,
        "notice": row.notice if row else "",
        "notice_date": row.notice_date if row else None,
        "holidays": _lines(holidays),
        "workdays": "\n".join(f"{day} {name}" for day, name in sorted(workdays.items())),
    }


def schedule_page(model_admin, request, year: int | None):
    form = CalendarScheduleForm(request.POST or None, initial=_initial(year))
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("Enter a year's official holiday schedule"),
        "form": form,
    }
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        arguments = {
            "year": data["year"], "holidays": data["holidays"], "workdays": data["workdays"],
            "notice": data["notice"], "notice_date": data["notice_date"], "actor": request.user,
        }  # fmt: skip
        try:
            result = calendar_year_enter(**arguments, dry_run=not data["confirmed"])
        except ScheduleInvalid as invalid:
            for message in invalid.reasons:
                form.add_error(None, message)
        else:
            if data["confirmed"]:
                values = {
                    "year": data["year"], "notice": data["notice"], "n": len(result.moved),
                    "settled": len(result.recounted) - len(result.moved),
                }  # fmt: skip
                messages.success(request, _(
                    "The %(year)d schedule (%(notice)s) is in the calendar; %(n)d open "
                    "deadlines moved and their assignees were told; %(settled)d more are no "
                    "longer provisional."
                ) % values)  # fmt: skip
                return redirect("admin:core_calendaryear_changelist")
            preview = CalendarScheduleForm(initial={**request.POST.dict(), "confirmed": True})
            context.update({
                "title": _("Check the %(year)d schedule before entering it") % data,
                "preview": True, "form": preview, "year": data["year"],
                "holidays": sorted(data["holidays"].items()),
                "workdays": sorted(data["workdays"].items()),
                "moved": result.moved[:PREVIEW_ROWS], "moved_count": len(result.moved),
                "settled_count": len(result.recounted) - len(result.moved),
            })  # fmt: skip
    return TemplateResponse(request, "admin/core/calendaryear/schedule.html", context)

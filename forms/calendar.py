"""The State Council's holiday schedule for one year, typed in from its notice.

One line per holiday (a name and a day, or a first and a last day) and one line per
make-up working day, as the notice lists them::

    春节 2027-02-05 至 2027-02-11
    2027-02-14 春节调休上班
"""

import re
from datetime import date, timedelta

from django import forms
from django.utils.translation import gettext_lazy as _

DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
#: Words between the days of a range, dropped from the name.
RANGE_WORDS = re.compile(r"(至|到|~|～|—|–|\.\.|\bto\b)")
LONGEST_HOLIDAY = 15


def _dates(line: str, number: int) -> tuple[list[date], str]:
    found = []
    for match in DATE.finditer(line):
        try:
            found.append(date(*(int(part) for part in match.groups())))
        except ValueError as exc:
            raise forms.ValidationError(
                _("Line %(n)d: %(text)s is not a date.") % {"n": number, "text": match.group()}
            ) from exc
    name = RANGE_WORDS.sub(" ", DATE.sub(" ", line))
    return found, " ".join(name.split())[:64]


def _lines(text: str) -> tuple[list[tuple[int, list[date], str]], list]:
    """(line number, its dates, its name) of each line that has text, and the errors of
    the lines whose dates are no dates."""
    rows, errors = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            found, name = _dates(line, number)
        except forms.ValidationError as error:
            errors.append(error)
            continue
        rows.append((number, found, name))
    return rows, errors


def parse_holidays(text: str) -> dict[date, str]:
    days: dict[date, str] = {}
    rows, errors = _lines(text)
    for number, found, name in rows:
        if not found or len(found) > 2:
            errors.append(forms.ValidationError(_(
                "Line %(n)d: give one day, or the first and the last day (YYYY-MM-DD)."
            ) % {"n": number}))  # fmt: skip
            continue
        first, last = found[0], found[-1]
        if last < first or (last - first).days >= LONGEST_HOLIDAY:
            errors.append(forms.ValidationError(_(
                "Line %(n)d: the last day must follow the first, at most %(max)d days later."
            ) % {"n": number, "max": LONGEST_HOLIDAY}))  # fmt: skip
            continue
        if not name:
            errors.append(forms.ValidationError(
                _("Line %(n)d: name the holiday (元旦, 春节 …).") % {"n": number}
            ))  # fmt: skip
            continue
        for offset in range((last - first).days + 1):
            days[first + timedelta(days=offset)] = name
    if errors:
        raise forms.ValidationError(errors)
    return days


def parse_workdays(text: str) -> dict[date, str]:
    days: dict[date, str] = {}
    rows, errors = _lines(text)
    for number, found, name in rows:
        if not found:
            errors.append(forms.ValidationError(
                _("Line %(n)d: give the make-up working day (YYYY-MM-DD).") % {"n": number}
            ))  # fmt: skip
        days.update(dict.fromkeys(found, name or str(_("Make-up working day"))))
    if errors:
        raise forms.ValidationError(errors)
    return days


class CalendarScheduleForm(forms.Form):
    """A whole year at once; the service checks it against the law (``schedule_problems``)."""

    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    notice = forms.CharField(
        label=_("Notice number"),
        max_length=200,
        help_text=_("As printed on the notice, e.g. 国办发明电〔2026〕7号."),
    )
    notice_date = forms.DateField(label=_("Date of the notice"), help_text="YYYY-MM-DD")
    holidays = forms.CharField(
        label=_("Holidays"),
        widget=forms.Textarea(attrs={"rows": 9, "cols": 60}),
        help_text=_(
            "One line per holiday: its name and its day, or its first and last day, "
            "e.g. 春节 2027-02-05 至 2027-02-11."
        ),
    )
    workdays = forms.CharField(
        label=_("Make-up working days"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "cols": 60}),
        help_text=_("One line per day the notice makes a working day, e.g. 2027-02-14 春节调休."),
    )
    #: Set by the preview page: the administrator has seen what moves.
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean_holidays(self):
        return parse_holidays(self.cleaned_data["holidays"])

    def clean_workdays(self):
        return parse_workdays(self.cleaned_data.get("workdays") or "")

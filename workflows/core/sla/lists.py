"""The filters of the SLA dashboard and the drill-down lists behind its numbers.

One form validates the query string of the dashboard, its lists and the API, and
``step_list``/``case_list`` return exactly the rows a number was counted from.
"""

from datetime import date, timedelta
from urllib.parse import urlencode

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from workflows.core.models import Bureau, Case, Deadline, Procedure, User
from workflows.core.selectors import bureaus_visible_to
from workflows.core.sla.figures import (
    OPEN_ORDER,
    Period,
    Scope,
    closed_case_rows,
    completed_step_rows,
    open_case_rows,
    open_step_rows,
    overdue_rows,
)

S = Deadline.Status
DEFAULT_WEEKS = 8


class SlaFilterForm(forms.Form):
    date_from = forms.DateField(label=_("From"), required=False)
    date_to = forms.DateField(label=_("To"), required=False)
    bureau = forms.ChoiceField(label=_("Bureau"), required=False)
    procedure = forms.ChoiceField(
        label=_("Procedure"), required=False, choices=[("", _("All")), *Procedure.choices]
    )
    step = forms.CharField(label=_("Step"), required=False, max_length=64)

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        bureaus = bureaus_visible_to(user)
        bureaus = Bureau.objects.all() if bureaus is None else bureaus
        self.fields["bureau"].choices = [
            ("", _("All")),
            *((b.code, b.name) for b in bureaus.order_by("code")),
        ]
        self.user = user

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        default = Period.weeks_back(today, DEFAULT_WEEKS)
        data["date_from"] = data.get("date_from") or default.date_from
        data["date_to"] = data.get("date_to") or today
        if data["date_from"] > data["date_to"]:
            raise forms.ValidationError(_("The period must not end before it starts."))
        if (data["date_to"] - data["date_from"]).days > 366 * 2:
            raise forms.ValidationError(_("Choose a period of at most two years."))
        return data

    def scope(self) -> Scope:
        data = self.cleaned_data
        return Scope.for_user(
            self.user, data.get("bureau", ""), data.get("procedure", ""), data.get("step", "")
        )

    def period(self) -> Period:
        return Period(self.cleaned_data["date_from"], self.cleaned_data["date_to"])

    def query(self, **extra) -> str:
        """The query string of these filters plus ``extra`` (for drill-down links).

        The filters are encoded once per form: the dashboard asks for hundreds of links."""
        if not hasattr(self, "_encoded"):
            data = self.cleaned_data
            params = {
                "date_from": data["date_from"].isoformat(),
                "date_to": data["date_to"].isoformat(),
                "bureau": data.get("bureau") or "",
                "procedure": data.get("procedure") or "",
                "step": data.get("step") or "",
            }
            self._encoded = {k: urlencode({k: v}) if v else "" for k, v in params.items()}
        encoded = dict(self._encoded)
        for k, v in extra.items():
            if v is not None:
                encoded[k] = urlencode({k: v}) if v != "" else ""
        return "&".join(part for part in encoded.values() if part)


STEP_STATES = (
    ("open", _("Open")),
    ("overdue", _("Overdue")),
    ("completed", _("Completed in the period")),
)
CASE_STATES = (("open", _("Open")), ("closed", _("Closed in the period")))


class StepListForm(SlaFilterForm):
    state = forms.ChoiceField(label=_("Steps"), required=False, choices=STEP_STATES)
    status = forms.ChoiceField(
        label=_("Deadline"),
        required=False,
        choices=[("", _("All")), *((s.value, s.label) for s in Deadline.Status)],
    )
    week = forms.DateField(label=_("Week of"), required=False)
    case = forms.IntegerField(label=_("Case"), required=False, min_value=1)
    provisional = forms.BooleanField(
        label=_("Only provisional deadlines (holiday schedule not entered)"), required=False
    )


class CaseListForm(SlaFilterForm):
    state = forms.ChoiceField(label=_("Cases"), required=False, choices=CASE_STATES)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), *((str(s), S(s).label) for s in OPEN_ORDER)],
    )
    compliant = forms.NullBooleanField(label=_("Within the deadline"), required=False)


def _week(day: date) -> Period:
    monday = day - timedelta(days=day.weekday())
    return Period(monday, monday + timedelta(days=6))


def step_list(form: StepListForm) -> QuerySet[Deadline]:
    """The steps behind a number: open (by status), overdue, or completed (met/breached)."""
    data, scope = form.cleaned_data, form.scope()
    state = data.get("state") or "open"
    if state == "completed":
        period = _week(data["week"]) if data.get("week") else form.period()
        qs = completed_step_rows(scope, period).order_by("-completed_at", "pk")
    elif state == "overdue":
        qs = overdue_rows(scope)
    else:
        qs = open_step_rows(scope).order_by("due_at", "pk")
    if data.get("status"):
        qs = qs.filter(status=data["status"])
    if data.get("case"):
        qs = qs.filter(case_id=data["case"])
    if data.get("provisional"):
        qs = qs.exclude(unconfirmed_years="")
    return qs


def case_list(form: CaseListForm) -> QuerySet[Case]:
    data, scope = form.cleaned_data, form.scope()
    if (data.get("state") or "open") == "closed":
        qs = closed_case_rows(scope, form.period()).order_by("-closed_at", "pk")
        if data.get("compliant") is not None:
            qs = qs.filter(compliant=data["compliant"])
        return qs
    qs = open_case_rows(scope).order_by("opened_at", "pk")
    if data.get("status"):
        qs = qs.filter(sla_status=data["status"])
    return qs

"""The auditor search's query: one form validates the page's and the API's parameters."""

from django import forms
from django.utils.translation import gettext_lazy as _

from search.params import CASES, DEADLINE_CHOICES, MAX_WINDOW, ORDERINGS, SearchParams
from workflows.core.models import Bureau, Case, Procedure

ALL = [("", _("All"))]


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        help_text=_("Part of a name or summary, a USCC, a case number or a person."),
    )
    procedure = forms.ChoiceField(label=_("Procedure"), required=False, choices=ALL)
    bureau = forms.ChoiceField(label=_("Bureau"), required=False, choices=ALL)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=ALL)
    step = forms.CharField(label=_("Step"), required=False, max_length=64)
    event_type = forms.CharField(label=_("Event type"), required=False, max_length=64)
    actor = forms.CharField(label=_("Actor"), required=False, max_length=150)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    deadline = forms.ChoiceField(label=_("Deadline"), required=False, choices=ALL)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    ordering = forms.ChoiceField(label=_("Sort by"), required=False)
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    page_size = forms.IntegerField(
        required=False, min_value=1, max_value=100, widget=forms.HiddenInput
    )

    #: Fields that mean nothing for the other kind of search.
    CASE_ONLY = ("status", "deadline", "overdue")
    EVENT_ONLY = ("event_type",)

    def __init__(self, *args, kind: str = CASES, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        for name in self.EVENT_ONLY if kind == CASES else self.CASE_ONLY:
            del self.fields[name]
        self.fields["procedure"].choices = ALL + list(Procedure.choices)
        self.fields["bureau"].choices = ALL + [
            (b.code, b.name) for b in Bureau.objects.order_by("code").only("code", "name")
        ]
        if kind == CASES:
            self.fields["status"].choices = ALL + list(Case.Status.choices)
            self.fields["deadline"].choices = ALL + list(DEADLINE_CHOICES)
        self.fields["ordering"].choices = ORDERINGS[kind]
        self.fields["date_from"].label = _("Opened from") if kind == CASES else _("From")
        self.fields["date_to"].label = _("Opened until") if kind == CASES else _("Until")

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("The end date is before the start date."))
        page, size = data.get("page") or 1, data.get("page_size") or 25
        if page * size > MAX_WINDOW:
            self.add_error(
                "page",
                _("Only the first %(max)d results can be paged through; narrow the search.")
                % {"max": MAX_WINDOW},
            )
        return data

    def params(self) -> SearchParams:
        """The validated query (call after ``is_valid()``)."""
        data = self.cleaned_data
        deadline = data.get("deadline") or ("overdue" if data.get("overdue") else "")
        return SearchParams(
            kind=self.kind,
            q=(data.get("q") or "").strip(),
            procedure=data.get("procedure") or "",
            bureau=data.get("bureau") or "",
            status=data.get("status") or "",
            step=(data.get("step") or "").strip(),
            actor=(data.get("actor") or "").strip(),
            event_type=(data.get("event_type") or "").strip(),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            deadline=deadline,
            ordering=data.get("ordering") or "",
            page=data.get("page") or 1,
            page_size=data.get("page_size") or 25,
        )


def validation_error_dict(form: forms.Form) -> dict[str, list[str]]:
    return {name: [str(message) for message in errors] for name, errors in form.errors.items()}

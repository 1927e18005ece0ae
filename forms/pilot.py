"""Forms of the pilot procedure (信用商圈/园区/街区试点): shape only; services enforce rules."""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from forms.attachments import AttachmentsField
from forms.tasks import TaskForm
from workflows.core.models import User
from workflows.core.regions import REGIONAL_BUREAU_CODE
from workflows.core.roles import READ_ONLY_ROLES, STAFF_ROLES
from workflows.pilot.models import (
    SCORE_CRITERIA,
    PilotApplication,
    PilotAttachment,
    PilotCall,
    PilotKind,
    PilotReport,
)


def _label(model, name: str):
    return capfirst(model._meta.get_field(name).verbose_name)


def _dates_in_order(form: forms.Form, first: str, last: str, message) -> None:
    data = form.cleaned_data
    if data.get(first) and data.get(last) and data[last] <= data[first]:
        form.add_error(last, message)


# --- the call and the application ----------------------------------------------------


class CallForm(forms.Form):
    title = forms.CharField(label=_label(PilotCall, "title"), max_length=200)
    year = forms.IntegerField(label=_label(PilotCall, "year"), min_value=2024, max_value=2100)
    doc_number = forms.CharField(
        label=_label(PilotCall, "doc_number"), max_length=64, required=False
    )
    description = forms.CharField(
        label=_label(PilotCall, "description"), widget=forms.Textarea(attrs={"rows": 5})
    )
    kinds = forms.MultipleChoiceField(
        label=_label(PilotCall, "kinds"),
        choices=PilotKind.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    opened_on = forms.DateField(label=_label(PilotCall, "opened_on"))
    deadline = forms.DateField(label=_label(PilotCall, "deadline"))
    max_per_bureau = forms.IntegerField(
        label=_label(PilotCall, "max_per_bureau"), min_value=1, max_value=10, initial=2
    )

    def clean(self):
        data = super().clean()
        _dates_in_order(self, "opened_on", "deadline", _("The deadline must follow the opening."))
        return data


class ApplicationForm(forms.Form):
    """试点申报书 with its materials; ``calls`` are the calls open to the user's bureau."""

    call = forms.ModelChoiceField(label=_label(PilotApplication, "call"), queryset=None)
    kind = forms.ChoiceField(label=_label(PilotApplication, "kind"), choices=PilotKind.choices)
    name = forms.CharField(label=_label(PilotApplication, "name"), max_length=200)
    area = forms.CharField(label=_label(PilotApplication, "area"), max_length=500)
    area_km2 = forms.DecimalField(
        label=_label(PilotApplication, "area_km2"), min_value=0.01, max_digits=8, decimal_places=2
    )
    managing_body = forms.CharField(label=_label(PilotApplication, "managing_body"), max_length=200)
    merchant_count = forms.IntegerField(
        label=_label(PilotApplication, "merchant_count"), min_value=1, max_value=1_000_000
    )
    plan = forms.CharField(
        label=_label(PilotApplication, "plan"), max_length=20000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )  # fmt: skip
    indicators = forms.CharField(
        label=_label(PilotApplication, "indicators"), max_length=10000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )  # fmt: skip
    budget = forms.DecimalField(
        label=_label(PilotApplication, "budget"), min_value=0, max_digits=10, decimal_places=2
    )
    period_start = forms.DateField(label=_label(PilotApplication, "period_start"))
    period_end = forms.DateField(label=_label(PilotApplication, "period_end"))
    contact_name = forms.CharField(label=_label(PilotApplication, "contact_name"), max_length=50)
    contact_phone = forms.RegexField(
        label=_label(PilotApplication, "contact_phone"), max_length=32,
        regex=r"^\+?[0-9][0-9 ()\-]{4,30}$",
        error_messages={"invalid": _("Enter a phone number of digits, optionally with +, -.")},
    )  # fmt: skip
    attachments_application = AttachmentsField(
        kind=PilotAttachment.Kind.APPLICATION, required=True,
        label=_("Signed application form (试点申报书)"),
    )  # fmt: skip
    attachments_plan = AttachmentsField(
        kind=PilotAttachment.Kind.PLAN, required=True, label=_("Construction plan")
    )
    attachments_budget = AttachmentsField(
        kind=PilotAttachment.Kind.BUDGET, label=_("Budget and funding proof")
    )

    def __init__(self, *args, calls, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["call"].queryset = calls

    def clean(self):
        data = super().clean()
        _dates_in_order(self, "period_start", "period_end",
                        _("The pilot period must end after it starts."))  # fmt: skip
        call, kind = data.get("call"), data.get("kind")
        if call and kind and call.kinds and kind not in call.kinds:
            self.add_error("kind", _("This call does not invite pilots of this kind."))
        return data


# --- the steps of the case -------------------------------------------------------------


def panel_candidates():
    """Regional-bureau staff who may sit on the expert panel (never read-only roles)."""
    acting = sorted(set(STAFF_ROLES) - {str(role) for role in READ_ONLY_ROLES})
    return (
        User.objects.filter(
            bureau__code=REGIONAL_BUREAU_CODE, is_active=True, groups__name__in=acting
        )
        .distinct()
        .order_by("username")
    )


class FormalCheckForm(TaskForm):
    COMPLETE, SUPPLEMENT, REJECT = PilotApplication.CheckResult.values
    result = forms.ChoiceField(
        label=_("Formal check"), choices=PilotApplication.CheckResult.choices,
        widget=forms.RadioSelect,
    )  # fmt: skip
    opinion = forms.CharField(
        label=_("Opinion"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For supplements: list every item to supply (一次性告知)."),
    )  # fmt: skip
    scorers = forms.ModelMultipleChoiceField(
        label=_("Expert panel"), queryset=User.objects.none(), required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Each expert scores the application in parallel."),
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scorers"].queryset = panel_candidates()

    def clean_scorers(self) -> list[int]:
        """Primary keys: the task stores its data as JSON."""
        return [user.pk for user in self.cleaned_data["scorers"]]

    def clean(self):
        data = super().clean()
        if data.get("result") == self.COMPLETE and not data.get("scorers"):
            self.add_error("scorers", _("Choose the experts who score the application."))
        return data


class SupplementForm(TaskForm):
    response = forms.CharField(
        label=_("Supplements provided"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    attachments = AttachmentsField(
        kind=PilotAttachment.Kind.SUPPLEMENT, label=_("Supplementary materials")
    )


class ScoreForm(TaskForm):
    """评审打分表: points per criterion, each from 0 to its maximum."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, title, points in reversed(SCORE_CRITERIA):
            field = forms.IntegerField(
                label=f"{title}（{points}）", min_value=0, max_value=points
            )  # fmt: skip
            self.fields = {code: field, **self.fields}

    @property
    def items(self) -> dict[str, int]:
        return {code: self.cleaned_data[code] for code, _t, _p in SCORE_CRITERIA}


class ReviewForm(TaskForm):
    APPROVE, REJECT = "approve", "reject"
    recommendation = forms.ChoiceField(
        label=_("Recommendation"), widget=forms.RadioSelect,
        choices=[(APPROVE, _("Recommend approval")), (REJECT, _("Reject"))],
    )  # fmt: skip
    opinion = forms.CharField(
        label=_("Review opinion"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )


class ApprovalForm(TaskForm):
    APPROVE, REFUSE = "approve", "refuse"
    decision = forms.ChoiceField(
        label=_("Decision"), widget=forms.RadioSelect,
        choices=[(APPROVE, _("Approve the pilot")), (REFUSE, _("Do not approve"))],
    )  # fmt: skip
    period_start = forms.DateField(label=_("Pilot period from"))
    period_end = forms.DateField(label=_("Pilot period until"))
    opinion = forms.CharField(
        label=_("Approval opinion"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        application = PilotApplication.objects.filter(case=self.case).first() if self.case else None
        if application is not None:
            self.fields["period_start"].initial = application.period_start
            self.fields["period_end"].initial = application.period_end

    def clean(self):
        data = super().clean()
        _dates_in_order(self, "period_start", "period_end",
                        _("The pilot period must end after it starts."))  # fmt: skip
        return data


class MidtermForm(TaskForm):
    PASS, RECTIFY = "pass", "rectify"
    result = forms.ChoiceField(
        label=_("Result"), widget=forms.RadioSelect,
        choices=[(PASS, _("Passed")), (RECTIFY, _("Rectification ordered"))],
    )  # fmt: skip
    findings = forms.CharField(
        label=_("Findings"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )


class RectificationForm(TaskForm):
    measures = forms.CharField(
        label=_("Rectification measures taken"), max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )  # fmt: skip
    attachments = AttachmentsField(kind=PilotAttachment.Kind.REPORT, label=_("Materials"))


class SelfAssessmentForm(TaskForm):
    assessment = forms.CharField(
        label=_("Self-assessment"), max_length=20000, widget=forms.Textarea(attrs={"rows": 6})
    )
    self_score = forms.IntegerField(label=_("Self-assessed score"), min_value=0, max_value=100)
    attachments = AttachmentsField(
        kind=PilotAttachment.Kind.SELF_ASSESSMENT, label=_("Self-assessment report")
    )


class OnsiteForm(TaskForm):
    inspected_on = forms.DateField(label=_("Inspected on"))
    inspectors = forms.CharField(label=_("Inspection team"), max_length=500)
    findings = forms.CharField(
        label=_("On-site findings"), max_length=8000, widget=forms.Textarea(attrs={"rows": 5})
    )


class AcceptanceOpinionForm(TaskForm):
    ACCEPTED, RECTIFY, FAILED = "accepted", "rectify", "failed"
    result = forms.ChoiceField(
        label=_("Acceptance result"), widget=forms.RadioSelect,
        choices=[(ACCEPTED, _("Accepted")), (RECTIFY, _("Rectify and re-inspect")),
                 (FAILED, _("Failed"))],
    )  # fmt: skip
    opinion = forms.CharField(
        label=_("Acceptance opinion"), max_length=8000, widget=forms.Textarea(attrs={"rows": 5})
    )


class ReportForm(forms.Form):
    """A periodic report: progress for a quarter; results list and summary for a year."""

    progress = forms.CharField(
        label=_label(PilotReport, "progress"), max_length=20000, required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )  # fmt: skip
    results_list = forms.CharField(
        label=_label(PilotReport, "results_list"), max_length=20000, required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )  # fmt: skip
    summary = forms.CharField(
        label=_label(PilotReport, "summary"), max_length=20000, required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )  # fmt: skip

    def __init__(self, *args, report: PilotReport, **kwargs):
        super().__init__(*args, **kwargs)
        self.report = report
        needed = (
            ["progress"]
            if report.kind == PilotReport.Kind.QUARTERLY
            else ["results_list", "summary"]
        )
        for name in list(self.fields):
            if name in needed:
                self.fields[name].required = True
            else:
                del self.fields[name]

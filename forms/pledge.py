"""Forms of the credit-pledge procedure (信用承诺): shape only; services enforce the rules."""

import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forms.tasks import TaskForm
from forms.validators import normalize_uscc
from workflows.pledge.models import Measure, Method, PledgeType, Verification

# --- the register: one pledge (counter, API, a row of a file) ------------------------

#: Column field → the header texts that mean it (matched by forms.tabular.normalize_label).
PLEDGE_COLUMNS: dict[str, tuple[str, ...]] = {
    "uscc": ("统一社会信用代码", "uscc"),
    "pledge_type": ("承诺类型", "pledge_type"),
    "content": ("承诺内容", "content"),
    "matter": ("承诺事项", "matter"),
    "licence_no": ("许可证编号", "licence_no"),
    "pledged_on": ("承诺日期", "pledged_on"),
    "verification_due": ("核查期限", "verification_due"),
    "source_ref": ("来源编号", "source_ref"),
}
REQUIRED_PLEDGE_COLUMNS = ("uscc", "pledge_type", "content", "pledged_on", "source_ref")

#: The words a file uses for a type, or our own codes.
PLEDGE_TYPE_WORDS: dict[str, str] = {
    "告知承诺": PledgeType.LICENSING,
    "承诺容缺": PledgeType.DEFICIENCY,
    "信用修复承诺": PledgeType.REPAIR,
    "主动型承诺": PledgeType.VOLUNTARY,
    "主动承诺": PledgeType.VOLUNTARY,
    "行业自律承诺": PledgeType.SECTOR,
} | {value: value for value in PledgeType.values}

DATE_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y%m%d"]


class PledgeForm(forms.Form):
    """One pledge to register; the field names are the import's column names."""

    uscc = forms.CharField(label=_("unified social credit code"), max_length=64)
    pledge_type = forms.CharField(label=_("pledge type"), max_length=32)
    content = forms.CharField(label=_("content of the pledge"), max_length=4000)
    matter = forms.CharField(label=_("matter"), max_length=200, required=False)
    licence_no = forms.CharField(label=_("licence number"), max_length=64, required=False)
    pledged_on = forms.DateField(label=_("pledged on"), input_formats=DATE_FORMATS)
    verification_due = forms.DateField(
        label=_("verification due"), input_formats=DATE_FORMATS, required=False
    )
    source_ref = forms.CharField(label=_("reference in the source"), max_length=100)

    def clean_uscc(self) -> str:
        return normalize_uscc(self.cleaned_data["uscc"])

    def clean_pledge_type(self) -> str:
        word = unicodedata.normalize("NFKC", self.cleaned_data["pledge_type"]).strip()
        if word not in PLEDGE_TYPE_WORDS:
            raise ValidationError(
                _("Unknown pledge type “%(word)s”; use one of %(types)s."),
                code="pledge_type",
                params={"word": word, "types": "、".join(list(PLEDGE_TYPE_WORDS)[:6])},
            )
        return PLEDGE_TYPE_WORDS[word]

    def clean_source_ref(self) -> str:
        return unicodedata.normalize("NFKC", self.cleaned_data["source_ref"]).strip()

    def clean_pledged_on(self):
        day = self.cleaned_data["pledged_on"]
        if day > timezone.localdate():
            raise ValidationError(_("The pledge date lies in the future."), code="future")
        return day

    def clean(self):
        data = super().clean()
        due, pledged = data.get("verification_due"), data.get("pledged_on")
        if due and pledged and due < pledged:
            self.add_error(
                "verification_due", _("Verification cannot be due before the pledge was made.")
            )
        if data.get("pledge_type") == PledgeType.LICENSING and not data.get("licence_no"):
            self.add_error("licence_no", _("A licensing pledge names its licence number."))
        return data


class PledgeFileForm(forms.Form):
    file = forms.FileField(label=_("Pledge file (CSV or XLSX)"))


# --- the steps of a verification case -----------------------------------------------


class PlanForm(TaskForm):
    method = forms.ChoiceField(label=_("Method"), choices=Method.choices)
    planned_on = forms.DateField(label=_("Verification date"))


class VerifyForm(TaskForm):
    verified_on = forms.DateField(label=_("Verified on"))
    findings = forms.CharField(
        label=_("Findings"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    evidence = forms.CharField(
        label=_("Evidence"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Records, photographs, documents examined (numbered as filed)."),
    )
    result = forms.ChoiceField(label=_("Result"), choices=Verification.Result.choices)


class ServiceForm(TaskForm):
    served_on = forms.DateField(label=_("Served on"))
    method = forms.ChoiceField(
        label=_("Served by"),
        choices=[
            ("direct", _("In person")),
            ("post", _("Registered post")),
            ("electronic", _("Electronic service")),
            ("announcement", _("Public announcement")),
        ],
    )


class StatementForm(TaskForm):
    NONE = "none"
    statement = forms.ChoiceField(
        label=_("Statement and defence"),
        choices=[
            ("submitted", _("Submitted")),
            ("waived", _("Waived in writing")),
            (NONE, _("None within the period")),
        ],
    )
    statement_text = forms.CharField(
        label=_("What the subject stated"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean(self):
        data = super().clean()
        if data.get("statement") == "submitted" and not data.get("statement_text"):
            self.add_error("statement_text", _("Record what the subject stated."))
        return data


class ReviewForm(TaskForm):
    FALSE, FULFILLED = "false", "fulfilled"
    proposal = forms.ChoiceField(
        label=_("Proposal"),
        choices=[(FALSE, _("Find a false pledge")), (FULFILLED, _("Statement accepted"))],
    )
    measures = forms.MultipleChoiceField(
        label=_("Measures"),
        choices=Measure.choices,
        required=False,
        widget=forms.SelectMultiple,
    )
    rectify_by = forms.DateField(label=_("Rectify by"), required=False)
    reasons = forms.CharField(
        label=_("Reasons"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self):
        data = super().clean()
        measures = data.get("measures") or []
        if data.get("proposal") == self.FULFILLED and measures:
            self.add_error("measures", _("No measures when the statement is accepted."))
        if Measure.RECTIFICATION in measures and not data.get("rectify_by"):
            self.add_error("rectify_by", _("Give the time limit of the rectification."))
        return data


class LegalReviewForm(TaskForm):
    PASS, FAIL = "pass", "fail"
    opinion = forms.ChoiceField(
        label=_("Legal review"),
        choices=[(PASS, _("Lawful and appropriate")), (FAIL, _("Reconsider the measures"))],
    )
    reasons = forms.CharField(
        label=_("Reasons"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class DecisionForm(TaskForm):
    FALSE, FULFILLED = "false", "fulfilled"
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(FALSE, _("False pledge (认定不实承诺)")), (FULFILLED, _("Pledge fulfilled"))],
    )
    reasons = forms.CharField(
        label=_("Reasons"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class PublishForm(TaskForm):
    published_on = forms.DateField(label=_("Published on"))

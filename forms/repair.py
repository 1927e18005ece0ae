"""Forms of the credit-repair steps (信用修复): shape only; services enforce the rules."""

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from forms.attachments import AttachmentsField, attachments_of
from forms.tasks import TaskForm
from forms.validators import normalize_uscc
from workflows.core.models import Subject
from workflows.repair.models import RepairApplication


class AcceptForm(TaskForm):
    """受理: accept, refuse to accept, or ask for supplements (2 working days)."""

    ACCEPT, NOT_ACCEPT, SUPPLEMENT = "accept", "not_accept", "supplement"
    decision = forms.ChoiceField(
        label=_("Acceptance"),
        choices=[
            (ACCEPT, _("Accept (受理)")),
            (NOT_ACCEPT, _("Do not accept (不予受理)")),
            (SUPPLEMENT, _("Ask for supplements (补正)")),
        ],
    )
    reasons = forms.CharField(
        label=_("Reasons"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when not accepting or asking for supplements."),
    )
    missing_materials = forms.CharField(
        label=_("Non-essential materials pledged to follow (承诺容缺)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    decide_now = forms.BooleanField(
        label=_("Grant at once (即申即办, abnormal-list kinds only)"), required=False
    )

    def clean(self):
        data = super().clean()
        decision = data.get("decision")
        if decision in (self.NOT_ACCEPT, self.SUPPLEMENT) and not data.get("reasons"):
            self.add_error("reasons", _("Give the reasons the applicant will read."))
        if decision != self.ACCEPT and (data.get("missing_materials") or data.get("decide_now")):
            self.add_error("decision", _("Pledged materials and granting at once need acceptance."))
        return data


class SupplementForm(TaskForm):
    """补正: the applicant's supplementary materials were received."""

    received_on = forms.DateField(label=_("Supplements received on"))


class VerifyForm(TaskForm):
    GRANT, REFUSE = "grant", "refuse"
    opinion = forms.ChoiceField(
        label=_("Verification opinion"),
        choices=[(GRANT, _("Conditions met: grant")), (REFUSE, _("Conditions not met: refuse"))],
    )
    method = forms.ChoiceField(
        label=_("Verified"),
        choices=[("online", _("Online")), ("written", _("In writing")), ("on_site", _("On site"))],
    )
    findings = forms.CharField(label=_("Findings"), max_length=4000, widget=forms.Textarea)


class ReviewForm(TaskForm):
    AGREE, SEND_BACK = "agree", "send_back"
    result = forms.ChoiceField(
        label=_("Review"),
        choices=[(AGREE, _("Agree")), (SEND_BACK, _("Send back for verification"))],
    )
    needs_legal_review = forms.BooleanField(label=_("Legal review required"), required=False)


class LegalReviewForm(TaskForm):
    opinion = forms.ChoiceField(
        label=_("Legal review"),
        choices=[("pass", _("Lawful: pass")), ("fail", _("Not lawful: see comment"))],
    )


class DecideForm(TaskForm):
    GRANT, REFUSE = "grant", "refuse"
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(GRANT, _("Grant repair (准予信用修复)")), (REFUSE, _("Refuse (不予信用修复)"))],
    )
    reasons = forms.CharField(
        label=_("Reasons"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == self.REFUSE and not data.get("reasons"):
            self.add_error("reasons", _("A refusal states its reasons."))
        return data


class ExecuteForm(TaskForm):
    """执行: publicity stopped or the record removed on the publicity system."""

    executed_on = forms.DateField(label=_("Executed on the publicity system on"))


class PostCheckForm(TaskForm):
    result = forms.ChoiceField(
        label=_("Post-check"),
        choices=[("confirmed", _("Conditions confirmed")), ("fraud", _("False materials found"))],
    )


# --- intake: the application at the counter and through the online-channel API -------

#: Upload fields of an application → the kind each file is stored as. The counter form
#: and the online API use the same field names.
ATTACHMENT_FIELDS: tuple[tuple[str, str], ...] = (
    ("attachments_application", "application"),  # 信用修复申请书
    ("attachments_pledge", "pledge"),  # 守信承诺书
    ("attachments_evidence", "evidence"),  # proof of performance and correction
)


def _field_label(model, name: str):
    """A form label that is the model field's own (already translated) name."""
    return capfirst(model._meta.get_field(name).verbose_name)


_PHONE = re.compile(r"^\+?[0-9][0-9 ()\-]{4,30}$")


def normalize_phone(value: str) -> str:
    """A contact phone as typed (full-width digits forgiven), or ValidationError."""
    phone = unicodedata.normalize("NFKC", value or "").strip()
    if phone and not _PHONE.match(phone):
        raise ValidationError(
            _("Enter a phone number of digits, optionally with +, -, spaces or brackets."),
            code="phone",
        )
    return phone


class RepairSubjectForm(forms.Form):
    """Step 1 of an application at the counter: whose record is to be repaired."""

    uscc = forms.CharField(
        label=_field_label(Subject, "uscc"),
        max_length=64,
        help_text=_("18 characters; full-width characters and lower case are accepted."),
    )

    def clean_uscc(self) -> str:
        return normalize_uscc(self.cleaned_data["uscc"])


class RepairApplicationForm(forms.Form):
    """Step 2: the record, the applicant, the grounds, the pledge and the materials.

    ``records`` are the subject's listed records the clerk may see; the service decides
    whether the chosen one may be repaired.
    """

    uscc = forms.CharField(widget=forms.HiddenInput)
    record = forms.ModelChoiceField(
        label=_field_label(RepairApplication, "credit_record"),
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
    )
    applicant_name = forms.CharField(
        label=_field_label(RepairApplication, "applicant_name"), max_length=100
    )
    applicant_phone = forms.CharField(
        label=_field_label(RepairApplication, "applicant_phone"), max_length=32, required=False
    )
    grounds = forms.CharField(
        label=_field_label(RepairApplication, "grounds"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("How the obligations were performed and the violation corrected."),
    )
    pledge_made = forms.BooleanField(
        label=_field_label(RepairApplication, "pledge_made"), required=False
    )
    attachments_application = AttachmentsField(
        kind=ATTACHMENT_FIELDS[0][1], label=_("Application form (信用修复申请书)")
    )
    attachments_pledge = AttachmentsField(
        kind=ATTACHMENT_FIELDS[1][1], label=_("Credit pledge (守信承诺书)")
    )
    attachments_evidence = AttachmentsField(
        kind=ATTACHMENT_FIELDS[2][1], label=_("Proof of performance and correction")
    )

    def __init__(self, *args, records, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["record"].queryset = records
        self.fields["record"].label_from_instance = record_label

    def clean_uscc(self) -> str:
        return normalize_uscc(self.cleaned_data["uscc"])

    def clean_applicant_phone(self) -> str:
        return normalize_phone(self.cleaned_data["applicant_phone"])

    @property
    def attachments(self) -> list[dict]:
        return attachments_of(self)


def record_label(record) -> str:
    """乌市监处罚〔2024〕9号 · 严重违法失信名单 · 列入 2024-11-26 · 可修复自 2025-11-26."""
    listed = _("listed %(date)s") % {"date": record.listed_on.isoformat()}
    parts = [record.decision_no, record.get_kind_display(), listed]
    if record.repairable_from:
        parts.append(_("repairable from %(date)s") % {"date": record.repairable_from.isoformat()})
    parts.append(record.deciding_bureau.name)
    return " · ".join(str(part) for part in parts if part)


class RevokeForFraudForm(forms.Form):
    """撤销信用修复: the reason is served on the subject with the revocation."""

    reason = forms.CharField(
        label=_("Reason for revocation"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Which facts were hidden or which materials were false."),
    )
    confirm = forms.BooleanField(
        label=_("I confirm: the record becomes public again and its period starts over."),
    )

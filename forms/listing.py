"""Forms of serious-violation listing: the court referral (API and file rows) and the steps.

Shape only; the services enforce the procedural rules (deadlines, hearing notice).
"""

import base64
import binascii
import unicodedata

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from forms.tasks import TaskForm
from forms.validators import inspect_upload, normalize_uscc

# --- court referrals ----------------------------------------------------------------

#: Column field -> the header texts that mean it in a court's file.
REFERRAL_COLUMNS: dict[str, tuple[str, ...]] = {
    "court_code": ("法院代码", "court_code"),
    "court_name": ("法院名称", "court_name"),
    "court_case_number": ("案号", "court_case_number"),
    "judgment_number": ("裁判文书号", "文书号", "judgment_number"),
    "judgment_date": ("裁判日期", "judgment_date"),
    "uscc": ("统一社会信用代码", "uscc"),
    "subject_name": ("当事人名称", "名称", "subject_name"),
    "cause": ("案由", "cause"),
}
REQUIRED_REFERRAL_COLUMNS = tuple(REFERRAL_COLUMNS)


def _text(value: str, *, nfkc: bool) -> str:
    value = unicodedata.normalize("NFKC", value or "") if nfkc else value or ""
    return " ".join(value.split())


class CourtReferralForm(forms.Form):
    """One referral, from the court API (JSON) or a row of a court's file.

    Codes and numbers are normalised (NFKC: full-width characters as ASCII) so that
    the same judgment typed with full-width digits is the same key; texts keep their
    characters, with blanks collapsed. The idempotency check compares NFKC forms.
    """

    court_code = forms.CharField(label=_("court code"), max_length=32)
    court_name = forms.CharField(label=_("court name"), max_length=100)
    court_case_number = forms.CharField(label=_("court case number"), max_length=64)
    judgment_number = forms.CharField(label=_("judgment number"), max_length=64)
    judgment_date = forms.DateField(label=_("judgment date"), input_formats=["%Y-%m-%d"])
    uscc = forms.CharField(label=_("unified social credit code"))
    subject_name = forms.CharField(label=_("subject name"), max_length=200)
    cause = forms.CharField(label=_("cause"), max_length=4000)
    document = forms.CharField(label=_("judgment document (base64 PDF)"), required=False)

    def _clean_text(self, name: str, *, nfkc: bool = False) -> str:
        value = _text(self.cleaned_data[name], nfkc=nfkc)
        if not value:
            raise ValidationError(_("This field is required."), code="required")
        return value

    def clean_court_code(self) -> str:
        return self._clean_text("court_code", nfkc=True)

    def clean_court_name(self) -> str:
        return self._clean_text("court_name")

    def clean_court_case_number(self) -> str:
        return self._clean_text("court_case_number", nfkc=True)

    def clean_judgment_number(self) -> str:
        return self._clean_text("judgment_number", nfkc=True)

    def clean_subject_name(self) -> str:
        return self._clean_text("subject_name")

    def clean_cause(self) -> str:
        return self._clean_text("cause")

    def clean_uscc(self) -> str:
        return normalize_uscc(self.cleaned_data["uscc"])

    def clean_judgment_date(self):
        from django.utils import timezone

        day = self.cleaned_data["judgment_date"]
        if day > timezone.localdate():
            raise ValidationError(_("The judgment date lies in the future."), code="future")
        return day

    def clean_document(self) -> dict | None:
        """The decoded PDF as ``inspect_upload`` returns it, or None."""
        encoded = "".join((self.cleaned_data.get("document") or "").split())
        if not encoded:
            return None
        try:
            content = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise ValidationError(_("The document is not valid base64."), code="base64") from exc
        upload = inspect_upload("judgment.pdf", content, max_bytes=settings.UPLOAD_MAX_BYTES)
        if upload["extension"] != "pdf":
            raise ValidationError(_("The judgment document must be a PDF."), code="not_pdf")
        return upload


class CourtReferralFileForm(forms.Form):
    """The upload of a court's CSV or XLSX file (UTF-8 or GBK) in the UI."""

    file = forms.FileField(label=_("Court referral file (CSV or XLSX)"))


# --- steps of the listing case --------------------------------------------------------

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class RegisterForm(TaskForm):
    """线索登记: register a case (立案) or not."""

    REGISTER, NO_CASE = "register", "no_case"
    decision = forms.ChoiceField(
        label=_("Registration"),
        choices=[(REGISTER, _("Register a case (立案)")), (NO_CASE, _("No case (不予立案)"))],
    )
    reasons = forms.CharField(label=_("Reasons"), required=False, max_length=2000)

    def clean(self):
        data = super().clean()
        if data.get("decision") == self.NO_CASE and not data.get("reasons"):
            self.add_error("reasons", _("Give the reasons for not registering a case."))
        return data


class AssessmentForm(TaskForm):
    """Investigation and the listing assessment under Order 44 Art. 12 (the factors)."""

    LIST, NOT_LIST = "list", "not_list"
    intent = forms.ChoiceField(
        label=_("Subjective intent"),
        choices=[("intentional", _("Intentional")), ("negligent", _("Negligent")),
                 ("none_proven", _("Proved to have no intent"))],
    )  # fmt: skip
    frequency = forms.IntegerField(label=_("Number of violations"), min_value=1)
    duration_days = forms.IntegerField(label=_("Duration (days)"), min_value=0)
    penalty_type = forms.ChoiceField(
        label=_("Penalty type"),
        choices=[("heavy_fine", _("Fine at the heavier end")),
                 ("licence_revoked", _("Licence revoked")),
                 ("business_restricted", _("Business restricted or suspended")),
                 ("practice_restricted", _("Restriction from practice")),
                 ("court_judgment", _("Effective court judgment")),
                 ("other", _("Other heavier penalty"))],
    )  # fmt: skip
    fine_amount = forms.DecimalField(label=_("Fine (yuan)"), min_value=0, decimal_places=2)
    confiscated_amount = forms.DecimalField(
        label=_("Confiscated (yuan)"), min_value=0, decimal_places=2
    )
    goods_value = forms.DecimalField(
        label=_("Value of goods (yuan)"), min_value=0, decimal_places=2
    )
    health_harm = forms.ChoiceField(label=_("Harm to health or life"), choices=YES_NO)
    property_loss = forms.DecimalField(
        label=_("Property loss (yuan)"), min_value=0, decimal_places=2
    )
    social_impact = forms.ChoiceField(
        label=_("Social impact"),
        choices=[("minor", _("Minor")), ("serious", _("Serious")), ("severe", _("Severe"))],
    )
    proposal = forms.ChoiceField(
        label=_("Proposal"), choices=[(LIST, _("Propose listing")), (NOT_LIST, _("Do not list"))]
    )
    restriction_until = forms.DateField(label=_("Restriction period ends"), required=False)
    findings = forms.CharField(label=_("Findings"), max_length=4000, widget=forms.Textarea)


class NoticeForm(TaskForm):
    """Sign-off of the pre-listing notice (列入前告知书)."""

    facts = forms.CharField(label=_("Facts and evidence"), max_length=4000, widget=forms.Textarea)
    basis = forms.CharField(label=_("Basis (articles)"), max_length=500)


SERVICE_METHODS = [
    ("direct", _("Direct service")),
    ("post", _("By post")),
    ("electronic", _("Electronic service")),
    ("public", _("Public announcement")),
]


class ServiceForm(TaskForm):
    """送达: the date and method of service."""

    served_on = forms.DateField(label=_("Served on"))
    method = forms.ChoiceField(label=_("Method of service"), choices=SERVICE_METHODS)


class StatementForm(TaskForm):
    """The subject's statement and defence, and its hearing request (5 WD each)."""

    SUBMITTED, WAIVED, NONE = "submitted", "waived", "none"
    statement = forms.ChoiceField(
        label=_("Statement and defence"),
        choices=[(SUBMITTED, _("Submitted")), (WAIVED, _("Waived in writing")),
                 (NONE, _("None within the period"))],
    )  # fmt: skip
    statement_text = forms.CharField(label=_("Statement"), required=False, max_length=4000)
    REQUESTED, HEARING_WAIVED = "yes", "waived"
    hearing_requested = forms.ChoiceField(
        label=_("Hearing"),
        choices=[(REQUESTED, _("Requested")), (HEARING_WAIVED, _("Waived in writing")),
                 (NONE, _("Not requested within the period"))],
    )  # fmt: skip
    requested_on = forms.DateField(label=_("Hearing requested on"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("hearing_requested") == "yes" and not data.get("requested_on"):
            self.add_error("requested_on", _("Give the day the hearing was requested."))
        return data


class HearingNoticeForm(TaskForm):
    """听证通知书: at least 7 working days before the hearing."""

    notified_on = forms.DateField(label=_("Notice served on"))
    hearing_date = forms.DateField(label=_("Hearing date"))
    place = forms.CharField(label=_("Place"), max_length=200)
    officer = forms.CharField(label=_("Hearing officer"), max_length=64)


class HearingForm(TaskForm):
    """听证笔录."""

    held_on = forms.DateField(label=_("Held on"))
    record = forms.CharField(label=_("Hearing record"), max_length=8000, widget=forms.Textarea)


class RecheckForm(TaskForm):
    MAINTAIN, DROP = "maintain", "drop"
    result = forms.ChoiceField(
        label=_("Re-check of the subject's case"),
        choices=[(MAINTAIN, _("Defence rejected: maintain the proposal")),
                 (DROP, _("Defence adopted: do not list"))],
    )  # fmt: skip
    reasons = forms.CharField(label=_("Reasons"), max_length=4000)


class LegalReviewForm(TaskForm):
    PASS, FAIL = "pass", "fail"
    opinion = forms.ChoiceField(
        label=_("Legal review"), choices=[(PASS, _("Pass")), (FAIL, _("Fail"))]
    )
    reasons = forms.CharField(label=_("Reasons"), max_length=4000)


class BusinessRecheckForm(TaskForm):
    AGREE, DISAGREE = "agree", "disagree"
    result = forms.ChoiceField(
        label=_("Business-line re-check"), choices=[(AGREE, _("Agree")), (DISAGREE, _("Disagree"))]
    )
    reasons = forms.CharField(label=_("Reasons"), required=False, max_length=4000)


class UpperApprovalForm(TaskForm):
    APPROVE, REFUSE = "approve", "refuse"
    result = forms.ChoiceField(
        label=_("Upper-level approval"), choices=[(APPROVE, _("Approve")), (REFUSE, _("Refuse"))]
    )
    reasons = forms.CharField(label=_("Reasons"), required=False, max_length=4000)

    def clean(self):
        data = super().clean()
        if data.get("result") == self.REFUSE and not data.get("reasons"):
            self.add_error("reasons", _("Give the reasons for refusing."))
        return data


class DecisionForm(TaskForm):
    LIST, NOT_LIST = "list", "not_list"
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[(LIST, _("List")), (NOT_LIST, _("Do not list"))]
    )
    reasons = forms.CharField(label=_("Reasons"), max_length=4000)


class PublishForm(TaskForm):
    """The publicity system confirmed the publication on GSXT."""

    published_on = forms.DateField(label=_("Published on"))


# --- abnormal-list objections -----------------------------------------------------------


class ObjectionAcceptForm(TaskForm):
    ACCEPT, NOT_ACCEPT = "accept", "not_accept"
    decision = forms.ChoiceField(
        label=_("Objection"),
        choices=[(ACCEPT, _("Accept for verification")), (NOT_ACCEPT, _("Do not accept"))],
    )
    reasons = forms.CharField(label=_("Reasons"), required=False, max_length=2000)

    def clean(self):
        data = super().clean()
        if data.get("decision") == self.NOT_ACCEPT and not data.get("reasons"):
            self.add_error("reasons", _("Give the reasons for not accepting."))
        return data


class ObjectionVerifyForm(TaskForm):
    UPHELD, REJECTED = "upheld", "rejected"
    result = forms.ChoiceField(
        label=_("Verification"),
        choices=[(UPHELD, _("Objection upheld: revoke the listing")),
                 (REJECTED, _("Objection rejected: the listing stands"))],
    )  # fmt: skip
    reasons = forms.CharField(label=_("Findings"), max_length=4000)

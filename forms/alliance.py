"""Forms of the credit alliance (企业信用同盟): shape only; services enforce the rules.

The same forms validate the UI and the API: step forms through
``services.tasks.task_complete``, the nomination and objection forms through the API's
serializers, which call ``clean_scores`` and the shared validators.
"""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forms.repair import normalize_phone
from forms.tasks import TaskForm
from forms.validators import normalize_uscc

_TEXT = {"widget": forms.Textarea(attrs={"rows": 3}), "max_length": 4000}


def _required_if(form: forms.Form, condition: bool, field: str, message) -> None:
    if condition and not form.cleaned_data.get(field):
        form.add_error(field, message)


# --- intake ------------------------------------------------------------------------


class NominationForm(forms.Form):
    """推荐: a prefecture bureau nominates an enterprise of its area."""

    uscc = forms.CharField(
        label=_("Unified social credit code"),
        max_length=64,
        help_text=_("18 characters; full-width characters and lower case are accepted."),
    )
    established_on = forms.DateField(
        label=_("Established on"), help_text=_("As on the business licence (YYYY-MM-DD).")
    )
    contact_name = forms.CharField(label=_("Contact person"), max_length=100)
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=32, required=False)
    statement = forms.CharField(
        label=_("Reasons for the nomination"),
        help_text=_("Credit management, compliance record, industry standing."),
        **_TEXT,
    )
    pledge_signed = forms.BooleanField(
        label=_("The enterprise has signed the public credit pledge"), required=False
    )

    def clean_uscc(self) -> str:
        return normalize_uscc(self.cleaned_data["uscc"])

    def clean_contact_phone(self) -> str:
        return normalize_phone(self.cleaned_data["contact_phone"])

    def clean_established_on(self):
        value = self.cleaned_data["established_on"]
        if value > timezone.localdate():
            raise ValidationError(_("The establishment date cannot be in the future."))
        return value


class ObjectionEntryForm(forms.Form):
    """An objection received by letter, telephone or visit, entered by staff."""

    objector_name = forms.CharField(label=_("Objector"), max_length=100)
    objector_contact = forms.CharField(
        label=_("Objector's contact"), max_length=100, required=False
    )
    grounds = forms.CharField(label=_("Grounds of the objection"), **_TEXT)


# --- admission steps ---------------------------------------------------------------


class PrefectureCheckForm(TaskForm):
    """地州市局审核: materials and, where useful, an on-site visit."""

    RECOMMEND, NOT_RECOMMEND = "recommend", "not_recommend"
    opinion = forms.ChoiceField(
        label=_("Opinion"),
        choices=[(RECOMMEND, _("Recommend")), (NOT_RECOMMEND, _("Do not recommend"))],
    )
    site_visit_on = forms.DateField(label=_("On-site visit on"), required=False)
    findings = forms.CharField(label=_("Findings"), **_TEXT)

    def clean(self):
        data = super().clean()
        visit = data.get("site_visit_on")
        if visit and visit > timezone.localdate():
            self.add_error("site_visit_on", _("A visit cannot be recorded in advance."))
        return data


class PrefectureSignoffForm(TaskForm):
    AGREE, SEND_BACK = "agree", "send_back"
    result = forms.ChoiceField(
        label=_("Section head"),
        choices=[(AGREE, _("Agree with the opinion")), (SEND_BACK, _("Send back"))],
    )


class RegionalReviewForm(TaskForm):
    SHORTLIST, REJECT, EXPERTS = "shortlist", "reject", "experts"
    decision = forms.ChoiceField(
        label=_("Regional review"),
        choices=[
            (SHORTLIST, _("Shortlist for the public notice")),
            (EXPERTS, _("Ask an expert panel to score")),
            (REJECT, _("Do not shortlist")),
        ],
    )
    opinion = forms.CharField(label=_("Opinion"), **_TEXT)


_SCORE_LINE = re.compile(r"^\s*(?P<name>\S.*?)\s*[,，:：\s]\s*(?P<score>\d+(?:\.\d+)?)\s*$")


def clean_scores(text: str) -> list[dict]:
    """Lines of "name score" (e.g. 李明 86.5) → [{"name", "score"}], scores 0 to 100."""
    scores, errors = [], []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        match = _SCORE_LINE.match(line)
        try:
            score = Decimal(match["score"]) if match else None
        except InvalidOperation:
            score = None
        if score is None or not (0 <= score <= 100):
            errors.append(
                _("Line %(n)d: write the expert's name and a score from 0 to 100.") % {"n": number}
            )
            continue
        scores.append({"name": match["name"], "score": str(score)})
    if errors:
        raise ValidationError(errors)
    if not scores:
        raise ValidationError(_("Enter at least one expert's score."))
    return scores


class ExpertScoringForm(TaskForm):
    scores = forms.CharField(
        label=_("Expert scores"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=2000,
        help_text=_("One expert per line: name and score (0–100), e.g. 李明 86."),
    )
    opinion = forms.CharField(label=_("Panel opinion"), **_TEXT)

    def clean_scores(self) -> list[dict]:
        return clean_scores(self.cleaned_data["scores"])


class ObjectionDecisionForm(TaskForm):
    """One pending objection of the case decided: upheld or dismissed."""

    UPHOLD, DISMISS = "upheld", "dismissed"
    objection = forms.TypedChoiceField(label=_("Objection"), coerce=int)
    result = forms.ChoiceField(
        label=_("Finding"),
        choices=[(DISMISS, _("Not established: dismiss")), (UPHOLD, _("Established: uphold"))],
    )
    findings = forms.CharField(label=_("Findings of the verification"), **_TEXT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from workflows.alliance.selectors import pending_objections

        pending = pending_objections(self.case) if self.case else []
        self.fields["objection"].choices = [
            (o.pk, f"{o.objector_name}（{o.received_on:%Y-%m-%d}）：{o.grounds[:80]}")
            for o in pending
        ]


class ApproveForm(TaskForm):
    ADMIT, REFUSE = "admit", "refuse"
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[(ADMIT, _("Admit")), (REFUSE, _("Do not admit"))]
    )
    member_pledge_signed = forms.BooleanField(
        label=_("The member pledge has been signed"), required=False
    )
    reasons = forms.CharField(label=_("Reasons"), required=False, **_TEXT)

    def clean(self):
        data = super().clean()
        admit = data.get("decision") == self.ADMIT
        _required_if(self, admit and not data.get("member_pledge_signed"), "member_pledge_signed",
                     _("A member signs the member pledge before admission."))  # fmt: skip
        _required_if(self, data.get("decision") == self.REFUSE, "reasons",
                     _("A refusal states its reasons."))  # fmt: skip
        return data


# --- membership review --------------------------------------------------------------


class AssessForm(TaskForm):
    EXPEL, KEEP = "expel", "keep"
    proposal = forms.ChoiceField(
        label=_("Proposal"),
        choices=[(EXPEL, _("Propose expulsion (serve the prior notice)")),
                 (KEEP, _("Propose keeping the membership"))],
    )  # fmt: skip
    findings = forms.CharField(label=_("Findings"), **_TEXT)
    notice_served_on = forms.DateField(label=_("Prior notice served on"), required=False)

    def clean(self):
        data = super().clean()
        expel = data.get("proposal") == self.EXPEL
        _required_if(self, expel, "notice_served_on",
                     _("Give the day the prior notice was served."))  # fmt: skip
        served = data.get("notice_served_on")
        if served and served > timezone.localdate():
            self.add_error("notice_served_on", _("Service cannot be recorded in advance."))
        return data


class StatementForm(TaskForm):
    SUBMITTED, NONE = "submitted", "none"
    statement = forms.ChoiceField(
        label=_("Statement and defence"),
        choices=[(SUBMITTED, _("Submitted")), (NONE, _("None within the period"))],
    )
    statement_text = forms.CharField(label=_("Statement of the member"), required=False, **_TEXT)

    def clean(self):
        data = super().clean()
        _required_if(self, data.get("statement") == self.SUBMITTED, "statement_text",
                     _("Record what the member stated."))  # fmt: skip
        return data


class ExpelDecideForm(TaskForm):
    EXPEL, KEEP = "expel", "keep"
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[(EXPEL, _("Expel")), (KEEP, _("Keep the membership"))]
    )
    reasons = forms.CharField(label=_("Reasons"), **_TEXT)

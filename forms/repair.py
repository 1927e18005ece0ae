"""Forms of the credit-repair steps (信用修复): shape only; services enforce the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from forms.tasks import TaskForm


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

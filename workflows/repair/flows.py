"""信用修复: the wiring of the credit-repair procedure (DOMAIN.md §3.4).

Read it as the process diagram; every step's writes are in ``services``.
"""

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow

from forms import repair as forms
from workflows.core.flow import CaseFlow, HumanTask
from workflows.core.roles import Role
from workflows.repair import services
from workflows.repair.selectors import application_of

#: The decision period a step runs within: 5 WD from receipt for the abnormal-list
#: kinds (AB-REMOVE), 15 WD from acceptance for the others (REP-DECIDE).
DECISION = ("AB-REMOVE", "REP-DECIDE")


class RepairFlow(CaseFlow):
    """信用修复

    Removal from the abnormal list, restoring an individual business, early removal
    from the serious-violation list and early stop of penalty publicity.
    """

    start = flow.StartHandle(this.start_case).Next(this.accept)

    accept = (
        HumanTask(forms.AcceptForm, role=Role.CLERK, deadline="REP-ACCEPT",
                  on_complete=this.on_accept)
        .Annotation(title=_("Acceptance"))
        .Next(this.route_acceptance)
    )  # fmt: skip
    route_acceptance = (
        flow.Switch()
        .Case(this.end, this.was_not_accepted)
        .Case(this.supplement, this.needs_supplement)
        .Case(this.execute, this.granted_at_once)
        .Case(this.waive, this.verification_waived)
        .Default(this.verify)
    )
    supplement = (
        HumanTask(forms.SupplementForm, role=Role.CLERK, deadline="REP-SUPPLEMENT",
                  on_complete=this.on_supplement)
        .Annotation(title=_("Supplements"))
        .Next(this.accept)
    )  # fmt: skip
    waive = (
        flow.Function(this.on_waive)
        .Annotation(title=_("Verification waived (承诺免查)"))
        .Next(this.review)
    )
    verify = (
        HumanTask(forms.VerifyForm, role=Role.HANDLER, within=DECISION, on_complete=this.on_verify)
        .Annotation(title=_("Verification"))
        .Next(this.review)
    )
    review = (
        HumanTask(forms.ReviewForm, role=Role.SECTION_HEAD, within=DECISION,
                  on_complete=this.on_review)
        .Annotation(title=_("Section review"))
        .Next(this.route_review)
    )  # fmt: skip
    route_review = (
        flow.Switch()
        .Case(this.verify, this.sent_back)
        .Case(this.legal, this.legal_review_needed)
        .Default(this.decide)
    )
    legal = (
        HumanTask(forms.LegalReviewForm, role=Role.LEGAL, within=DECISION,
                  on_complete=this.on_legal)
        .Annotation(title=_("Legal review"))
        .Next(this.decide)
    )  # fmt: skip
    decide = (
        HumanTask(forms.DecideForm, role=Role.LEADER, within=DECISION, on_complete=this.on_decide)
        .Annotation(title=_("Decision"))
        .Next(this.route_decision)
    )
    route_decision = flow.If(this.granted).Then(this.execute).Else(this.end)
    execute = (
        HumanTask(forms.ExecuteForm, role=Role.HANDLER, deadline="REP-EXEC",
                  on_complete=this.on_execute)
        .Annotation(title=_("Execution"))
        .Next(this.route_post_check)
    )  # fmt: skip
    route_post_check = flow.If(this.post_check_drawn).Then(this.post_check).Else(this.end)
    post_check = (
        HumanTask(forms.PostCheckForm, role=Role.CLERK, deadline="REP-POST-CHECK",
                  on_complete=this.on_post_check)
        .Annotation(title=_("Post-check"))
        .Next(this.end)
    )  # fmt: skip
    end = flow.End()

    # --- step handlers: each calls one service -------------------------------
    def on_accept(self, activation, data, actor):
        services.repair_accept(application=application_of(activation), data=data, actor=actor)

    def on_supplement(self, activation, data, actor):
        services.repair_supplements_received(
            application=application_of(activation), received_on=data["received_on"], actor=actor
        )

    def on_waive(self, activation):
        services.repair_waive_verification(application=application_of(activation))

    def on_verify(self, activation, data, actor):
        services.repair_verify(application=application_of(activation), data=data, actor=actor)

    def on_review(self, activation, data, actor):
        services.repair_review(application=application_of(activation), data=data, actor=actor)

    def on_legal(self, activation, data, actor):
        services.repair_legal_review(application=application_of(activation), data=data, actor=actor)

    def on_decide(self, activation, data, actor):
        services.repair_decide(application=application_of(activation), data=data, actor=actor)

    def on_execute(self, activation, data, actor):
        services.repair_execute(
            application=application_of(activation), executed_on=data["executed_on"], actor=actor
        )

    def on_post_check(self, activation, data, actor):
        services.repair_post_check(application=application_of(activation), data=data, actor=actor)

    # --- routing conditions ----------------------------------------------------
    def was_not_accepted(self, activation) -> bool:
        return application_of(activation).acceptance == forms.AcceptForm.NOT_ACCEPT

    def needs_supplement(self, activation) -> bool:
        return application_of(activation).acceptance == forms.AcceptForm.SUPPLEMENT

    def granted_at_once(self, activation) -> bool:
        application = application_of(activation)
        return application.outcome == application.Outcome.GRANTED

    def verification_waived(self, activation) -> bool:
        return services.verification_may_be_waived(application_of(activation))

    def sent_back(self, activation) -> bool:
        return application_of(activation).review_result == forms.ReviewForm.SEND_BACK

    def legal_review_needed(self, activation) -> bool:
        application = application_of(activation)
        return application.needs_legal_review and not application.legal_opinion

    def granted(self, activation) -> bool:
        application = application_of(activation)
        return application.outcome == application.Outcome.GRANTED

    def post_check_drawn(self, activation) -> bool:
        return application_of(activation).post_check


class AutoRestoreFlow(CaseFlow):
    """免申即享

    No application: an individual business that files its missing annual report is
    restored by the system at once; a sample is drawn for a post-check by the clerk.
    """

    start = flow.StartHandle(this.start_case).Next(this.restore)
    restore = flow.Function(this.on_restore).Next(this.route_post_check)
    route_post_check = flow.If(this.post_check_drawn).Then(this.post_check).Else(this.end)
    post_check = (
        HumanTask(forms.PostCheckForm, role=Role.CLERK, deadline="REP-POST-CHECK",
                  on_complete=this.on_post_check)
        .Annotation(title=_("Post-check"))
        .Next(this.end)
    )  # fmt: skip
    end = flow.End()

    def on_restore(self, activation):
        services.repair_auto_restore_execute(application=application_of(activation))

    def post_check_drawn(self, activation) -> bool:
        return application_of(activation).post_check

    def on_post_check(self, activation, data, actor):
        services.repair_post_check(application=application_of(activation), data=data, actor=actor)

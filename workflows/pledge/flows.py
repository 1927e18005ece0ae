"""信用承诺核查: the wiring of a pledge verification case (DOMAIN.md §5.2).

Read it as the process diagram; every step's writes are in ``services``.
"""

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow

from forms import pledge as forms
from workflows.core.flow import CaseFlow, HumanTask
from workflows.core.roles import Role
from workflows.pledge import services
from workflows.pledge.selectors import verification_of


class PledgeFlow(CaseFlow):
    """信用承诺核查

    A pledge drawn for verification: plan and notify, verify (核查记录); an adverse
    finding is notified for a statement, reviewed (legal review before a licence is
    revoked) and decided; a false pledge becomes a credit record, then published.
    """

    start = flow.StartHandle(this.start_case).Next(this.plan)
    plan = (
        HumanTask(forms.PlanForm, role=Role.HANDLER, within="PLG-VERIFY", on_complete=this.on_plan)
        .Annotation(title=_("Verification plan"))
        .Next(this.verify)
    )
    verify = (
        HumanTask(forms.VerifyForm, role=Role.HANDLER, within="PLG-VERIFY",
                  on_complete=this.on_verify)
        .Annotation(title=_("Verification"))
        .Next(this.route_verify)
    )  # fmt: skip
    route_verify = flow.If(this.is_open).Then(this.serve_notice).Else(this.end)
    serve_notice = (
        HumanTask(forms.ServiceForm, role=Role.HANDLER, deadline="SERVE",
                  on_complete=this.on_serve_notice)
        .Annotation(title=_("Service of the notice"))
        .Next(this.statement)
    )  # fmt: skip
    statement = (
        HumanTask(forms.StatementForm, role=Role.HANDLER, within="PLG-STATEMENT",
                  on_complete=this.on_statement)
        .Annotation(title=_("Statement and defence"))
        .Next(this.review)
    )  # fmt: skip
    review = (
        HumanTask(forms.ReviewForm, role=Role.SECTION_HEAD, within="PLG-DECIDE",
                  on_complete=this.on_review)
        .Annotation(title=_("Review"))
        .Next(this.route_review)
    )  # fmt: skip
    route_review = flow.If(this.legal_review_needed).Then(this.legal).Else(this.decide)
    legal = (
        HumanTask(forms.LegalReviewForm, role=Role.LEGAL, within="PLG-DECIDE",
                  on_complete=this.on_legal)
        .Annotation(title=_("Legal review"))
        .Next(this.route_legal)
    )  # fmt: skip
    route_legal = flow.If(this.legal_passed).Then(this.decide).Else(this.review)
    decide = (
        HumanTask(forms.DecisionForm, role=Role.LEADER, within="PLG-DECIDE",
                  on_complete=this.on_decide)
        .Annotation(title=_("Decision"))
        .Next(this.route_decision)
    )  # fmt: skip
    route_decision = flow.If(this.is_open).Then(this.publish).Else(this.end)
    publish = (
        HumanTask(forms.PublishForm, role=Role.HANDLER, within="PLG-PUB",
                  on_complete=this.on_publish)
        .Annotation(title=_("Record and publicity"))
        .Next(this.end)
    )  # fmt: skip
    end = flow.End()

    # --- step handlers: each calls one service -------------------------------
    def on_plan(self, activation, data, actor):
        services.verification_plan(verification=verification_of(activation), data=data,
                                   actor=actor)  # fmt: skip

    def on_verify(self, activation, data, actor):
        services.verification_verify(verification=verification_of(activation), data=data,
                                     actor=actor)  # fmt: skip

    def on_serve_notice(self, activation, data, actor):
        services.verification_serve_notice(verification=verification_of(activation), data=data,
                                           actor=actor)  # fmt: skip

    def on_statement(self, activation, data, actor):
        services.verification_statement(verification=verification_of(activation), data=data,
                                        actor=actor)  # fmt: skip

    def on_review(self, activation, data, actor):
        services.verification_review(verification=verification_of(activation), data=data,
                                     actor=actor)  # fmt: skip

    def on_legal(self, activation, data, actor):
        services.verification_legal_review(verification=verification_of(activation), data=data,
                                           actor=actor)  # fmt: skip

    def on_decide(self, activation, data, actor):
        services.verification_decide(verification=verification_of(activation), data=data,
                                     actor=actor)  # fmt: skip

    def on_publish(self, activation, data, actor):
        services.verification_publish(verification=verification_of(activation), data=data,
                                      actor=actor)  # fmt: skip

    # --- routing conditions ----------------------------------------------------
    def is_open(self, activation) -> bool:
        return verification_of(activation).case.status == "open"

    def legal_review_needed(self, activation) -> bool:
        return services.legal_review_needed(verification_of(activation))

    def legal_passed(self, activation) -> bool:
        return bool(verification_of(activation).legal_opinion)

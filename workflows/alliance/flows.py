"""企业信用同盟: the wiring of admission and of the review of members (DOMAIN.md §6.3).

Read it as the process diagram; every step's writes are in ``services``.
"""

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow

from forms import alliance as forms
from workflows.alliance import services
from workflows.alliance.selectors import admission_of, pending_objections, review_of
from workflows.core.flow import CaseFlow, HumanTask
from workflows.core.flow.activations import case_of
from workflows.core.flow.regional import RegionalTask
from workflows.core.models import Case
from workflows.core.roles import Role


class AllianceFlow(CaseFlow):
    """企业信用同盟入盟

    Nomination or application, automatic screening, prefecture review, regional review
    (optionally scored by experts), public notice with objections, leader's decision.
    """

    start = flow.StartHandle(this.start_case).Next(this.screen)
    screen = flow.Function(this.on_screen).Next(this.route_screening)
    route_screening = flow.If(this.screening_passed).Then(this.prefecture_check).Else(this.end)
    prefecture_check = (
        HumanTask(forms.PrefectureCheckForm, role=Role.HANDLER, within="AL-PREF-REVIEW",
                  on_complete=this.on_prefecture_check)
        .Annotation(title=_("Prefecture review"))
        .Next(this.prefecture_signoff)
    )  # fmt: skip
    prefecture_signoff = (
        HumanTask(forms.PrefectureSignoffForm, role=Role.SECTION_HEAD, within="AL-PREF-REVIEW",
                  on_complete=this.on_prefecture_signoff)
        .Annotation(title=_("Prefecture sign-off"))
        .Next(this.route_prefecture)
    )  # fmt: skip
    route_prefecture = (
        flow.Switch()
        .Case(this.prefecture_check, this.sent_back)
        .Case(this.regional_review, this.is_open)
        .Default(this.end)
    )
    regional_review = (
        RegionalTask(forms.RegionalReviewForm, role=Role.HANDLER, within="AL-REG-REVIEW",
                     on_complete=this.on_regional_review)
        .Annotation(title=_("Regional review"))
        .Next(this.route_regional)
    )  # fmt: skip
    route_regional = (
        flow.Switch()
        .Case(this.expert_scoring, this.experts_asked)
        .Case(this.notice, this.is_open)
        .Default(this.end)
    )
    expert_scoring = (
        RegionalTask(forms.ExpertScoringForm, role=Role.HANDLER, within="AL-REG-REVIEW",
                     on_complete=this.on_expert_scoring)
        .Annotation(title=_("Expert scoring"))
        .Next(this.route_experts)
    )  # fmt: skip
    route_experts = flow.If(this.is_open).Then(this.notice).Else(this.end)
    notice = (
        flow.Timer(this.notice_ends).Annotation(title=_("Public notice")).Next(this.close_notice)
    )
    close_notice = flow.Function(this.on_close_notice).Next(this.route_objections)
    route_objections = (
        flow.Switch()
        .Case(this.handle_objection, this.objections_pending)
        .Case(this.approve, this.is_open)
        .Default(this.end)
    )
    handle_objection = (
        RegionalTask(forms.ObjectionDecisionForm, role=Role.HANDLER, deadline="AL-OBJECTION",
                     on_complete=this.on_objection)
        .Annotation(title=_("Objection"))
        .Next(this.route_objections)
    )  # fmt: skip
    approve = (
        RegionalTask(forms.ApproveForm, role=Role.LEADER, deadline="AL-DECIDE",
                     on_complete=this.on_approve)
        .Annotation(title=_("Leader approval"))
        .Next(this.end)
    )  # fmt: skip
    end = flow.End()

    # --- step handlers: each calls one service -------------------------------
    def on_screen(self, activation):
        services.admission_screen(admission=admission_of(activation))

    def on_prefecture_check(self, activation, data, actor):
        services.admission_prefecture_check(
            admission=admission_of(activation), data=data, actor=actor
        )

    def on_prefecture_signoff(self, activation, data, actor):
        services.admission_prefecture_signoff(
            admission=admission_of(activation), data=data, actor=actor
        )

    def on_regional_review(self, activation, data, actor):
        services.admission_regional_review(
            admission=admission_of(activation), data=data, actor=actor
        )

    def on_expert_scoring(self, activation, data, actor):
        services.admission_expert_scoring(
            admission=admission_of(activation), data=data, actor=actor
        )

    def notice_ends(self, activation):
        return services.notice_ends_at(admission_of(activation))

    def on_close_notice(self, activation):
        services.notice_close(admission=admission_of(activation))

    def on_objection(self, activation, data, actor):
        services.objection_decide(admission=admission_of(activation), data=data, actor=actor)

    def on_approve(self, activation, data, actor):
        services.admission_decide(admission=admission_of(activation), data=data, actor=actor)

    # --- routing conditions ----------------------------------------------------
    def screening_passed(self, activation) -> bool:
        return bool(admission_of(activation).screening_passed)

    def sent_back(self, activation) -> bool:
        return admission_of(activation).prefecture_opinion == ""

    def is_open(self, activation) -> bool:
        return case_of(activation.process).status == Case.Status.OPEN

    def experts_asked(self, activation) -> bool:
        return admission_of(activation).regional_decision == forms.RegionalReviewForm.EXPERTS

    def objections_pending(self, activation) -> bool:
        return pending_objections(case_of(activation.process)).exists()


class MembershipReviewFlow(CaseFlow):
    """企业信用同盟成员复核

    Opened by the monitoring sweep when a member has a new list entry, penalty or false
    pledge: assessment, prior notice and statement, then the leader keeps or expels.
    """

    start = flow.StartHandle(this.start_case).Next(this.assess)
    assess = (
        HumanTask(forms.AssessForm, role=Role.HANDLER, deadline="AL-REVIEW",
                  on_complete=this.on_assess)
        .Annotation(title=_("Assessment"))
        .Next(this.route_assessment)
    )  # fmt: skip
    route_assessment = flow.If(this.expulsion_proposed).Then(this.statement).Else(this.decide)
    statement = (
        HumanTask(forms.StatementForm, role=Role.HANDLER, deadline="AL-STATEMENT-REC",
                  on_complete=this.on_statement)
        .Annotation(title=_("Statement and defence"))
        .Next(this.decide)
    )  # fmt: skip
    decide = (
        RegionalTask(forms.ExpelDecideForm, role=Role.LEADER, deadline="AL-EXPEL-DECIDE",
                     on_complete=this.on_decide)
        .Annotation(title=_("Expulsion decision"))
        .Next(this.end)
    )  # fmt: skip
    end = flow.End()

    def on_assess(self, activation, data, actor):
        services.review_assess(review=review_of(activation), data=data, actor=actor)

    def on_statement(self, activation, data, actor):
        services.review_statement(review=review_of(activation), data=data, actor=actor)

    def on_decide(self, activation, data, actor):
        services.review_decide(review=review_of(activation), data=data, actor=actor)

    def expulsion_proposed(self, activation) -> bool:
        return review_of(activation).proposal == forms.AssessForm.EXPEL

"""列入严重违法失信名单: the wiring of the listing procedure (DOMAIN.md §4.3).

Read it as the process diagram; every step's writes are in ``services``.
"""

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.utils import is_owner
from viewflow.workflow import flow

from forms import listing as forms
from workflows.core.flow import CaseFlow, HumanTask
from workflows.core.flow.activations import CaseTaskActivation, case_of
from workflows.core.models import Deadline
from workflows.core.roles import Role
from workflows.listing import services
from workflows.listing.selectors import listing_of, objection_of

#: The bureau's own steps up to the decision run within the 90 days of the case.
DECIDE = "PEN-DECIDE"


class UpperLevelActivation(CaseTaskActivation):
    """The task's deadline row belongs to the acting bureau, so that the task is in the
    upper level's queue (not the case bureau's) and counts in its figures."""

    @classmethod
    def create(cls, flow_task, prev_activation, token, data=None, seed=None):
        activation = super().create(flow_task, prev_activation, token, data=data, seed=seed)
        upper = services.upper_bureau(case_of(activation.task.process))
        Deadline.objects.filter(task=activation.task).update(bureau=upper)
        return activation


class UpperLevelTask(HumanTask):
    """A task acted on by the upper-level bureau (the case bureau's parent), not by the
    bureau of the case: only its staff of the task's role may take and complete it."""

    activation_class = UpperLevelActivation

    def _acts(self, user, task) -> bool:
        case = case_of(task.process)
        return user.bureau_id == services.upper_bureau(case).pk and user.has_role(self.role)

    def can_assign(self, user, task) -> bool:
        if task.owner_id or user is None or not user.is_authenticated:
            return False
        return self._acts(user, task)

    def can_execute(self, user, task) -> bool:
        return is_owner(task.owner, user) and self._acts(user, task)


class ListingFlow(CaseFlow):
    """列入严重违法失信名单

    A lead (court referral, penalty case, internal) becomes a listing case: notice,
    statement and hearing, re-check, legal review, business-line re-check, upper-level
    approval where the rules require it, decision, service and publicity.
    """

    start = flow.StartHandle(this.start_case).Next(this.register)

    register = (
        HumanTask(forms.RegisterForm, role=Role.HANDLER, deadline="SL-REGISTER",
                  on_complete=this.on_register)
        .Annotation(title=_("Registration"))
        .Next(this.route_register)
    )  # fmt: skip
    route_register = flow.If(this.is_open).Then(this.assess).Else(this.end)
    assess = (
        HumanTask(forms.AssessmentForm, role=Role.HANDLER, within=DECIDE,
                  on_complete=this.on_assess)
        .Annotation(title=_("Investigation and assessment"))
        .Next(this.route_assess)
    )  # fmt: skip
    route_assess = flow.If(this.is_open).Then(this.notice).Else(this.end)
    notice = (
        HumanTask(forms.NoticeForm, role=Role.SECTION_HEAD, within=DECIDE,
                  on_complete=this.on_notice)
        .Annotation(title=_("Pre-listing notice"))
        .Next(this.serve_notice)
    )  # fmt: skip
    serve_notice = (
        HumanTask(forms.ServiceForm, role=Role.HANDLER, within=DECIDE,
                  on_complete=this.on_serve_notice)
        .Annotation(title=_("Service of the notice"))
        .Next(this.statement)
    )  # fmt: skip
    statement = (
        HumanTask(forms.StatementForm, role=Role.HANDLER, within=DECIDE,
                  on_complete=this.on_statement)
        .Annotation(title=_("Statement, defence and hearing request"))
        .Next(this.route_hearing)
    )  # fmt: skip
    route_hearing = flow.If(this.hearing_requested).Then(this.hearing_notice).Else(this.recheck)
    hearing_notice = (
        HumanTask(forms.HearingNoticeForm, role=Role.HANDLER, within=DECIDE,
                  on_complete=this.on_hearing_notice)
        .Annotation(title=_("Hearing notice"))
        .Next(this.hearing)
    )  # fmt: skip
    hearing = (
        HumanTask(forms.HearingForm, role=Role.HANDLER, within=DECIDE,
                  on_complete=this.on_hearing)
        .Annotation(title=_("Hearing"))
        .Next(this.recheck)
    )  # fmt: skip
    recheck = (
        HumanTask(forms.RecheckForm, role=Role.HANDLER, within=DECIDE,
                  on_complete=this.on_recheck)
        .Annotation(title=_("Re-check"))
        .Next(this.route_recheck)
    )  # fmt: skip
    route_recheck = flow.If(this.is_open).Then(this.legal).Else(this.end)
    legal = (
        HumanTask(forms.LegalReviewForm, role=Role.LEGAL, within=DECIDE, on_complete=this.on_legal)
        .Annotation(title=_("Legal review"))
        .Next(this.route_legal)
    )
    route_legal = flow.If(this.is_open).Then(this.business).Else(this.end)
    business = (
        HumanTask(forms.BusinessRecheckForm, role=Role.SECTION_HEAD, within=DECIDE,
                  on_complete=this.on_business)
        .Annotation(title=_("Business-line re-check"))
        .Next(this.route_business)
    )  # fmt: skip
    route_business = (
        flow.Switch()
        .Case(this.end, this.is_closed)
        .Case(this.upper, this.upper_level_required)
        .Default(this.decide)
    )
    upper = (
        UpperLevelTask(forms.UpperApprovalForm, role=Role.LEADER, deadline="SL-UPPER",
                       on_complete=this.on_upper)
        .Annotation(title=_("Upper-level approval"))
        .Next(this.route_upper)
    )  # fmt: skip
    route_upper = flow.If(this.is_open).Then(this.decide).Else(this.end)
    decide = (
        HumanTask(forms.DecisionForm, role=Role.LEADER, within=DECIDE, on_complete=this.on_decide)
        .Annotation(title=_("Decision"))
        .Next(this.route_decision)
    )
    route_decision = flow.If(this.is_open).Then(this.serve_decision).Else(this.end)
    serve_decision = (
        HumanTask(forms.ServiceForm, role=Role.HANDLER, within="SERVE",
                  on_complete=this.on_serve_decision)
        .Annotation(title=_("Service of the decision"))
        .Next(this.publicize)
    )  # fmt: skip
    publicize = flow.Function(this.on_publicize).Next(this.publish)
    publish = (
        HumanTask(forms.PublishForm, role=Role.HANDLER, within="SL-PUB",
                  on_complete=this.on_publish)
        .Annotation(title=_("Publicity and sharing"))
        .Next(this.end)
    )  # fmt: skip
    end = flow.End()

    # --- step handlers: each calls one service -------------------------------
    def on_register(self, activation, data, actor):
        services.listing_register(listing=listing_of(activation), data=data, actor=actor)

    def on_assess(self, activation, data, actor):
        services.listing_assess(listing=listing_of(activation), data=data, actor=actor)

    def on_notice(self, activation, data, actor):
        services.listing_notice(listing=listing_of(activation), data=data, actor=actor)

    def on_serve_notice(self, activation, data, actor):
        services.listing_serve_notice(listing=listing_of(activation), data=data, actor=actor)

    def on_statement(self, activation, data, actor):
        services.listing_statement(listing=listing_of(activation), data=data, actor=actor)

    def on_hearing_notice(self, activation, data, actor):
        services.listing_hearing_notice(listing=listing_of(activation), data=data, actor=actor)

    def on_hearing(self, activation, data, actor):
        services.listing_hearing(listing=listing_of(activation), data=data, actor=actor)

    def on_recheck(self, activation, data, actor):
        services.listing_recheck(listing=listing_of(activation), data=data, actor=actor)

    def on_legal(self, activation, data, actor):
        services.listing_legal_review(listing=listing_of(activation), data=data, actor=actor)

    def on_business(self, activation, data, actor):
        services.listing_business_recheck(listing=listing_of(activation), data=data, actor=actor)

    def on_upper(self, activation, data, actor):
        services.listing_upper_approval(listing=listing_of(activation), data=data, actor=actor)

    def on_decide(self, activation, data, actor):
        services.listing_decide(listing=listing_of(activation), data=data, actor=actor)

    def on_serve_decision(self, activation, data, actor):
        services.listing_serve_decision(listing=listing_of(activation), data=data, actor=actor)

    def on_publicize(self, activation):
        services.listing_publicize(listing=listing_of(activation))

    def on_publish(self, activation, data, actor):
        services.listing_publish(listing=listing_of(activation), data=data, actor=actor)

    # --- routing conditions ----------------------------------------------------
    def is_open(self, activation) -> bool:
        return listing_of(activation).case.status == "open"

    def is_closed(self, activation) -> bool:
        return not self.is_open(activation)

    def hearing_requested(self, activation) -> bool:
        return listing_of(activation).hearing_requested

    def upper_level_required(self, activation) -> bool:
        return listing_of(activation).upper_level_required


class AbnormalObjectionFlow(CaseFlow):
    """经营异常名录异议

    An objection to an abnormal listing: accepted or not within AB-OBJ-ACCEPT (5 WD),
    verified with a written reply within AB-OBJ-VERIFY (20 WD from acceptance).
    """

    start = flow.StartHandle(this.start_case).Next(this.accept)
    accept = (
        HumanTask(forms.ObjectionAcceptForm, role=Role.CLERK, deadline="AB-OBJ-ACCEPT",
                  on_complete=this.on_accept)
        .Annotation(title=_("Acceptance of the objection"))
        .Next(this.route_accept)
    )  # fmt: skip
    route_accept = flow.If(this.is_open).Then(this.verify).Else(this.end)
    verify = (
        HumanTask(forms.ObjectionVerifyForm, role=Role.HANDLER, deadline="AB-OBJ-VERIFY",
                  on_complete=this.on_verify)
        .Annotation(title=_("Verification and reply"))
        .Next(this.end)
    )  # fmt: skip
    end = flow.End()

    def on_accept(self, activation, data, actor):
        from workflows.listing.services.abnormal import objection_accept

        objection_accept(objection=objection_of(activation), data=data, actor=actor)

    def on_verify(self, activation, data, actor):
        from workflows.listing.services.abnormal import objection_verify

        objection_verify(objection=objection_of(activation), data=data, actor=actor)

    def is_open(self, activation) -> bool:
        return objection_of(activation).case.status == "open"

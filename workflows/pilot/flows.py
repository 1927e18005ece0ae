"""信用商圈/园区/街区试点: the wiring of the pilot procedure (DOMAIN.md §7.2).

Read it as the process diagram; every step's writes are in ``services``. The case
lives as long as the pilot: application review, then the pilot's mid-term check and
final acceptance. Periodic reports run beside the flow as deadline milestones
(``services.reports``).
"""

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow

from forms import pilot as forms
from forms.attachments import uploads
from workflows.core.flow import CaseFlow, HumanTask
from workflows.core.flow.regional import RegionalTask
from workflows.core.models import User
from workflows.core.roles import Role
from workflows.pilot import services
from workflows.pilot.models import SCORE_CRITERIA, Pilot, PilotApplication
from workflows.pilot.nodes import PanelSplit, ScorerTask
from workflows.pilot.selectors import application_of

Outcome = PilotApplication.Outcome


class PilotFlow(CaseFlow):
    """信用建设试点

    A prefecture's application to a call: formal check, parallel expert scoring,
    review and approval; then the pilot's mid-term check, rectification and final
    acceptance (self-assessment, on-site acceptance, opinion).
    """

    start = flow.StartHandle(this.start_case).Next(this.check)

    # --- review of the application ---------------------------------------------------
    check = (
        RegionalTask(forms.FormalCheckForm, role=Role.HANDLER, deadline="PILOT-CHECK",
                     on_complete=this.on_check)
        .Annotation(title=_("Formal check"))
        .Next(this.route_check)
    )  # fmt: skip
    route_check = (
        flow.Switch()
        .Case(this.supplement, this.needs_supplement)
        .Case(this.end, this.is_closed)
        .Default(this.scoring)
    )
    supplement = (
        HumanTask(forms.SupplementForm, role=Role.HANDLER, deadline="PILOT-SUPPLEMENT",
                  on_complete=this.on_supplement)
        .Annotation(title=_("Supplements"))
        .Next(this.check)
    )  # fmt: skip
    scoring = PanelSplit().Each(this.score, this.panel)
    score = (
        ScorerTask(forms.ScoreForm, role=Role.HANDLER, within="PILOT-REVIEW",
                   on_complete=this.on_score)
        .Annotation(title=_("Expert scoring"))
        .Assign(this.scorer)
        .Next(this.scored)
    )  # fmt: skip
    scored = flow.Join().Next(this.review)
    review = (
        RegionalTask(forms.ReviewForm, role=Role.SECTION_HEAD, within="PILOT-REVIEW",
                     on_complete=this.on_review)
        .Annotation(title=_("Review of the scores"))
        .Next(this.route_review)
    )  # fmt: skip
    route_review = flow.If(this.is_closed).Then(this.end).Else(this.approve)
    approve = (
        RegionalTask(forms.ApprovalForm, role=Role.LEADER, deadline="PILOT-APPROVE",
                     on_complete=this.on_approve)
        .Annotation(title=_("Approval"))
        .Next(this.route_approval)
    )  # fmt: skip
    route_approval = flow.If(this.is_closed).Then(this.end).Else(this.midterm)

    # --- the pilot: mid-term check and acceptance ---------------------------------------
    midterm = (
        RegionalTask(forms.MidtermForm, role=Role.HANDLER, within="PILOT-MIDTERM",
                     on_complete=this.on_midterm)
        .Annotation(title=_("Mid-term check"))
        .Next(this.route_midterm)
    )  # fmt: skip
    route_midterm = flow.If(this.rectifying).Then(this.rectify_midterm).Else(this.self_assess)
    rectify_midterm = (
        HumanTask(forms.RectificationForm, role=Role.HANDLER, deadline="PILOT-RECTIFY",
                  on_complete=this.on_rectified_midterm)
        .Annotation(title=_("Rectification"))
        .Next(this.recheck)
    )  # fmt: skip
    recheck = (
        RegionalTask(forms.MidtermForm, role=Role.HANDLER, deadline="PILOT-RECHECK",
                     on_complete=this.on_midterm)
        .Annotation(title=_("Re-check after rectification"))
        .Next(this.route_midterm)
    )  # fmt: skip
    self_assess = (
        HumanTask(forms.SelfAssessmentForm, role=Role.HANDLER, within="PILOT-SELF",
                  on_complete=this.on_self_assess)
        .Annotation(title=_("Self-assessment"))
        .Next(this.onsite)
    )  # fmt: skip
    onsite = (
        RegionalTask(forms.OnsiteForm, role=Role.HANDLER, deadline="PILOT-ONSITE",
                     on_complete=this.on_onsite)
        .Annotation(title=_("On-site acceptance"))
        .Next(this.opinion)
    )  # fmt: skip
    opinion = (
        RegionalTask(forms.AcceptanceOpinionForm, role=Role.LEADER, deadline="PILOT-OPINION",
                     on_complete=this.on_opinion)
        .Annotation(title=_("Acceptance opinion"))
        .Next(this.route_acceptance)
    )  # fmt: skip
    route_acceptance = flow.If(this.rectifying).Then(this.rectify_acceptance).Else(this.end)
    rectify_acceptance = (
        HumanTask(forms.RectificationForm, role=Role.HANDLER, deadline="PILOT-RECTIFY",
                  on_complete=this.on_rectified_acceptance)
        .Annotation(title=_("Rectification after acceptance"))
        .Next(this.onsite)
    )  # fmt: skip
    end = flow.End()

    # --- step handlers: each calls one service -------------------------------------------
    def on_check(self, activation, data, actor):
        services.pilot_check(application=application_of(activation), data=data, actor=actor)

    def on_supplement(self, activation, data, actor):
        services.pilot_supplement(
            application=application_of(activation), response=data["response"],
            attachments=uploads(data.get("attachments")), actor=actor,
        )  # fmt: skip

    def on_score(self, activation, data, actor):
        items = {code: data[code] for code, _t, _p in SCORE_CRITERIA}
        services.pilot_score(application=application_of(activation), scorer=actor, items=items,
                             comment=data.get("comment", ""))  # fmt: skip

    def on_review(self, activation, data, actor):
        services.pilot_review(application=application_of(activation), data=data, actor=actor)

    def on_approve(self, activation, data, actor):
        services.pilot_approve(application=application_of(activation), data=data, actor=actor)

    def on_midterm(self, activation, data, actor):
        services.pilot_midterm(application=application_of(activation), data=data, actor=actor)

    def on_rectified_midterm(self, activation, data, actor):
        services.pilot_rectified(application=application_of(activation), data=data,
                                 attachments=uploads(data.get("attachments")),
                                 actor=actor, stage="midterm")  # fmt: skip

    def on_rectified_acceptance(self, activation, data, actor):
        services.pilot_rectified(application=application_of(activation), data=data,
                                 attachments=uploads(data.get("attachments")),
                                 actor=actor, stage="acceptance")  # fmt: skip

    def on_self_assess(self, activation, data, actor):
        services.pilot_self_assess(application=application_of(activation), data=data,
                                   attachments=uploads(data.get("attachments")),
                                   actor=actor)  # fmt: skip

    def on_onsite(self, activation, data, actor):
        services.pilot_onsite(application=application_of(activation), data=data, actor=actor)

    def on_opinion(self, activation, data, actor):
        services.pilot_acceptance_opinion(
            application=application_of(activation), data=data, actor=actor
        )

    # --- the panel and routing conditions ------------------------------------------------
    def panel(self, activation) -> list[dict]:
        experts = application_of(activation).panel.order_by("username")
        return [{"scorer": pk} for pk in experts.values_list("pk", flat=True)]

    def scorer(self, activation) -> User:
        return User.objects.get(pk=activation.task.data["scorer"])

    def needs_supplement(self, activation) -> bool:
        return application_of(activation).check_result == forms.FormalCheckForm.SUPPLEMENT

    def is_closed(self, activation) -> bool:
        return application_of(activation).outcome not in (Outcome.PENDING, Outcome.APPROVED)

    def rectifying(self, activation) -> bool:
        return application_of(activation).pilot.state == Pilot.State.RECTIFYING

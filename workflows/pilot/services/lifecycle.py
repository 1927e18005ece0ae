"""The pilot's lifecycle after approval: start, mid-term check, rectification, acceptance.

Every state change goes through ``pilot_transition`` (the FSM field is protected) and
is audited in the case's stream in the same transaction.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from workflows.core import audit
from workflows.core.models import User
from workflows.core.services.cases import case_close
from workflows.core.services.deadlines import deadline_start, milestone_complete
from workflows.core.services.kit import event, fsm_apply, local_today, save
from workflows.pilot.documents import pilot_document_issue
from workflows.pilot.models import Pilot, PilotApplication
from workflows.pilot.services.common import attachment_add, pilot_announce

State = Pilot.State

#: Transitions that end the pilot (its open reports are closed and the case too).
FINAL = {"accept": "accepted", "fail": "failed"}


@transaction.atomic
def pilot_transition(*, pilot: Pilot, name: str, actor: User | None, comment: str = "") -> Pilot:
    """Apply transition ``name``; a transition the state does not allow is refused
    for the user (``TransitionRefused``, a ``ValidationError``), never a silent change."""
    pilot = (
        Pilot.objects.select_for_update(of=("self",))
        .select_related("application__case")
        .get(pk=pilot.pk)
    )
    before = fsm_apply(pilot, name)
    fields = ["state"]
    if name == "start":
        pilot.started_on = local_today()
        fields.append("started_on")
    if name in FINAL:
        pilot.closed_on = local_today()
        fields.append("closed_on")
    pilot.save(update_fields=fields)
    audit.record(
        f"pilot.{name}", case=pilot.application.case, actor=actor, comment=comment,
        before={"state": before}, after={"state": pilot.state, "pilot": pilot.pk},
    )  # fmt: skip
    return pilot


@transaction.atomic
def pilot_start(*, pilot: Pilot, actor: User | None, today: date | None = None) -> Pilot:
    """The pilot period has begun: the pilot runs and its reports fall due."""
    from workflows.pilot.services.reports import pilot_reports_schedule

    pilot = pilot_transition(pilot=pilot, name="start", actor=actor)
    pilot_reports_schedule(pilot=pilot, today=today)
    return pilot


def pilot_of(application: PilotApplication) -> Pilot:
    return Pilot.objects.select_for_update(of=("self",)).get(application=application)


@transaction.atomic
def pilot_midterm(*, application: PilotApplication, data: dict, actor: User | None) -> None:
    """中期检查 (or the re-check after rectification): pass, or order rectification."""
    pilot = pilot_of(application)
    if pilot.state == State.APPROVED:
        raise ValidationError(_("The pilot period has not begun: nothing to check yet."))
    passed = data["result"] == "pass"
    pilot = pilot_transition(
        pilot=pilot, name="pass_midterm" if passed else "order_rectification", actor=actor,
        comment=data["findings"],
    )  # fmt: skip
    pilot.midterm_findings = data["findings"]
    save(pilot, "midterm_findings")
    milestone_complete(application.case, "PILOT-MIDTERM", actor)
    if passed:
        deadline_start(
            case=application.case, rule_code="PILOT-SELF", step="self_assess",
            started_on=max(pilot.period_end, local_today()), actor=actor,
        )  # fmt: skip
    event(application, "pilot.midterm_checked", actor, result=data["result"],
          findings=data["findings"])  # fmt: skip


@transaction.atomic
def pilot_rectified(
    *,
    application: PilotApplication,
    data: dict,
    attachments: list[dict],
    actor: User | None,
    stage: str,
) -> None:
    """The prefecture reports its rectification; ``stage`` is ``midterm`` (re-check
    follows) or ``acceptance`` (re-inspection on site follows)."""
    name = {"midterm": "rectified_midterm", "acceptance": "rectified_acceptance"}[stage]
    pilot = pilot_transition(pilot=pilot_of(application), name=name, actor=actor)
    pilot.rectification = data["measures"]
    save(pilot, "rectification")
    for upload in attachments:
        attachment_add(application=application, upload=upload, actor=actor)
    event(application, "pilot.rectified", actor, stage=stage, measures=data["measures"])


@transaction.atomic
def pilot_self_assess(
    *, application: PilotApplication, data: dict, attachments: list[dict], actor: User | None
) -> None:
    """自评并申请验收: the prefecture's self-assessment opens the acceptance."""
    pilot = pilot_transition(pilot=pilot_of(application), name="request_acceptance", actor=actor)
    pilot.self_assessment, pilot.self_score = data["assessment"], data["self_score"]
    save(pilot, "self_assessment", "self_score")
    for upload in attachments:
        attachment_add(application=application, upload=upload, actor=actor)
    milestone_complete(application.case, "PILOT-SELF", actor)
    event(application, "pilot.self_assessed", actor, self_score=data["self_score"])


@transaction.atomic
def pilot_onsite(*, application: PilotApplication, data: dict, actor: User | None) -> None:
    """现场验收: the regional team's inspection on site."""
    pilot = pilot_of(application)
    if pilot.state != State.UNDER_ACCEPTANCE:
        raise ValidationError(_("The pilot is not under acceptance."))
    if data["inspected_on"] > local_today():
        raise ValidationError({"inspected_on": _("The inspection cannot be in the future.")})
    pilot.onsite_on, pilot.onsite_findings = data["inspected_on"], data["findings"]
    save(pilot, "onsite_on", "onsite_findings")
    event(application, "pilot.inspected_on_site", actor, inspected_on=data["inspected_on"],
          inspectors=data["inspectors"], findings=data["findings"])  # fmt: skip


@transaction.atomic
def pilot_acceptance_opinion(
    *, application: PilotApplication, data: dict, actor: User | None
) -> None:
    """验收意见: accepted, rectify and re-inspect, or failed."""
    from workflows.pilot.services.reports import pilot_reports_close

    result, opinion = data["result"], data["opinion"]
    name = {"accepted": "accept", "rectify": "order_rectification", "failed": "fail"}[result]
    pilot = pilot_transition(pilot=pilot_of(application), name=name, actor=actor,
                             comment=opinion)  # fmt: skip
    pilot.acceptance_opinion = opinion
    save(pilot, "acceptance_opinion")
    event(application, "pilot.acceptance_decided", actor, result=result, opinion=opinion)
    pilot_document_issue(
        application=application, kind="pilot.acceptance_opinion", actor=actor, result=result,
        opinion=opinion,
    )  # fmt: skip
    if name in FINAL:
        pilot_announce(application, "pilot.results", result=result, decided_on=local_today(),
                       opinion=opinion)  # fmt: skip
        pilot_reports_close(pilot=pilot, actor=actor)
        case_close(case=application.case, decision=FINAL[name], actor=actor, comment=opinion)

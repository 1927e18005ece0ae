"""From the formal check to the approval: the regional bureau's review of an application."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from workflows.core.models import User
from workflows.core.services.cases import case_close
from workflows.core.services.deadlines import deadline_start, milestone_complete
from workflows.core.services.kit import event, local_today, save
from workflows.core.services.notifications import notify
from workflows.pilot.documents import pilot_document_issue
from workflows.pilot.models import SCORE_CRITERIA, Pilot, PilotApplication, PilotScore
from workflows.pilot.selectors import score_summary
from workflows.pilot.services.common import attachment_add, pilot_announce

Outcome = PilotApplication.Outcome
Check = PilotApplication.CheckResult


def _refuse(application: PilotApplication, outcome: str, reason: str, actor) -> None:
    application.outcome, application.outcome_reason = outcome, reason
    application.decided_on = local_today()
    save(application, "outcome", "outcome_reason", "decided_on")
    case_close(case=application.case, decision=outcome, actor=actor, comment=reason)


@transaction.atomic
def pilot_check(*, application: PilotApplication, data: dict, actor: User | None) -> None:
    """形式审查: complete (the panel is named), supplements, or not admissible."""
    result, opinion = data["result"], data["opinion"]
    application.check_result, application.check_opinion = result, opinion
    fields = ["check_result", "check_opinion"]
    if result == Check.COMPLETE:
        scorers = list(User.objects.filter(pk__in=data["scorers"]).select_related("bureau"))
        if len(scorers) < settings.PILOT_MIN_SCORERS:
            raise ValidationError(
                {"scorers": _("The panel needs at least %(n)d experts.")
                 % {"n": settings.PILOT_MIN_SCORERS}}
            )  # fmt: skip
        outsiders = [u for u in scorers if u.bureau is None or not u.bureau.is_regional]
        if outsiders:
            raise ValidationError(
                {"scorers": _("Experts must be regional-bureau staff: %(names)s.")
                 % {"names": "、".join(map(str, outsiders))}}
            )  # fmt: skip
        application.panel.set(scorers)
        notify(
            recipients=scorers, kind="pilot.scoring_requested", case=application.case,
            url="/app/work/inbox/",
            title=_("Score the pilot application %(name)s") % {"name": application.name},
            body=_("Case %(case)s: your scoring sheet is in your inbox.")
            % {"case": application.case.case_no},
        )  # fmt: skip
        deadline_start(
            case=application.case, rule_code="PILOT-REVIEW", step="review",
            started_on=local_today(), actor=actor,
        )  # fmt: skip
    elif result == Check.SUPPLEMENT:
        application.supplement_rounds += 1
        fields.append("supplement_rounds")
    save(application, *fields)
    event(
        application, f"pilot.check_{result}", actor, opinion=opinion,
        panel=[u.username for u in application.panel.all()] if result == Check.COMPLETE else [],
    )  # fmt: skip
    pilot_document_issue(
        application=application, kind="pilot.check_opinion", actor=actor, opinion=opinion
    )
    if result == Check.REJECT:
        _refuse(application, Outcome.NOT_ADMITTED, opinion, actor)


@transaction.atomic
def pilot_supplement(
    *, application: PilotApplication, response: str, attachments: list[dict], actor: User | None
) -> None:
    """The prefecture supplies what the formal check asked for; the check runs again."""
    for upload in attachments:
        attachment_add(application=application, upload=upload, actor=actor)
    application.check_result = ""
    save(application, "check_result")
    event(
        application, "pilot.supplements_received", actor, response=response,
        attachments=len(attachments), round=application.supplement_rounds,
    )  # fmt: skip


@transaction.atomic
def pilot_score(
    *, application: PilotApplication, scorer: User, items: dict[str, int], comment: str
) -> PilotScore:
    """One expert's sheet; when the last sheet is in, the mean is fixed and the scoring
    summary issued."""
    if not application.panel.filter(pk=scorer.pk).exists():
        raise ValidationError(_("Only the experts of the panel score this application."))
    if application.scores.filter(scorer=scorer).exists():
        raise ValidationError(_("You have already scored this application."))
    total = sum(items[code] for code, _t, _p in SCORE_CRITERIA)
    score = PilotScore.objects.create(
        application=application, scorer=scorer, items=items, total=total, comment=comment
    )
    event(application, "pilot.scored", scorer, scorer=scorer.username, total=total, items=items)
    if application.scores.count() == application.panel.count():
        summary = score_summary(application)
        application.score_mean = summary.mean
        save(application, "score_mean")
        event(
            application, "pilot.scoring_completed", None, mean=summary.mean,
            median=summary.median,
            outliers=[row.score.scorer.username for row in summary.rows if row.outlier],
        )  # fmt: skip
        pilot_document_issue(application=application, kind="pilot.scoring_summary", actor=None)
    return score


@transaction.atomic
def pilot_review(*, application: PilotApplication, data: dict, actor: User | None) -> None:
    """处长审核: recommend approval (only at or above the pass mark) or reject."""
    recommend = data["recommendation"] == "approve"
    mean, pass_mark = application.score_mean, settings.PILOT_PASS_SCORE
    if recommend and (mean is None or mean < pass_mark):
        raise ValidationError(
            {"recommendation": _("The mean score %(mean)s is below the pass mark of %(pass)s: "
                                 "the application cannot be recommended.")
             % {"mean": mean, "pass": pass_mark}}
        )  # fmt: skip
    application.recommended, application.review_opinion = recommend, data["opinion"]
    save(application, "recommended", "review_opinion")
    milestone_complete(application.case, "PILOT-REVIEW", actor)
    event(
        application, "pilot.reviewed", actor, recommended=recommend, mean=mean,
        pass_mark=pass_mark, opinion=data["opinion"],
    )  # fmt: skip
    if not recommend:
        pilot_document_issue(
            application=application, kind="pilot.rejection", actor=actor, opinion=data["opinion"]
        )
        _refuse(application, Outcome.REJECTED, data["opinion"], actor)


def midpoint(start: date, end: date) -> date:
    return start + (end - start) / 2


@transaction.atomic
def pilot_approve(*, application: PilotApplication, data: dict, actor: User | None) -> None:
    """分管领导批复: approving creates the pilot, its mid-term milestone and, once its
    period has begun, starts it and its reporting."""
    if data["decision"] != "approve":
        pilot_document_issue(
            application=application, kind="pilot.rejection", actor=actor, opinion=data["opinion"]
        )
        event(application, "pilot.not_approved", actor, opinion=data["opinion"])
        _refuse(application, Outcome.NOT_APPROVED, data["opinion"], actor)
        return
    today = local_today()
    start, end = data["period_start"], data["period_end"]
    application.outcome, application.decided_on = Outcome.APPROVED, today
    save(application, "outcome", "decided_on")
    pilot = Pilot.objects.create(
        application=application, approved_on=today, period_start=start, period_end=end
    )
    event(application, "pilot.approved", actor, pilot=pilot.pk, period_start=start,
          period_end=end, opinion=data["opinion"])  # fmt: skip
    deadline_start(
        case=application.case, rule_code="PILOT-MIDTERM", step="midterm",
        started_on=midpoint(start, end), actor=actor,
    )  # fmt: skip
    pilot_document_issue(
        application=application, kind="pilot.approval", actor=actor, opinion=data["opinion"],
        period_start=start, period_end=end,
    )  # fmt: skip
    pilot_announce(application, "pilot.list", approved_on=today, period_start=start,
                   period_end=end)  # fmt: skip
    if start <= today:
        from workflows.pilot.services.lifecycle import pilot_start

        pilot_start(pilot=pilot, actor=actor, today=today)

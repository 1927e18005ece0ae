"""Reads of the pilot procedure, scoped to what the user may see."""

import statistics
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import QuerySet

from workflows.core.flow.activations import case_of
from workflows.core.models import User
from workflows.core.selectors import bureaus_visible_to
from workflows.pilot.models import Pilot, PilotApplication, PilotCall, PilotReport, PilotScore


def application_of(activation) -> PilotApplication:
    """The application of the case an activation belongs to (locked with the case)."""
    return PilotApplication.objects.select_related("case__bureau", "call").get(
        case=case_of(activation.process)
    )


def open_calls(today) -> QuerySet[PilotCall]:
    return PilotCall.objects.filter(opened_on__lte=today, deadline__gte=today)


def calls_list() -> QuerySet[PilotCall]:
    return PilotCall.objects.select_related("created_by").order_by("-opened_on", "-pk")


def applications_visible_to(user: User) -> QuerySet[PilotApplication]:
    qs = PilotApplication.objects.select_related("case__bureau", "call").order_by(
        "-received_on", "-pk"
    )
    bureaus = bureaus_visible_to(user)
    return qs if bureaus is None else qs.filter(case__bureau__in=bureaus)


def reports_of(pilot: Pilot) -> QuerySet[PilotReport]:
    return pilot.reports.select_related("deadline").order_by("period_start", "kind")


def reports_visible_to(user: User) -> QuerySet[PilotReport]:
    qs = PilotReport.objects.select_related(
        "deadline", "pilot__application__case__bureau"
    ).order_by("deadline__due_date", "pk")
    bureaus = bureaus_visible_to(user)
    return qs if bureaus is None else qs.filter(pilot__application__case__bureau__in=bureaus)


@dataclass(frozen=True)
class ScoreRow:
    score: PilotScore
    outlier: bool


@dataclass(frozen=True)
class ScoreSummary:
    rows: list[ScoreRow]
    mean: Decimal | None
    median: Decimal | None
    outlier_points: int


def _two_places(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def score_summary(application: PilotApplication) -> ScoreSummary:
    """The experts' sheets with the mean (the result) and the outliers marked.

    An outlier is a total more than ``PILOT_OUTLIER_POINTS`` from the median of the
    totals; it still counts in the mean and is shown to the reviewer to weigh.
    """
    scores = list(application.scores.select_related("scorer").order_by("pk"))
    limit = settings.PILOT_OUTLIER_POINTS
    if not scores:
        return ScoreSummary([], None, None, limit)
    totals = [score.total for score in scores]
    median = _two_places(statistics.median(totals))
    mean = _two_places(sum(totals) / len(totals))
    rows = [ScoreRow(score, abs(score.total - median) > limit) for score in scores]
    return ScoreSummary(rows, mean, median, limit)

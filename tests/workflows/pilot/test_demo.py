"""The pilot demo: every step occupied, a late report overdue, one pilot accepted."""

from workflows.core.demo import seed_core
from workflows.core.models import CaseDocument, Deadline
from workflows.core.services.kit import local_today
from workflows.pilot import demo
from workflows.pilot.models import Pilot, PilotApplication, PilotCall, PilotReport


def test_the_demo_fills_every_step_and_is_idempotent(db):
    seed_core()
    assert demo.seed() == {"pilot_cases": 9}
    assert demo.seed() == {"pilot_cases": 9}
    assert PilotCall.objects.filter(deadline__gte=local_today()).count() == 1
    steps = set(PilotApplication.objects.values_list("case__current_step", flat=True))
    assert {"check", "supplement", "score", "review", "approve", "midterm", "self_assess",
            "opinion"} <= steps  # fmt: skip
    states = sorted(Pilot.objects.values_list("state", flat=True))
    assert states == ["accepted", "midterm_checked", "running"]
    late = PilotReport.objects.get(deadline__status=Deadline.Status.OVERDUE)
    assert (late.kind, late.period, late.status) == ("quarterly", "2026Q3", "due")
    assert Deadline.objects.filter(procedure="pilot", step="check", status="overdue").exists()
    kinds = set(CaseDocument.objects.filter(case__procedure="pilot").values_list("kind", flat=True))
    assert kinds == {"pilot.application_form", "pilot.check_opinion", "pilot.scoring_summary",
                     "pilot.approval", "pilot.rejection", "pilot.acceptance_opinion"}  # fmt: skip

"""The pledge demo: cases in every step, some overdue, a false pledge with its record."""

import pytest

from workflows.core.demo import seed_core
from workflows.core.models import Case, CaseDocument, Deadline
from workflows.pledge import demo
from workflows.pledge.models import Pledge

pytestmark = pytest.mark.django_db


def test_the_demo_has_cases_in_every_step_and_is_idempotent():
    seed_core()
    counts = demo.seed()

    cases = Case.objects.filter(procedure="pledge")
    open_steps = set(cases.filter(status="open").values_list("current_step", flat=True))
    assert {
        "plan",
        "verify",
        "serve_notice",
        "statement",
        "review",
        "legal",
        "decide",
    } <= open_steps
    assert set(cases.filter(status="closed").values_list("decision", flat=True)) == {
        "fulfilled", "false",
    }  # fmt: skip
    assert Deadline.objects.filter(case__in=cases, status="overdue").exists()
    false = Pledge.objects.get(state="false")
    assert (false.false_record.kind, false.false_record.state) == ("false_pledge", "listed")
    assert CaseDocument.objects.filter(case=false.case).count() == 6
    states = set(Pledge.objects.values_list("state", flat=True))
    assert {"registered", "exempt", "under_verification", "fulfilled", "false"} <= states
    assert demo.seed() == counts

"""The benchmark's generated data set: reproducible, complete, with valid audit chains."""

import pytest

from perf.data import Scale, generate
from workflows.core.audit import verify_chains
from workflows.core.models import AuditEvent, Case, Deadline, Procedure, Subject
from workflows.core.selectors import inbox_of

pytestmark = pytest.mark.django_db


def test_generated_data_has_the_scale_and_every_audit_chain_verifies():
    scale = Scale.of(0.0005)
    world = generate(scale, seed=7)
    assert Subject.objects.count() == scale.subjects == 100
    assert Case.objects.count() == scale.cases == 50
    assert AuditEvent.objects.count() == scale.events == 500
    open_tasks = Deadline.objects.filter(task__isnull=False, status__in=Deadline.OPEN_STATUSES)
    assert open_tasks.count() == scale.open_tasks == 10
    assert set(Case.objects.values_list("procedure", flat=True)) <= set(Procedure.values)
    checked, breaks = verify_chains()
    assert (checked, breaks) == (500, [])
    assert world.user("handler0_650100").bureau.code == "650100"
    assert inbox_of(world.user("handler0_650100")).count() >= 0


def test_the_same_seed_gives_the_same_cases_and_hashes():
    generate(Scale.of(0.0005), seed=7)
    first = list(AuditEvent.objects.order_by("pk").values_list("stream", "seq", "event_type"))
    numbers = list(Case.objects.order_by("pk").values_list("case_no", "procedure", "bureau_id"))
    assert len(first) == 500
    assert len(set(numbers)) == 50
    assert numbers[0][0].endswith("号")

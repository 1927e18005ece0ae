"""The benchmark's generated data set: reproducible, complete, with valid audit chains."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, transaction

from perf.data import Scale, generate
from workflows.core.audit import verify_chains
from workflows.core.models import AuditEvent, Case, Deadline, Procedure, Subject
from workflows.core.selectors import inbox_of

pytestmark = pytest.mark.django_db

#: The generator dates its rows back from "now": both runs must see the same now.
GENERATED_AT = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)


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
    # The claimed open tasks fill their owners' inboxes, each task in one inbox.
    claimed = open_tasks.filter(task__status__in=["ASSIGNED", "STARTED"])
    owners = {deadline.assignee for deadline in claimed.select_related("assignee")}
    assert owners
    assert {
        owner.username: sorted(inbox_of(owner).values_list("pk", flat=True)) for owner in owners
    } == {
        owner.username: sorted(claimed.filter(assignee=owner).values_list("pk", flat=True))
        for owner in owners
    }


def _generated(seed: int) -> tuple[list, list, list]:
    """What generating with ``seed`` writes, rolled back afterwards. Rows refer to each
    other by id (an audit event hashes its actor's), and sequences ignore a rollback:
    each run starts them where an empty database would."""
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
            cursor.execute(sql)
    with time_machine.travel(GENERATED_AT, tick=False), transaction.atomic():
        generate(Scale.of(0.0005), seed=seed)
        rows = (
            list(Subject.objects.order_by("uscc").values_list("uscc", "name", "region__code")),
            list(
                Case.objects.order_by("case_no").values_list(
                    "case_no", "procedure", "bureau__code", "subject__uscc", "opened_at"
                )
            ),
            list(AuditEvent.objects.order_by("stream", "seq").values_list("stream", "seq", "hash")),
        )
        transaction.set_rollback(True)
    return rows


def test_the_same_seed_gives_the_same_cases_and_hashes():
    first, second = _generated(seed=7), _generated(seed=7)
    subjects, cases, events = first
    assert (len(subjects), len(cases), len(events)) == (100, 50, 500)
    assert second == first
    assert _generated(seed=8)[2] != events  # another seed: other rows, other hashes

"""The audit trail is hash-chained, append-only in the database, and verifiable."""

import threading
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from tests.factories import UserFactory, bureau
from workflows.core import audit
from workflows.core.audit import GENESIS_HASH, hash_of, verify_chains
from workflows.core.models import AuditEvent, Case
from workflows.core.services.cases import case_open


def _open_case(actor=None) -> Case:
    return case_open(
        procedure="repair", bureau=bureau("650100"), source=Case.Source.APPLICATION, actor=actor
    )


@pytest.mark.django_db
def test_events_of_a_case_form_a_hash_chain_with_actor_and_before_after():
    actor = UserFactory(username="chain_actor")
    case = _open_case(actor)
    with transaction.atomic():
        audit.record("case.note", case=case, actor=actor, before={"a": 1}, after={"a": 2})

    first, second = AuditEvent.objects.filter(case=case).order_by("seq")
    assert (first.seq, first.event_type, first.prev_hash) == (1, "case.opened", GENESIS_HASH)
    assert (second.seq, second.prev_hash) == (2, first.hash)
    assert second.actor == actor and second.actor_name == str(actor)
    assert (second.before, second.after) == ({"a": 1}, {"a": 2})
    assert hash_of(second) == second.hash


@pytest.mark.django_db(transaction=True)
def test_recording_outside_a_transaction_is_refused():
    case = _open_case()
    with pytest.raises(RuntimeError, match="inside the transaction"):
        audit.record("case.note", case=case)


@pytest.mark.django_db
def test_the_database_refuses_update_and_delete_of_audit_events():
    case = _open_case()
    event = AuditEvent.objects.get(case=case)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(comment="edited")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).comment == ""


def _tamper(sql: str, params: list) -> None:
    """What an attacker with table-owner rights would do: switch the trigger off."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE core_auditevent DISABLE TRIGGER core_auditevent_append_only")
        cursor.execute(sql, params)
        cursor.execute("ALTER TABLE core_auditevent ENABLE TRIGGER core_auditevent_append_only")


@pytest.mark.django_db
def test_audit_verify_passes_on_an_intact_trail():
    for _ in range(3):
        _open_case()
    out = StringIO()
    call_command("audit_verify", stdout=out)
    assert out.getvalue().startswith("OK: ")


@pytest.mark.django_db
def test_audit_verify_names_a_modified_event_and_exits_non_zero():
    case = _open_case()
    with transaction.atomic():
        audit.record("case.note", case=case, after={"decision": "approve"})
        audit.record("case.note", case=case, after={"decision": "sign"})
    victim = AuditEvent.objects.get(case=case, seq=2)
    _tamper(
        "UPDATE core_auditevent SET after = %s WHERE id = %s", ['{"decision": "refuse"}', victim.pk]
    )

    err = StringIO()
    with pytest.raises(CommandError, match=f"first broken event is {victim.pk}"):
        call_command("audit_verify", stderr=err)
    assert f"event {victim.pk} (case:{case.pk} #2): stored hash does not match" in err.getvalue()


@pytest.mark.django_db
def test_audit_verify_detects_a_deleted_event():
    case = _open_case()
    with transaction.atomic():
        audit.record("case.note", case=case)
        audit.record("case.note", case=case)
    _tamper("DELETE FROM core_auditevent WHERE stream = %s AND seq = 2", [f"case:{case.pk}"])
    _, breaks = verify_chains()
    assert [(b.seq, b.reason.split(" (")[0]) for b in breaks] == [
        (3, "sequence 3 where 2 was expected")
    ]


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_to_one_stream_never_fork_the_chain():
    case = _open_case()
    errors: list[Exception] = []

    def write(n: int) -> None:
        try:
            with transaction.atomic():
                audit.record("case.note", case=case, after={"n": n})
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert list(AuditEvent.objects.filter(case=case).values_list("seq", flat=True)) == list(
        range(1, 10)
    )
    assert verify_chains()[1] == []

"""Unique, gapless numbers per bureau, year and kind (case numbers and 文号)."""

from django.db import IntegrityError, transaction
from django.db.models import F

from workflows.core.models import Bureau, NumberSequence


def number_next(*, bureau: Bureau, year: int, kind: str) -> int:
    """Take the next number inside the caller's transaction.

    The counter row is created once (a concurrent creator loses the unique race and
    retries the read), then locked with SELECT … FOR UPDATE and incremented, so two
    transactions never take the same number and a rollback gives the number back.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("number_next() must run inside the transaction that uses the number")
    sequence = _locked_sequence(bureau, year, kind)
    NumberSequence.objects.filter(pk=sequence.pk).update(last_value=F("last_value") + 1)
    sequence.refresh_from_db(fields=["last_value"])
    return sequence.last_value


def _locked_sequence(bureau: Bureau, year: int, kind: str) -> NumberSequence:
    lookup = {"bureau": bureau, "year": year, "kind": kind}
    sequence = NumberSequence.objects.select_for_update(of=("self",)).filter(**lookup).first()
    if sequence is not None:
        return sequence
    try:
        with transaction.atomic():  # a savepoint: losing the creation race is not fatal
            NumberSequence.objects.create(**lookup)
    except IntegrityError:  # a concurrent transaction created it first
        pass
    return NumberSequence.objects.select_for_update(of=("self",)).get(**lookup)

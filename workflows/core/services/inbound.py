"""The record of what came in from the systems around the bureau (``InboundCall``):
each API call and each file import, with its rows accepted and rejected."""

from django.db import transaction

from workflows.core.models import InboundCall, User


@transaction.atomic
def inbound_call_record(
    *, kind: str, channel: str, client: User | None, rows: int, rejected: int
) -> InboundCall:
    return InboundCall.objects.create(
        kind=kind, channel=channel, client=client,
        rows=rows, accepted=rows - rejected, rejected=rejected,
    )  # fmt: skip

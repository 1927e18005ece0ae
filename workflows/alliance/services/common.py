"""Helpers shared by the alliance services."""

from datetime import date
from typing import Any

from django.utils import timezone

from workflows.alliance.models import Membership
from workflows.core import audit
from workflows.core.models import Case, User


class AllianceRefused(Exception):
    """A nomination, application or objection refused; ``reasons`` are for the user."""

    def __init__(self, reasons: list[str]):
        super().__init__("; ".join(reasons))
        self.reasons = reasons


def local_today() -> date:
    return timezone.localdate()


def event(case: Case, event_type: str, actor: User | None, **after: Any) -> None:
    audit.record(event_type, case=case, actor=actor, after=after)


def membership_transition(
    membership: Membership, name: str, *, case: Case, actor: User | None, **fields: Any
) -> Membership:
    """Apply fsm transition ``name`` and set ``fields``, audited in ``case``'s stream."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    before = membership.state
    getattr(membership, name)()
    for field, value in fields.items():
        setattr(membership, field, value)
    membership.save(update_fields=["state", "updated_at", *fields])
    audit.record(
        f"alliance.membership_{name}",
        case=case,
        actor=actor,
        before={"membership": membership.pk, "state": before},
        after={"membership": membership.pk, "state": membership.state, **fields},
    )
    return membership

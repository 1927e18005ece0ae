"""Helpers shared by the alliance services."""

from typing import Any

from workflows.alliance.models import Membership
from workflows.core import audit
from workflows.core.models import Case, User
from workflows.core.services.kit import Refused, fsm_apply


class AllianceRefused(Refused):
    """A nomination, application or objection refused; ``reasons`` are for the user."""


def membership_transition(
    membership: Membership, name: str, *, case: Case, actor: User | None, **fields: Any
) -> Membership:
    """Apply fsm transition ``name`` and set ``fields``, audited in ``case``'s stream."""
    before = fsm_apply(membership, name)
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

"""Helpers shared by the alliance services."""

from typing import Any

from workflows.alliance.models import Membership
from workflows.core import audit
from workflows.core.models import Case, User
from workflows.core.services.kit import Refused, fsm_apply
from workflows.core.services.outbound import outbound_enqueue

#: Transitions that change the published member list, and how the portal names them.
LIST_CHANGES = {"admit": "admitted", "expel": "expelled", "withdraw": "withdrawn"}


class AllianceRefused(Refused):
    """A nomination, application or objection refused; ``reasons`` are for the user."""


def membership_transition(
    membership: Membership, name: str, *, case: Case, actor: User | None, **fields: Any
) -> Membership:
    """Apply fsm transition ``name`` and set ``fields``, audited in ``case``'s stream; a
    member admitted or gone is sent to the portal's member list."""
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
    if name in LIST_CHANGES:
        _member_list_change(membership, case, LIST_CHANGES[name])
    return membership


def _member_list_change(membership: Membership, case: Case, change: str) -> None:
    subject = membership.subject
    outbound_enqueue(
        case=case, target="portal", message_type="alliance.members",
        payload={
            "change": change, "uscc": subject.uscc, "name": subject.name,
            "bureau": membership.bureau.code, "bureau_name": membership.bureau.name,
            "certificate_no": membership.certificate_no,
            "admitted_at": membership.admitted_at, "ended_on": membership.ended_on,
            "members": Membership.objects.filter(state=Membership.State.MEMBER).count(),
        },
    )  # fmt: skip

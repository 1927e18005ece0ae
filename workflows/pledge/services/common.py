"""Helpers shared by the pledge services."""

from typing import Any

from workflows.core import audit
from workflows.core.services.kit import fsm_apply
from workflows.pledge.models import Pledge


def pledge_stream(pledge: Pledge) -> str:
    return f"pledge:{pledge.pk}"


def pledge_event(pledge: Pledge, event_type: str, actor, **after: Any) -> None:
    """An event of the pledge in the register: in its verification case's stream when
    it has one, otherwise in the pledge's own stream."""
    if pledge.case_id:
        audit.record(
            event_type, case=pledge.case, actor=actor, after={"pledge": pledge.pk, **after}
        )
    else:
        audit.record(
            event_type,
            stream=pledge_stream(pledge),
            actor=actor,
            after={"pledge": pledge.pk, **after},
        )


def pledge_transition(pledge: Pledge, name: str, actor, **after: Any) -> Pledge:
    """Apply fsm transition ``name`` (the state field is protected), audited."""
    before = fsm_apply(pledge, name)
    pledge.save(update_fields=["state"])
    pledge_event(pledge, f"pledge.{name}", actor, before=before, state=pledge.state, **after)
    return pledge

"""The procedure kit: what every procedure's services do the same way, so that each
procedure writes only what is its own (recording an event in its case, saving the
fields it changed, refusing with reasons, today's date in the bureau's time zone, a
lifecycle transition under a row lock)."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import TransitionNotAllowed

from workflows.core import audit
from workflows.core.models import Case, User


class Refused(Exception):
    """A request the rules refuse; ``reasons`` are for the person who made it."""

    def __init__(self, reasons: list[str]):
        super().__init__("; ".join(str(reason) for reason in reasons))
        self.reasons = list(reasons)


def local_today() -> date:
    """Today in the bureau's time zone (Asia/Shanghai), the day periods count from."""
    return timezone.localdate()


def event(owner: Case | models.Model, event_type: str, actor: User | None, **after: Any) -> None:
    """Record ``event_type`` in the case of ``owner``: a case, or a record that has one."""
    case = owner if isinstance(owner, Case) else owner.case
    audit.record(event_type, case=case, actor=actor, after=after)


def save(instance: models.Model, *fields: str) -> None:
    """Save just the fields a step changed."""
    instance.save(update_fields=list(fields))


class TransitionRefused(ValidationError):
    """A lifecycle step the record's state does not allow, in words for the user."""


def fsm_apply(instance: models.Model, name: str, *, state_field: str = "state") -> str:
    """Apply the FSM transition ``name`` to ``instance`` under a row lock; return the
    state before.

    The row is locked until the transaction ends, and its stored state must still be the
    one ``instance`` holds: a step taken meanwhile by someone else, or one the state does
    not allow, is refused with a message for the user rather than a server error.
    """
    model = type(instance)
    stored = (
        model.objects.select_for_update(of=("self",))
        .filter(pk=instance.pk)
        .values_list(state_field, flat=True)
        .get()
    )
    display = dict(model._meta.get_field(state_field).flatchoices)
    if stored != getattr(instance, state_field):
        raise TransitionRefused(
            _("This record was changed meanwhile (it is now “%(state)s”): reload the page.")
            % {"state": display.get(stored, stored)}
        )
    try:
        getattr(instance, name)()
    except TransitionNotAllowed as exc:
        raise TransitionRefused(
            _("This cannot be done while the record is “%(state)s”.")
            % {"state": display.get(stored, stored)}
        ) from exc
    return stored

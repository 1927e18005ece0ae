"""The registry of audit event codes: every code ``audit.record`` writes is declared,
with its label, in its app's ``events.py`` (``EVENTS``), core's below.

The codes stay the stable keys (search, exports, the API); pages show the label, in
the reader's language, with the code beside it for auditors. ``audit.record`` refuses a
code that no app declares, so a new event cannot reach a timeline as a raw code.
"""

import importlib
import importlib.util
from functools import cache

from django.apps import apps
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

EVENTS: dict[str, Promise] = {
    "case.opened": _("Case opened"),
    "case.closed": _("Case closed"),
    "case.step_changed": _("Moved to the next step"),
    "task.created": _("Task created"),
    "task.assigned": _("Task taken or assigned"),
    "task.unassigned": _("Task returned to the queue"),
    "task.completed": _("Task completed"),
    "task.reassigned": _("Task reassigned"),
    "task.cancelled": _("Task cancelled"),
    "deadline.started": _("Deadline started"),
    "deadline.met": _("Deadline met"),
    "deadline.breached": _("Deadline breached"),
    "deadline.escalated": _("Deadline escalated"),
    "deadline.paused": _("Deadline paused"),
    "deadline.resumed": _("Deadline resumed"),
    "deadline.recomputed": _("Deadline recalculated for the official holiday schedule"),
    "calendar.schedule_entered": _("Holiday schedule entered"),
    "document.issued": _("Document issued"),
    "document.reissued": _("Document re-issued"),
    "document.rendered": _("PDF generated"),
    "document.render_failed": _("PDF generation failed"),
    "document.render_requested": _("PDF generation requested again"),
    "credit_record.created": _("Credit record created"),
    "credit_record.request_repair": _("Credit record: repair requested"),
    "credit_record.repair": _("Credit record repaired"),
    "credit_record.remove": _("Credit record removed"),
    "credit_record.revoke": _("Credit record revoked with its decision"),
    "credit_record.expire": _("Credit record expired"),
    "credit_record.refuse_repair": _("Credit record: repair refused"),
    "credit_record.revoke_repair": _("Credit record: repair revoked for fraud"),
    "subject.created": _("Subject registered"),
    "outbound.dead_lettered": _("Message to another system given up after its last attempt"),
    "outbound.retried": _("Dead letter sent again"),
    "outbound.target_paused": _("Delivery to a receiving system paused"),
    "outbound.target_resumed": _("Delivery to a receiving system resumed"),
    "subject.updated": _("Subject updated"),
}


@cache
def registered() -> dict[str, Promise]:
    """Every app's ``EVENTS``, read once the apps are loaded."""
    events: dict[str, Promise] = {}
    for config in apps.get_app_configs():
        module = f"{config.name}.events"
        if importlib.util.find_spec(module) is None:
            continue
        for code, label in getattr(importlib.import_module(module), "EVENTS", {}).items():
            if code in events:
                raise ValueError(f"audit event {code!r} is declared twice")
            events[code] = label
    return events


def is_registered(code: str) -> bool:
    return code in registered()


def event_label(code: str) -> str:
    """The code's label in the active language (the code itself if it has none)."""
    label = registered().get(code)
    return str(label) if label is not None else code

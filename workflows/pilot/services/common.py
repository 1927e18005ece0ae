"""Helpers shared by the pilot services."""

from workflows.core.models import Bureau, User
from workflows.core.regions import REGIONAL_BUREAU_CODE
from workflows.core.services.attachments import attachment_event_data, attachment_store
from workflows.core.services.kit import event
from workflows.core.services.outbound import outbound_enqueue
from workflows.pilot.models import PilotApplication, PilotAttachment


def regional_bureau() -> Bureau:
    return Bureau.objects.get(code=REGIONAL_BUREAU_CODE)


def attachment_add(
    *, application: PilotApplication, upload: dict, actor: User | None
) -> PilotAttachment:
    """Store one upload already checked by ``forms.validators.inspect_upload``."""
    attachment = attachment_store(
        PilotAttachment(application=application), upload=upload, actor=actor
    )
    event(application, "pilot.attachment_added", actor, **attachment_event_data(attachment))
    return attachment


def pilot_announce(application: PilotApplication, message_type: str, **extra) -> None:
    """Publish the pilot (``pilot.list``) or its result (``pilot.results``) on the portal."""
    outbound_enqueue(
        case=application.case, target="portal", message_type=message_type,
        payload={
            "pilot": application.name, "kind": application.kind,
            "kind_name": str(application.get_kind_display()),
            "bureau": application.case.bureau.code,
            "bureau_name": application.case.bureau.name,
            "managing_body": application.managing_body, "area": application.area,
            **extra,
        },
    )  # fmt: skip

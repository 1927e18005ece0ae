"""Helpers shared by the pilot services."""

from django.core.files.base import ContentFile

from workflows.core.models import Bureau, User
from workflows.core.regions import REGIONAL_BUREAU_CODE
from workflows.core.services.kit import event
from workflows.pilot.models import PilotApplication, PilotAttachment


def regional_bureau() -> Bureau:
    return Bureau.objects.get(code=REGIONAL_BUREAU_CODE)


def attachment_add(
    *, application: PilotApplication, upload: dict, actor: User | None
) -> PilotAttachment:
    """Store one upload already checked by ``forms.validators.inspect_upload``."""
    attachment = PilotAttachment(
        application=application,
        kind=upload["kind"],
        original_name=upload["name"][:255],
        content_type=upload["content_type"],
        extension=upload["extension"],
        size=len(upload["content"]),
        sha256=upload["sha256"],
        uploaded_by=actor,
    )
    attachment.file.save(f"upload.{upload['extension']}", ContentFile(upload["content"]), save=True)
    event(
        application, "pilot.attachment_added", actor, kind=attachment.kind,
        name=attachment.original_name, sha256=attachment.sha256, size=attachment.size,
    )  # fmt: skip
    return attachment

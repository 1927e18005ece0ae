"""Storing an upload as a case material: every procedure's attachment model has the
same file columns (kind, file, original name, content type, extension, size, SHA-256,
uploaded by); the procedure gives the row with its owner set."""

from django.core.files.base import ContentFile
from django.db import models

from workflows.core.models import User


def attachment_store(attachment: models.Model, *, upload: dict, actor: User | None):
    """Fill ``attachment`` from an upload checked by ``forms.validators.inspect_upload``,
    store its file and save the row; return the row."""
    attachment.kind = upload["kind"]
    attachment.original_name = upload["name"][:255]
    attachment.content_type = upload["content_type"]
    attachment.extension = upload["extension"]
    attachment.size = len(upload["content"])
    attachment.sha256 = upload["sha256"]
    attachment.uploaded_by = actor
    attachment.file.save(f"upload.{upload['extension']}", ContentFile(upload["content"]), save=True)
    return attachment


def attachment_event_data(attachment: models.Model) -> dict:
    """What the audit event of an added material records."""
    return {
        "kind": attachment.kind,
        "name": attachment.original_name,
        "sha256": attachment.sha256,
        "size": attachment.size,
    }

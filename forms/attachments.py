"""Upload fields for case materials (PDF, JPEG, PNG), shared by every procedure's forms
and the repair intake API: each file is checked by its content
(``forms.validators.inspect_upload``), every bad file is reported at once."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from forms.validators import inspect_upload

#: Files accepted per upload field.
MAX_FILES_PER_FIELD = 10


def inspect_attachment(file, *, kind: str) -> dict:
    """One uploaded file, checked by its content, as the services' ``attachments`` take
    it. The whole file is read: the size limit is ``settings.UPLOAD_MAX_BYTES`` (a proxy
    in front of the application should cap the request size as well)."""
    file.seek(0)
    upload = inspect_upload(file.name, file.read(), max_bytes=settings.UPLOAD_MAX_BYTES)
    return {**upload, "kind": kind}


def inspect_attachments(files, *, kind: str) -> list[dict]:
    """Every file of one upload field checked; all the problems reported at once."""
    if len(files) > MAX_FILES_PER_FIELD:
        raise ValidationError(
            _("Attach at most %(max)d files here."),
            code="too_many_files",
            params={"max": MAX_FILES_PER_FIELD},
        )
    uploads, errors = [], []
    for file in files:
        try:
            uploads.append(inspect_attachment(file, kind=kind))
        except ValidationError as exc:
            errors.extend(exc.error_list)
    if errors:
        raise ValidationError(errors)
    return uploads


class CheckedUpload(str):
    """One checked upload as a form returns it. A task stores its form's data as JSON
    (``services.tasks.finish_task``), where this is the file's name and fingerprint;
    the content for the service is in ``.upload``."""

    upload: dict

    def __new__(cls, upload: dict) -> "CheckedUpload":
        text = super().__new__(cls, f"{upload['name']} sha256:{upload['sha256'][:16]}")
        text.upload = upload
        return text


def uploads(values) -> list[dict]:
    """The upload dicts (as the services take them) of an AttachmentsField value."""
    return [value.upload for value in values or []]


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True

    def __init__(self, attrs=None):
        super().__init__({"accept": ".pdf,.jpg,.jpeg,.png", **(attrs or {})})


class AttachmentsField(forms.FileField):
    """Any number of PDF, JPEG or PNG files of one kind, each checked by its content."""

    widget = MultipleFileInput

    def __init__(self, *, kind: str, **kwargs):
        self.kind = kind
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", _("PDF, JPEG or PNG; several files may be chosen at once."))
        super().__init__(**kwargs)

    def clean(self, data, initial=None) -> list[CheckedUpload]:
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        files = [super(AttachmentsField, self).clean(f, initial) for f in files]
        if self.required and not files:
            raise ValidationError(self.error_messages["required"], code="required")
        return [CheckedUpload(upload) for upload in inspect_attachments(files, kind=self.kind)]


def attachments_of(form: forms.Form) -> list[dict]:
    """Every checked upload of the form's attachment fields, in field order."""
    return [
        upload
        for name, field in form.fields.items()
        if isinstance(field, AttachmentsField)
        for upload in uploads(form.cleaned_data.get(name))
    ]

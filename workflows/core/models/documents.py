import re
import unicodedata

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

#: Longest stem (in characters) of a stored file name; 50 CJK characters are 150 bytes,
#: well under the 255-byte limit of common filesystems.
FILE_STEM_MAX_CHARS = 50


def safe_file_stem(value: str) -> str:
    """A file-name stem from user data: Unicode letters, digits, ``_`` and ``-`` only.

    Runs of anything else (path separators, dots, brackets such as 〔〕, spaces,
    control characters) become one ``_``; ``乌市监信修受〔2026〕3号`` gives
    ``乌市监信修受_2026_3号``.
    """
    normalised = unicodedata.normalize("NFKC", value)
    stem = re.sub(r"[^\w-]+", "_", normalised).strip("_-")
    return stem[:FILE_STEM_MAX_CHARS] or "document"


def document_upload_to(document: "CaseDocument", filename: str) -> str:
    """documents/<year of issue>/<case id>/<safe 文号>-v<version>.pdf (``filename`` unused)."""
    year = timezone.localtime(document.issued_at).year
    stem = safe_file_stem(document.doc_number)
    return f"documents/{year}/{document.case_id}/{stem}-v{document.version}.pdf"


class CaseDocument(models.Model):
    """One version of an official document (受理通知书, 决定书, …) of a case.

    The 文号 comes from a per-bureau, per-year, per-kind counter. A re-issue is a new
    row with the next version, the same 文号 and a link to the version it supersedes;
    a rendered file is never overwritten. ``context`` is the data rendered, frozen at
    issue time, and ``sha256`` the digest of the stored PDF, checked before serving.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        RENDERED = "rendered", _("Rendered")
        FAILED = "failed", _("Failed")

    case = models.ForeignKey(
        "core.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="documents"
    )
    # 28 characters: the number-sequence key "doc:<kind>" must fit in 32.
    kind = models.CharField(_("kind"), max_length=28)
    title = models.CharField(_("title"), max_length=200)
    doc_number = models.CharField(_("document number"), max_length=64)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("supersedes"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    file = models.FileField(_("file"), upload_to=document_upload_to, max_length=255, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    size = models.PositiveIntegerField(_("size in bytes"), null=True, blank=True)
    context = models.JSONField(_("rendered data"), default=dict, blank=True)
    template_name = models.CharField(_("template"), max_length=200)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("issued"))
    rendered_at = models.DateTimeField(_("rendered"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    #: Failed renderings so far, and when the sweep tries again (None: it no longer
    #: does, after DOCUMENT_RENDER_ATTEMPTS; an admin's "render again" still may).
    render_failures = models.PositiveSmallIntegerField(_("failed renderings"), default=0)
    retry_at = models.DateTimeField(_("next attempt"), null=True, blank=True)

    class Meta:
        ordering = ["case", "kind", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "kind", "version"], name="unique_document_version"
            ),
            # A 文号 names one document; only its versions share it.
            models.UniqueConstraint(
                fields=["doc_number", "version"], name="unique_document_number_version"
            ),
            models.CheckConstraint(
                condition=Q(version=1, supersedes__isnull=True)
                | Q(version__gt=1, supersedes__isnull=False),
                name="document_version_supersedes",
            ),
        ]
        verbose_name = _("case document")
        verbose_name_plural = _("case documents")

    def __str__(self) -> str:
        return f"{self.doc_number} v{self.version}"

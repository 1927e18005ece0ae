"""The transactional outbox: what Elasticsearch still has to learn (DESIGN.md §4)."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxEntry(models.Model):
    """One document to (re)send: written by ``audit.record`` in the change's transaction.

    The row names a document, not its content: the relay builds the document from
    PostgreSQL when it sends it, so a resend always carries the current truth.
    """

    class Kind(models.TextChoices):
        CASE = "case", _("Case")
        EVENT = "event", _("Audit event")

    id = models.BigAutoField(primary_key=True)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    object_id = models.BigIntegerField(_("object"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [
            # The relay's and the lag's only query: unsent rows, oldest first.
            models.Index(
                fields=["id"], condition=Q(sent_at__isnull=True), name="search_outbox_unsent"
            ),
            models.Index(fields=["sent_at"], name="search_outbox_sent_at"),
        ]
        verbose_name = _("search outbox entry")
        verbose_name_plural = _("search outbox entries")

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id}"

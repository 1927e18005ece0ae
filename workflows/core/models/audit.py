from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """One append-only, hash-chained entry of the audit trail.

    Events form one chain per *stream*: ``case:<id>`` for everything about a case,
    ``<model>:<id>`` for records outside a case (a subject, a calendar year). Each
    event stores the hash of its predecessor in the stream and its own hash over a
    canonical serialisation (see ``workflows.core.audit``); a database trigger
    refuses UPDATE and DELETE, and ``audit_verify`` re-checks every chain.
    """

    stream = models.CharField(_("stream"), max_length=64)
    seq = models.PositiveIntegerField(_("sequence"))
    case = models.ForeignKey(
        "core.Case",
        verbose_name=_("case"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="events",
    )
    event_type = models.CharField(_("event type"), max_length=64, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField(_("actor name"), max_length=150, blank=True)
    task_id = models.BigIntegerField(_("task"), null=True, blank=True)
    occurred_at = models.DateTimeField(_("time"))
    before = models.JSONField(_("before"), default=dict, blank=True)
    after = models.JSONField(_("after"), default=dict, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64, unique=True)

    class Meta:
        ordering = ["stream", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["stream", "seq"], name="unique_audit_stream_seq")
        ]
        indexes = [models.Index(fields=["case", "occurred_at"])]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"{self.stream}#{self.seq} {self.event_type}"

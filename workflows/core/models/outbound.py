from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboundMessage(models.Model):
    """The one outbox to other government systems, delivered after commit with retry.

    Written in the transaction of the change it reports; a Celery task sends it to the
    endpoint configured for its target (``settings.OUTBOUND_ENDPOINTS``) and records
    each attempt; a beat sweep queues again whatever is still pending. Every procedure
    uses it through ``services.outbound``.
    """

    class Target(models.TextChoices):
        CREDIT_CHINA = "credit_china", _("Credit China (信用中国)")
        PUBLICITY = "publicity", _("Publicity system (GSXT)")
        SHARING = "sharing", _("Joint-punishment department")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed after retries")

    case = models.ForeignKey(
        "core.Case",
        verbose_name=_("case"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="outbound_messages",
    )
    target = models.CharField(_("target"), max_length=16, choices=Target.choices)
    department = models.CharField(_("department"), max_length=64, blank=True)
    message_type = models.CharField(_("message type"), max_length=32)
    payload = models.JSONField(_("payload"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["status", "id"])]
        verbose_name = _("outbound message")
        verbose_name_plural = _("outbound messages")

    def __str__(self) -> str:
        return f"{self.target} {self.message_type} {self.status}"

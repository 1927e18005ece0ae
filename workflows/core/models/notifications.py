from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """A message to one user, listed in the app and optionally e-mailed or texted.

    ``email_sent_at`` and ``sms_sent_at`` make the delivery tasks idempotent: a
    retried or duplicated task does not send twice once the send is recorded.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    case = models.ForeignKey(
        "core.Case",
        verbose_name=_("case"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=64)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    # What was to go out after commit: the sweep sends what a broker outage held back.
    email_wanted = models.BooleanField(_("to be e-mailed"), default=False)
    sms_wanted = models.BooleanField(_("to be texted"), default=False)
    email_sent_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)
    sms_sent_at = models.DateTimeField(_("texted"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "-created_at"])]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return self.title

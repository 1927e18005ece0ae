from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboundMessage(models.Model):
    """The one outbox to other government systems, delivered after commit with retry.

    Written in the transaction of the change it reports (``services.outbound``); a
    Celery task sends it through the channel of its target (``OUTBOUND_TARGETS``) and
    records each attempt; a failed attempt is tried again after an exponential backoff
    with jitter (``next_attempt_at``), and after ``OUTBOUND_MAX_ATTEMPTS`` the message is
    a dead letter until an administrator retries it. Its statutory period, if the kind
    has one (``outbound_kinds``), is a ``Deadline`` met when the message is delivered.
    """

    class Target(models.TextChoices):
        CREDIT_CHINA = "credit_china", _("Credit China (信用中国)")
        PUBLICITY = "publicity", _("Publicity system (GSXT)")
        SHARING = "sharing", _("Joint-punishment department")
        CROSS_PROVINCE = "cross_province", _("Registration-place bureau in another province")
        PORTAL = "portal", _("Bureau portal (public notices)")

    class Status(models.TextChoices):
        PENDING = "pending", _("Queued")
        SENT = "sent", _("Delivered")
        DEAD = "dead", _("Dead letter")

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
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    deadline = models.OneToOneField(
        "core.Deadline",
        verbose_name=_("deadline"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="outbound_message",
    )

    class Meta:
        ordering = ["pk"]
        indexes = [
            models.Index(fields=["status", "id"]),
            models.Index(fields=["target", "status"]),
        ]
        verbose_name = _("outbound message")
        verbose_name_plural = _("outbound messages")

    def __str__(self) -> str:
        return f"{self.get_target_display()} {self.message_type} {self.get_status_display()}"


class OutboundTarget(models.Model):
    """The operating state of one receiving system: an administrator pauses delivery
    to it (its maintenance window, a key being changed) and resumes it. Its address,
    key and timeouts are deployment settings (``OUTBOUND_TARGETS``), not data."""

    code = models.CharField(
        _("target"), max_length=16, unique=True, choices=OutboundMessage.Target.choices
    )
    paused = models.BooleanField(_("paused"), default=False)
    paused_at = models.DateTimeField(_("paused at"), null=True, blank=True)
    paused_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("paused by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    pause_reason = models.CharField(_("reason for the pause"), max_length=200, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("receiving system")
        verbose_name_plural = _("receiving systems")

    def __str__(self) -> str:
        return self.get_code_display()


class InboundCall(models.Model):
    """One delivery from a system around the bureau (a court system's push, a
    registration export), by API or by file: what came and how much was refused, for
    the integrations page."""

    class Channel(models.TextChoices):
        API = "api", _("API")
        FILE = "file", _("File")

    class Kind(models.TextChoices):
        COURT_REFERRALS = "court_referrals", _("Court referrals")
        SUBJECTS = "subjects", _("Registered subjects")

    kind = models.CharField(_("data"), max_length=32, choices=Kind.choices)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    #: the API client, or the staff member who uploaded the file (none: a command)
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sender"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    accepted = models.PositiveIntegerField(_("accepted"), default=0)
    rejected = models.PositiveIntegerField(_("rejected"), default=0)

    class Meta:
        ordering = ["-received_at", "-pk"]
        indexes = [models.Index(fields=["kind", "channel", "-received_at"])]
        verbose_name = _("inbound delivery")
        verbose_name_plural = _("inbound deliveries")

    def __str__(self) -> str:
        when = f"{self.received_at:%Y-%m-%d %H:%M}" if self.received_at else ""
        return f"{self.get_kind_display()} {self.get_channel_display()} {when}"

"""Records of the credit-repair procedure (信用修复), DOMAIN.md §3."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from workflows.core.models import CreditRecord


class RepairKind(models.TextChoices):
    """The four kinds of repair (L4 Art. 2), one per kind of credit record."""

    ABNORMAL_REMOVAL = "abnormal_removal", _("Removal from the abnormal operations list")
    INDIVIDUAL_RESTORE = "individual_restore", _("Restore an individual business to normal")
    SERIOUS_EARLY_REMOVAL = "serious_early_removal", _("Early removal from the serious list")
    PENALTY_EARLY_STOP = "penalty_early_stop", _("Early stop of penalty publicity")
    #: A false-pledge record (DOMAIN.md §5.2 step 9): the "general" class, decided like
    #: penalty information within 15 WD of acceptance.
    FALSE_PLEDGE_REPAIR = "false_pledge_repair", _("Repair of a false-pledge record")


#: Credit-record kind → repair kind.
KIND_FOR_RECORD = {
    CreditRecord.Kind.ABNORMAL_LIST: RepairKind.ABNORMAL_REMOVAL,
    CreditRecord.Kind.INDIVIDUAL_ABNORMAL: RepairKind.INDIVIDUAL_RESTORE,
    CreditRecord.Kind.SERIOUS_LIST: RepairKind.SERIOUS_EARLY_REMOVAL,
    CreditRecord.Kind.PENALTY: RepairKind.PENALTY_EARLY_STOP,
    CreditRecord.Kind.FALSE_PLEDGE: RepairKind.FALSE_PLEDGE_REPAIR,
}

#: Kinds decided within 5 working days of receipt (AB-REMOVE); the others within 15
#: working days of acceptance (REP-DECIDE).
ABNORMAL_KINDS = (RepairKind.ABNORMAL_REMOVAL, RepairKind.INDIVIDUAL_RESTORE)


class RepairApplication(models.Model):
    """The application behind one repair case, with the pledge and the outcome."""

    class Channel(models.TextChoices):
        COUNTER = "counter", _("At the counter")
        ONLINE = "online", _("Online service channel")
        SYSTEM = "system", _("Without application (免申即享)")

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Pending")
        NOT_ACCEPTED = "not_accepted", _("Not accepted")
        GRANTED = "granted", _("Repair granted")
        REFUSED = "refused", _("Repair refused")
        REVOKED = "revoked", _("Repair revoked for fraud")

    class PledgeState(models.TextChoices):
        NONE = "", _("No pledge for missing materials")
        OPEN = "open", _("Materials pledged")
        FULFILLED = "fulfilled", _("Pledged materials received")
        BROKEN = "broken", _("Pledge broken")

    case = models.OneToOneField(
        "core.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="repair"
    )
    credit_record = models.ForeignKey(
        "core.CreditRecord",
        verbose_name=_("credit record"),
        on_delete=models.PROTECT,
        related_name="repair_applications",
    )
    kind = models.CharField(_("repair kind"), max_length=32, choices=RepairKind.choices)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    applicant_name = models.CharField(_("applicant"), max_length=100)
    applicant_phone = models.CharField(_("contact phone"), max_length=32, blank=True)
    grounds = models.TextField(_("grounds for repair"))
    pledge_made = models.BooleanField(_("credit pledge (守信承诺书) signed"), default=False)
    received_on = models.DateField(_("received on"))
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    missing_materials = models.TextField(_("materials pledged to follow"), blank=True)
    pledge_state = models.CharField(
        _("pledge for missing materials"),
        max_length=16,
        choices=PledgeState.choices,
        blank=True,
        default=PledgeState.NONE,
    )
    pledge_due_on = models.DateField(_("pledged materials due"), null=True, blank=True)
    acceptance = models.CharField(_("acceptance decision"), max_length=16, blank=True)
    verification_opinion = models.CharField(_("verification opinion"), max_length=16, blank=True)
    review_result = models.CharField(_("review result"), max_length=16, blank=True)
    needs_legal_review = models.BooleanField(_("legal review required"), default=False)
    legal_opinion = models.CharField(_("legal review opinion"), max_length=16, blank=True)
    verification_waived = models.BooleanField(
        _("verification waived under the pledge (承诺免查)"), default=False
    )
    post_check = models.BooleanField(_("drawn for a post-check"), default=False)
    post_check_seed = models.CharField(_("post-check draw seed"), max_length=64, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=Outcome.choices, default=Outcome.PENDING
    )
    outcome_reason = models.TextField(_("reasons"), blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    executed_on = models.DateField(_("executed on"), null=True, blank=True)
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)

    class Meta:
        verbose_name = _("repair application")
        verbose_name_plural = _("repair applications")

    def __str__(self) -> str:
        return f"{self.case.case_no} {self.get_kind_display()}"

    @property
    def is_abnormal_kind(self) -> bool:
        return self.kind in ABNORMAL_KINDS


def attachment_upload_to(attachment: "RepairAttachment", filename: str) -> str:
    """Stored under a generated name: the applicant's file name is kept as data only."""
    return (
        f"repair/{attachment.application.case_id}/{attachment.sha256[:16]}.{attachment.extension}"
    )


class RepairAttachment(models.Model):
    class Kind(models.TextChoices):
        APPLICATION = "application", _("Application form (信用修复申请书)")
        PLEDGE = "pledge", _("Credit pledge (守信承诺书)")
        EVIDENCE = "evidence", _("Proof of performance and correction")
        IDENTITY = "identity", _("Identity and entity documents")
        SUPPLEMENT = "supplement", _("Supplementary materials")

    application = models.ForeignKey(
        RepairApplication,
        verbose_name=_("application"),
        on_delete=models.PROTECT,
        related_name="attachments",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    file = models.FileField(_("file"), upload_to=attachment_upload_to)
    original_name = models.CharField(_("original file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=64)
    extension = models.CharField(_("extension"), max_length=8)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name


class RepairReminder(models.Model):
    """A subject told that a record has become repairable (提醒): once per record."""

    credit_record = models.OneToOneField(
        "core.CreditRecord",
        verbose_name=_("credit record"),
        on_delete=models.PROTECT,
        related_name="repair_reminder",
    )
    eligible_since = models.DateField(_("eligible since"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    exported_at = models.DateTimeField(_("exported"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("repair reminder")
        verbose_name_plural = _("repair reminders")

    def __str__(self) -> str:
        return str(self.credit_record)

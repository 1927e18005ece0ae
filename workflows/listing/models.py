"""Records of serious-violation listing (列入严重违法失信名单), DOMAIN.md §4.

A court referral (法院线索推送) or another source becomes a ``Lead``; a lead whose
subject is known opens a listing case, whose step data lives on ``Listing``.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Court(models.Model):
    """A court system allowed to push case leads: one API client user (one token) each."""

    code = models.CharField(_("court code"), max_length=32, unique=True)
    name = models.CharField(_("court name"), max_length=100)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("API client"),
        on_delete=models.PROTECT,
        related_name="court",
    )
    bureau = models.ForeignKey(
        "core.Bureau",
        verbose_name=_("receiving bureau"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Whose credit unit matches the court's leads by hand when needed."),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("court")
        verbose_name_plural = _("courts")

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"


class Lead(models.Model):
    """案件线索: a case lead from a court, a penalty case or inside the bureau."""

    class Source(models.TextChoices):
        COURT_REFERRAL = "court_referral", _("Court referral")
        PENALTY_CASE = "penalty_case", _("Penalty case")
        INTERNAL = "internal_lead", _("Internal lead")
        ABNORMAL_ESCALATION = "ex_officio", _("Three years on the abnormal list")

    class Status(models.TextChoices):
        NEEDS_MATCH = "needs_match", _("Subject to be matched by hand")
        CASE_OPENED = "case_opened", _("Listing case opened")

    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    subject = models.ForeignKey(
        "core.Subject",
        verbose_name=_("subject"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    bureau = models.ForeignKey(
        "core.Bureau", verbose_name=_("bureau"), on_delete=models.PROTECT, related_name="+"
    )
    summary = models.TextField(_("facts"))
    penalty_decision_no = models.CharField(_("penalty decision number"), max_length=64, blank=True)
    match_problem = models.CharField(_("why matched by hand"), max_length=200, blank=True)
    case = models.OneToOneField(
        "core.Case",
        verbose_name=_("case"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="listing_lead",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("received"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("lead")
        verbose_name_plural = _("leads")

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.pk}"


def referral_document_upload_to(referral: "CourtReferral", filename: str) -> str:
    return f"listing/court/{referral.court_code}/{referral.document_sha256[:16]}.pdf"


class CourtReferral(models.Model):
    """法院线索推送接收单: one judgment pushed by a court, unique per court and case number."""

    class Channel(models.TextChoices):
        API = "api", _("Court API")
        FILE = "file", _("File import")

    court = models.ForeignKey(
        Court, verbose_name=_("court"), null=True, blank=True, on_delete=models.PROTECT
    )
    court_code = models.CharField(_("court code"), max_length=32)
    court_name = models.CharField(_("court name"), max_length=100)
    court_case_number = models.CharField(_("court case number"), max_length=64)
    judgment_number = models.CharField(_("judgment number"), max_length=64)
    judgment_date = models.DateField(_("judgment date"))
    uscc = models.CharField(_("unified social credit code"), max_length=18)
    subject_name = models.CharField(_("subject name"), max_length=200)
    cause = models.TextField(_("cause"))
    document = models.FileField(
        _("judgment document"), upload_to=referral_document_upload_to, blank=True
    )
    document_sha256 = models.CharField(_("document SHA-256"), max_length=64, blank=True)
    payload_sha256 = models.CharField(_("payload SHA-256"), max_length=64)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("received from"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    lead = models.OneToOneField(
        Lead, verbose_name=_("lead"), on_delete=models.PROTECT, related_name="court_referral"
    )

    class Meta:
        ordering = ["-received_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["court_code", "court_case_number"], name="unique_court_case_number"
            )
        ]
        verbose_name = _("court referral")
        verbose_name_plural = _("court referrals")

    def __str__(self) -> str:
        return f"{self.court_name} {self.court_case_number}"


class ListingRuleVersion(models.Model):
    """The procedural switches of the listing rules in force (versioned like deadlines).

    ``upper_level_approval``: county and prefecture bureaus need the upper level's
    approval (Order 44); the 2025 revision may remove it — a new version says so.
    """

    title = models.CharField(_("title"), max_length=200)
    effective_from = models.DateField(_("effective from"))
    effective_to = models.DateField(_("effective until"), null=True, blank=True)
    upper_level_approval = models.BooleanField(_("upper-level approval required"))
    legal_basis = models.CharField(_("legal basis"), max_length=200, blank=True)

    class Meta:
        ordering = ["-effective_from"]
        verbose_name = _("listing rule version")
        verbose_name_plural = _("listing rule versions")

    def __str__(self) -> str:
        return f"{self.title} ({self.effective_from})"


class Listing(models.Model):
    """The data of one serious-list case, step by step (the flow routes on it)."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Pending")
        NOT_REGISTERED = "not_registered", _("No case registered")
        NOT_LISTED = "not_listed", _("Not listed")
        REFUSED_LEGAL = "refused_legal", _("Refused at legal review")
        REFUSED_BUSINESS = "refused_business", _("Refused at the business-line re-check")
        REFUSED_UPPER = "refused_upper", _("Refused by the upper level")
        LISTED = "listed", _("Listed")
        REVOKED = "revoked", _("Listing revoked")

    case = models.OneToOneField(
        "core.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="listing"
    )
    lead = models.OneToOneField(
        Lead, verbose_name=_("lead"), on_delete=models.PROTECT, related_name="listing"
    )
    registered = models.BooleanField(_("case registered"), default=False)
    assessment = models.JSONField(_("Art. 12 assessment"), default=dict, blank=True)
    proposed = models.BooleanField(_("listing proposed"), default=False)
    restriction_until = models.DateField(_("restriction period ends"), null=True, blank=True)
    notice_served_on = models.DateField(_("notice served on"), null=True, blank=True)
    notice_service_method = models.CharField(_("notice served by"), max_length=16, blank=True)
    statement = models.TextField(_("statement and defence"), blank=True)
    hearing_requested = models.BooleanField(_("hearing requested"), default=False)
    hearing_date = models.DateField(_("hearing date"), null=True, blank=True)
    hearing_notified_on = models.DateField(_("hearing notice served on"), null=True, blank=True)
    hearing_record = models.TextField(_("hearing record"), blank=True)
    recheck_result = models.CharField(_("re-check"), max_length=16, blank=True)
    legal_opinion = models.CharField(_("legal review"), max_length=16, blank=True)
    business_result = models.CharField(_("business-line re-check"), max_length=16, blank=True)
    upper_level_required = models.BooleanField(_("upper-level approval required"), default=False)
    upper_result = models.CharField(_("upper-level approval"), max_length=16, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_served_on = models.DateField(_("decision served on"), null=True, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    credit_record = models.OneToOneField(
        "core.CreditRecord",
        verbose_name=_("credit record"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="serious_listing",
    )
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=Outcome.choices, default=Outcome.PENDING
    )
    outcome_reason = models.TextField(_("reasons"), blank=True)

    class Meta:
        verbose_name = _("serious-list case")
        verbose_name_plural = _("serious-list cases")

    def __str__(self) -> str:
        return self.case.case_no


class AbnormalEntry(models.Model):
    """An entry on the abnormal operations list (经营异常名录), DOMAIN.md §4.5.

    The public record is the ``CreditRecord`` (kind abnormal_list, or individual_abnormal
    for an individual business, which is only marked); this keeps the ground, the
    listing case and the 3-year warning and escalation.
    """

    class Ground(models.TextChoices):
        NO_ANNUAL_REPORT = "no_annual_report", _("No annual report by 30 June")
        INSTANT_INFO = "instant_info", _("Instant information not publicised as ordered")
        FALSE_INFO = "false_info", _("Concealed or false information")
        UNREACHABLE = "unreachable", _("Unreachable at the registered address")

    case = models.OneToOneField(
        "core.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="abnormal"
    )
    credit_record = models.OneToOneField(
        "core.CreditRecord",
        verbose_name=_("credit record"),
        on_delete=models.PROTECT,
        related_name="abnormal_entry",
    )
    ground = models.CharField(_("ground"), max_length=24, choices=Ground.choices)
    fact_date = models.DateField(
        _("ground established on"),
        help_text=_("End of the annual-report period, the ordered deadline, or verification."),
    )
    report_year = models.PositiveSmallIntegerField(_("annual report year"), null=True, blank=True)
    warned_on = models.DateField(_("3-year warning given on"), null=True, blank=True)
    escalated_to = models.OneToOneField(
        Lead,
        verbose_name=_("escalated to the serious list"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="abnormal_entry",
    )

    class Meta:
        verbose_name = _("abnormal-list entry")
        verbose_name_plural = _("abnormal-list entries")

    def __str__(self) -> str:
        return self.case.case_no


class AbnormalObjection(models.Model):
    """异议: the subject objects to its abnormal listing (accept 5 WD, verify 20 WD)."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Pending")
        NOT_ACCEPTED = "not_accepted", _("Not accepted")
        UPHELD = "upheld", _("Upheld: listing revoked")
        REJECTED = "rejected", _("Rejected: listing stands")

    case = models.OneToOneField(
        "core.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="objection"
    )
    entry = models.ForeignKey(
        AbnormalEntry, verbose_name=_("entry"), on_delete=models.PROTECT, related_name="objections"
    )
    grounds = models.TextField(_("grounds of the objection"))
    received_on = models.DateField(_("received on"))
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=Outcome.choices, default=Outcome.PENDING
    )
    reasons = models.TextField(_("reasons"), blank=True)

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")

    def __str__(self) -> str:
        return self.case.case_no

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Procedure(models.TextChoices):
    REPAIR = "repair", _("Credit repair")
    LISTING = "listing", _("Serious-violation listing")
    PLEDGE = "pledge", _("Credit-pledge verification")
    ALLIANCE = "alliance", _("Credit-alliance admission")
    PILOT = "pilot", _("Business-district pilot review")


class Case(models.Model):
    """One instance of a procedure: the record every task, deadline, document and event hangs on."""

    class Source(models.TextChoices):
        APPLICATION = "application", _("Application")
        EX_OFFICIO = "ex_officio", _("Ex officio")
        COURT_REFERRAL = "court_referral", _("Court referral")
        PENALTY_CASE = "penalty_case", _("Penalty case")
        INTERNAL_LEAD = "internal_lead", _("Internal lead")
        MONITORING = "monitoring", _("Monitoring")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")
        CANCELLED = "cancelled", _("Cancelled")

    case_no = models.CharField(_("case number"), max_length=64, unique=True)
    procedure = models.CharField(_("procedure"), max_length=16, choices=Procedure.choices)
    sub_type = models.CharField(_("sub-type"), max_length=32, blank=True)
    subject = models.ForeignKey(
        "core.Subject",
        verbose_name=_("subject"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    bureau = models.ForeignKey(
        "core.Bureau", verbose_name=_("bureau"), on_delete=models.PROTECT, related_name="cases"
    )
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN
    )
    current_step = models.CharField(_("current step"), max_length=64, blank=True)
    decision = models.CharField(_("decision"), max_length=64, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=200, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    process = models.OneToOneField(
        "viewflow.Process",
        verbose_name=_("process"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="case",
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    opened_at = models.DateTimeField(_("opened"))
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        ordering = ["-opened_at"]
        indexes = [models.Index(fields=["bureau", "procedure", "status"])]
        verbose_name = _("case")
        verbose_name_plural = _("cases")

    def __str__(self) -> str:
        return self.case_no

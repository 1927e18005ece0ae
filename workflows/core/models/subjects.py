from django.db import models
from django.utils.translation import gettext_lazy as _

from forms.validators import validate_uscc
from workflows.core.regions import REGIONAL_BUREAU_CODE


class Subject(models.Model):
    """A business entity (经营主体) identified by its unified social credit code."""

    class Type(models.TextChoices):
        ENTERPRISE = "enterprise", _("Enterprise")
        INDIVIDUAL = "individual", _("Individual business")
        COOPERATIVE = "cooperative", _("Farmers' cooperative")
        OTHER = "other", _("Other")

    class RegStatus(models.TextChoices):
        ACTIVE = "active", _("Active")
        REVOKED = "revoked", _("Licence revoked")
        DEREGISTERED = "deregistered", _("Deregistered")
        MOVED_OUT = "moved_out", _("Moved out")

    class RiskClass(models.TextChoices):
        A = "A", _("A (low risk)")
        B = "B", _("B")
        C = "C", _("C")
        D = "D", _("D (high risk)")

    uscc = models.CharField(
        _("unified social credit code"), max_length=18, unique=True, validators=[validate_uscc]
    )
    name = models.CharField(_("name"), max_length=200, db_index=True)
    subject_type = models.CharField(_("subject type"), max_length=16, choices=Type.choices)
    legal_rep = models.CharField(_("legal representative"), max_length=64)
    reg_authority = models.CharField(_("registration authority"), max_length=100, blank=True)
    region = models.ForeignKey(
        "core.Bureau", verbose_name=_("bureau"), on_delete=models.PROTECT, related_name="subjects"
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    reg_status = models.CharField(
        _("registration status"),
        max_length=16,
        choices=RegStatus.choices,
        default=RegStatus.ACTIVE,
    )
    risk_class = models.CharField(
        _("credit risk class"), max_length=1, choices=RiskClass.choices, blank=True
    )
    established_on = models.DateField(_("date of establishment"), null=True, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=32, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["uscc"]
        verbose_name = _("subject")
        verbose_name_plural = _("subjects")

    def __str__(self) -> str:
        return f"{self.name}（{self.uscc}）"

    @staticmethod
    def category_in_uscc(uscc: str) -> str:
        """The category a market-regulation code (9…) states in its second character
        (GB 32100-2015: 1 enterprise, 2 individual business, 3 cooperative), else ""."""
        if uscc[:1] != "9":
            return ""
        return {
            "1": Subject.Type.ENTERPRISE,
            "2": Subject.Type.INDIVIDUAL,
            "3": Subject.Type.COOPERATIVE,
        }.get(uscc[1:2], "")

    def registered_in_another_province(self) -> bool:
        """Characters 3–8 of a USCC are the division code of the registering authority
        (GB 32100-2015); its first two name the province, here the regional bureau's."""
        return self.uscc[2:4] != REGIONAL_BUREAU_CODE[:2]

    @staticmethod
    def type_from_uscc(uscc: str) -> str:
        """Positions 1–2 tell the type for subjects registered by market regulation."""
        if uscc[0] == "9":
            return {
                "1": Subject.Type.ENTERPRISE,
                "2": Subject.Type.INDIVIDUAL,
                "3": Subject.Type.COOPERATIVE,
            }.get(uscc[1], Subject.Type.OTHER)
        return Subject.Type.OTHER


class SubjectTypeTerm(models.Model):
    """A 主体类型 as a registration system writes it (有限责任公司, 个人独资企业…) and the
    subject category it means: data an administrator extends (workflows.core.subject_terms
    holds the ones every installation starts with)."""

    term = models.CharField(_("term"), max_length=64, unique=True)
    subject_type = models.CharField(_("subject type"), max_length=16, choices=Subject.Type.choices)

    class Meta:
        ordering = ["subject_type", "term"]
        verbose_name = _("subject type term")
        verbose_name_plural = _("subject type terms")

    def __str__(self) -> str:
        return f"{self.term} → {self.get_subject_type_display()}"

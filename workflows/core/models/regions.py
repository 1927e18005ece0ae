from django.db import models
from django.utils.translation import gettext_lazy as _

from workflows.core.regions import REGIONAL_BUREAU_CODE


class Bureau(models.Model):
    """A market-regulation bureau: the regional one, a prefecture's, or a Corps city's."""

    class Kind(models.TextChoices):
        REGION = "region", _("Regional bureau")
        PREFECTURE = "prefecture", _("Prefecture bureau")
        CORPS = "corps", _("Corps bureau")

    code = models.CharField(_("region code"), max_length=6, unique=True)
    name = models.CharField(_("name"), max_length=64)
    name_en = models.CharField(_("English name"), max_length=64)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    doc_prefix = models.CharField(
        _("document prefix"),
        max_length=16,
        blank=True,
        help_text=_("Issuing-authority abbreviation opening case numbers and 文号, e.g. 乌市监."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("bureau")
        verbose_name_plural = _("bureaus")

    def __str__(self) -> str:
        return self.name

    @property
    def is_regional(self) -> bool:
        return self.code == REGIONAL_BUREAU_CODE

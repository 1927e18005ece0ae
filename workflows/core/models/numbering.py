from django.db import models
from django.utils.translation import gettext_lazy as _


class NumberSequence(models.Model):
    """The last number issued per bureau, year and kind (case numbers, 文号 of documents).

    Incremented under a row lock inside the caller's transaction, so a rolled-back
    transaction gives its number back: numbers are unique and gapless.
    """

    bureau = models.ForeignKey("core.Bureau", on_delete=models.PROTECT, verbose_name=_("bureau"))
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=32)
    last_value = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["bureau", "year", "kind"], name="unique_sequence")
        ]
        verbose_name = _("number sequence")
        verbose_name_plural = _("number sequences")

    def __str__(self) -> str:
        return f"{self.bureau.code}/{self.year}/{self.kind}: {self.last_value}"

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition


class CreditRecord(ConcurrentTransitionMixin, models.Model):
    """A list entry or publicity record of a subject, with its public lifecycle.

    The state is what the public sees; flows move it only through the transitions
    below (the field is protected), via ``services.credit_records``.
    """

    class Kind(models.TextChoices):
        ABNORMAL_LIST = "abnormal_list", _("Abnormal operations list")
        INDIVIDUAL_ABNORMAL = "individual_abnormal", _("Individual business abnormal status")
        SERIOUS_LIST = "serious_list", _("Serious-violation list")
        PENALTY = "penalty", _("Administrative-penalty publicity")
        FALSE_PLEDGE = "false_pledge", _("False credit pledge")

    class State(models.TextChoices):
        LISTED = "listed", _("Listed / publicised")
        REPAIR_REQUESTED = "repair_requested", _("Repair requested")
        REPAIRED = "repaired", _("Repaired")
        REMOVED = "removed", _("Removed")
        EXPIRED = "expired", _("Expired")
        REVOKED = "revoked", _("Revoked")

    class PenaltyClass(models.TextChoices):
        MINOR = "minor", _("Circulated criticism or lower-amount fine")
        GENERAL = "general", _("Other penalty")
        SENSITIVE = "sensitive", _("Food, drugs or special equipment")

    subject = models.ForeignKey(
        "core.Subject",
        verbose_name=_("subject"),
        on_delete=models.PROTECT,
        related_name="credit_records",
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    state = FSMField(
        _("state"), max_length=24, choices=State.choices, default=State.LISTED, protected=True
    )
    reason = models.TextField(_("reason"))
    legal_basis = models.CharField(_("legal basis"), max_length=200, blank=True)
    decision_no = models.CharField(_("decision number"), max_length=64, blank=True)
    deciding_bureau = models.ForeignKey(
        "core.Bureau",
        verbose_name=_("deciding bureau"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    penalty_class = models.CharField(
        _("penalty class"), max_length=16, choices=PenaltyClass.choices, blank=True
    )
    repairable = models.BooleanField(
        _("repairable"),
        default=True,
        help_text=_("False for penalty types the rules exclude from repair."),
    )
    listed_on = models.DateField(_("listed on"))
    repairable_from = models.DateField(_("repair possible from"), null=True, blank=True)
    expires_on = models.DateField(_("publicity ends on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    case = models.ForeignKey(
        "core.Case",
        verbose_name=_("case"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="credit_records",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-listed_on"]
        indexes = [models.Index(fields=["subject", "kind", "state"])]
        verbose_name = _("credit record")
        verbose_name_plural = _("credit records")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.subject.uscc} {self.listed_on}"

    @transition(field=state, source=State.LISTED, target=State.REPAIR_REQUESTED)
    def request_repair(self) -> None:
        pass

    @transition(field=state, source=State.REPAIR_REQUESTED, target=State.LISTED)
    def refuse_repair(self) -> None:
        pass

    @transition(field=state, source=State.REPAIR_REQUESTED, target=State.REPAIRED)
    def repair(self) -> None:
        pass

    @transition(field=state, source=State.REPAIRED, target=State.LISTED)
    def revoke_repair(self) -> None:
        """Repair obtained by fraud: the record is public again and its clock restarts."""

    @transition(field=state, source=[State.LISTED, State.REPAIR_REQUESTED], target=State.REMOVED)
    def remove(self) -> None:
        """Removal on other grounds, e.g. the abnormal-list cause was corrected."""

    @transition(field=state, source=State.LISTED, target=State.EXPIRED)
    def expire(self) -> None:
        pass

    @transition(
        field=state,
        source=[State.LISTED, State.REPAIR_REQUESTED, State.REPAIRED, State.EXPIRED,
                State.REMOVED],
        target=State.REVOKED,
    )  # fmt: skip
    def revoke(self) -> None:
        """The decision behind the record was revoked, or repair was obtained by fraud."""

"""Records of the enterprise credit alliance (企业信用同盟), DOMAIN.md §6."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition


class Membership(ConcurrentTransitionMixin, models.Model):
    """A subject's standing in the alliance, from candidacy to exit.

    The state is what other procedures read (``selectors.is_member``): only a member in
    good standing enjoys the incentives; a suspended member (under review) does not.
    Flows move it only through the transitions below (the field is protected).
    """

    class State(models.TextChoices):
        CANDIDATE = "candidate", _("Candidate")
        ON_NOTICE = "on_notice", _("On public notice")
        MEMBER = "member", _("Member")
        SUSPENDED = "suspended", _("Suspended (under review)")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        EXPELLED = "expelled", _("Expelled")
        DECLINED = "declined", _("Not admitted")

    #: States in which a subject cannot start another candidacy.
    ACTIVE_STATES = (State.CANDIDATE, State.ON_NOTICE, State.MEMBER, State.SUSPENDED)

    subject = models.ForeignKey(
        "core.Subject",
        verbose_name=_("subject"),
        on_delete=models.PROTECT,
        related_name="alliance_memberships",
    )
    state = FSMField(
        _("state"), max_length=16, choices=State.choices, default=State.CANDIDATE, protected=True
    )
    bureau = models.ForeignKey(
        "core.Bureau",
        verbose_name=_("responsible bureau"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    certificate_no = models.CharField(_("certificate number"), max_length=64, blank=True)
    admitted_on = models.DateField(_("admitted on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.TextField(_("reason for ending"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["subject"],
                condition=Q(state__in=["candidate", "on_notice", "member", "suspended"]),
                name="alliance_one_active_membership",
            )
        ]
        indexes = [models.Index(fields=["state", "subject"])]
        verbose_name = _("alliance membership")
        verbose_name_plural = _("alliance memberships")

    def __str__(self) -> str:
        return f"{self.subject} {self.get_state_display()}"

    @transition(field=state, source=State.CANDIDATE, target=State.ON_NOTICE)
    def start_notice(self) -> None:
        """Shortlisted by the regional review: the proposed-member list is publicised."""

    @transition(field=state, source=State.ON_NOTICE, target=State.MEMBER)
    def admit(self) -> None:
        pass

    @transition(field=state, source=[State.CANDIDATE, State.ON_NOTICE], target=State.DECLINED)
    def decline(self) -> None:
        """Screening failed, a review did not recommend, or an objection was upheld."""

    @transition(field=state, source=State.MEMBER, target=State.SUSPENDED)
    def suspend(self) -> None:
        """A monitoring review is open: incentives pause until it is decided."""

    @transition(field=state, source=State.SUSPENDED, target=State.MEMBER)
    def reinstate(self) -> None:
        pass

    @transition(field=state, source=[State.MEMBER, State.SUSPENDED], target=State.WITHDRAWN)
    def withdraw(self) -> None:
        pass

    @transition(field=state, source=[State.MEMBER, State.SUSPENDED], target=State.EXPELLED)
    def expel(self) -> None:
        pass

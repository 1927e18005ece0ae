"""Records of the enterprise credit alliance (企业信用同盟), DOMAIN.md §6."""

from django.conf import settings
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
    admitted_at = models.DateTimeField(
        _("admitted at"),
        null=True,
        blank=True,
        help_text=_("Credit records created from this moment on are monitored."),
    )
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


class EligibilityCriterion(models.Model):
    """One item of the admission checklist (DOMAIN.md §6.2, all [A]): data, not code.

    The screening evaluates every active item against the subject's records and keeps
    a copy of each result (``ScreeningItem``), so a later change of the checklist never
    rewrites an old screening.
    """

    class Check(models.TextChoices):
        REGISTERED_YEARS = "registered_years", _("Registered and active for N years")
        CREDIT_CLASS = "credit_class", _("Credit risk class")
        NO_SERIOUS_LIST = "no_serious_list", _("No serious-violation list entry in N years")
        NO_ABNORMAL_LIST = "no_abnormal_list", _("No abnormal-list entry in N years")
        NO_UNREPAIRED_PENALTY = "no_unrepaired_penalty", _("No unrepaired penalty in N years")
        NO_FALSE_PLEDGE = "no_false_pledge", _("No false pledge in N years")
        ANNUAL_REPORTS = "annual_reports", _("Annual reports on time for N years")
        PLEDGE_SIGNED = "pledge_signed", _("Public credit pledge signed")

    code = models.CharField(_("check"), max_length=32, choices=Check.choices, unique=True)
    title = models.CharField(_("title"), max_length=200)
    years = models.PositiveSmallIntegerField(
        _("years"), null=True, blank=True, help_text=_("The look-back or minimum period.")
    )
    allowed_classes = models.CharField(
        _("allowed risk classes"),
        max_length=8,
        blank=True,
        help_text=_("For the credit-class check, e.g. A or AB."),
    )
    active = models.BooleanField(_("active"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("eligibility criterion")
        verbose_name_plural = _("eligibility criteria")

    def __str__(self) -> str:
        return self.title


class Admission(models.Model):
    """The nomination or application behind one admission case (入盟), with each step's
    opinion and the outcome."""

    class Channel(models.TextChoices):
        NOMINATION = "nomination", _("Nominated by a bureau")
        APPLICATION = "application", _("Applied for by the enterprise")

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Pending")
        SCREENING_FAILED = "screening_failed", _("Failed the eligibility screening")
        NOT_RECOMMENDED = "not_recommended", _("Not recommended by the prefecture")
        NOT_SHORTLISTED = "not_shortlisted", _("Not shortlisted by the regional review")
        OBJECTION_UPHELD = "objection_upheld", _("Objection upheld")
        REFUSED = "refused", _("Not admitted by the leader")
        ADMITTED = "admitted", _("Admitted")

    case = models.OneToOneField(
        "core.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="admission"
    )
    membership = models.ForeignKey(
        Membership,
        verbose_name=_("membership"),
        on_delete=models.PROTECT,
        related_name="admissions",
    )
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    contact_name = models.CharField(_("contact person"), max_length=100)
    contact_phone = models.CharField(_("contact phone"), max_length=32, blank=True)
    statement = models.TextField(_("reasons for the nomination or application"))
    established_on = models.DateField(_("established on"))
    pledge_signed = models.BooleanField(_("public credit pledge signed"), default=False)
    received_on = models.DateField(_("received on"))
    screening_passed = models.BooleanField(_("screening passed"), null=True)
    screened_at = models.DateTimeField(_("screened at"), null=True, blank=True)
    prefecture_opinion = models.CharField(_("prefecture opinion"), max_length=16, blank=True)
    site_visit_on = models.DateField(_("site visit on"), null=True, blank=True)
    prefecture_findings = models.TextField(_("prefecture findings"), blank=True)
    regional_decision = models.CharField(_("regional review"), max_length=16, blank=True)
    regional_opinion = models.TextField(_("regional opinion"), blank=True)
    expert_scores = models.JSONField(_("expert scores"), default=list, blank=True)
    expert_average = models.DecimalField(
        _("average expert score"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    notice_from = models.DateField(_("public notice from"), null=True, blank=True)
    notice_until = models.DateField(_("public notice until"), null=True, blank=True)
    notice_closed_at = models.DateTimeField(_("public notice closed at"), null=True, blank=True)
    decision_reasons = models.TextField(_("reasons"), blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=Outcome.choices, default=Outcome.PENDING
    )

    class Meta:
        verbose_name = _("admission")
        verbose_name_plural = _("admissions")

    def __str__(self) -> str:
        return self.case.case_no


class ScreeningItem(models.Model):
    """The result of one checklist item for one admission, as it was evaluated."""

    admission = models.ForeignKey(
        Admission, verbose_name=_("admission"), on_delete=models.CASCADE, related_name="screening"
    )
    code = models.CharField(_("check"), max_length=32, choices=EligibilityCriterion.Check.choices)
    title = models.CharField(_("title"), max_length=200)
    passed = models.BooleanField(_("passed"))
    reason = models.TextField(_("reason"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("screening item")
        verbose_name_plural = _("screening items")

    def __str__(self) -> str:
        return self.title


class Objection(models.Model):
    """An objection to a candidate during the public notice (公示异议)."""

    class Channel(models.TextChoices):
        ONLINE = "online", _("Online service channel")
        COUNTER = "counter", _("Letter, telephone or visit")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        UPHELD = "upheld", _("Upheld")
        DISMISSED = "dismissed", _("Dismissed")

    admission = models.ForeignKey(
        Admission, verbose_name=_("admission"), on_delete=models.PROTECT, related_name="objections"
    )
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    objector_name = models.CharField(_("objector"), max_length=100)
    objector_contact = models.CharField(_("objector's contact"), max_length=100, blank=True)
    grounds = models.TextField(_("grounds of the objection"))
    received_on = models.DateField(_("received on"))
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    findings = models.TextField(_("findings"), blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["received_at", "pk"]
        verbose_name = _("objection")
        verbose_name_plural = _("objections")

    def __str__(self) -> str:
        return f"{self.admission} {self.objector_name}"


class MembershipReview(models.Model):
    """A review of a member after a new credit event, which may end in expulsion."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Pending")
        KEPT = "kept", _("Membership kept")
        EXPELLED = "expelled", _("Expelled")

    case = models.OneToOneField(
        "core.Case",
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        related_name="membership_review",
    )
    membership = models.ForeignKey(
        Membership, verbose_name=_("membership"), on_delete=models.PROTECT, related_name="reviews"
    )
    proposal = models.CharField(_("proposal"), max_length=16, blank=True)
    findings = models.TextField(_("findings"), blank=True)
    notice_served_on = models.DateField(_("prior notice served on"), null=True, blank=True)
    statement = models.CharField(_("statement"), max_length=16, blank=True)
    statement_text = models.TextField(_("statement of the member"), blank=True)
    decision_reasons = models.TextField(_("reasons"), blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=Outcome.choices, default=Outcome.PENDING
    )

    class Meta:
        verbose_name = _("membership review")
        verbose_name_plural = _("membership reviews")

    def __str__(self) -> str:
        return self.case.case_no


class MonitoringHit(models.Model):
    """A member's credit record that the monitoring sweep has acted on (once per record).

    Its existence is what makes the sweep idempotent: a record without a hit is still
    to be handled, whatever happened to earlier sweeps.
    """

    credit_record = models.OneToOneField(
        "core.CreditRecord",
        verbose_name=_("credit record"),
        on_delete=models.PROTECT,
        related_name="alliance_hit",
    )
    membership = models.ForeignKey(
        Membership, verbose_name=_("membership"), on_delete=models.PROTECT, related_name="hits"
    )
    review = models.ForeignKey(
        MembershipReview,
        verbose_name=_("membership review"),
        on_delete=models.PROTECT,
        related_name="hits",
    )
    detected_at = models.DateTimeField(_("detected at"), auto_now_add=True)

    class Meta:
        ordering = ["detected_at", "pk"]
        verbose_name = _("monitoring hit")
        verbose_name_plural = _("monitoring hits")

    def __str__(self) -> str:
        return f"{self.credit_record} → {self.review}"

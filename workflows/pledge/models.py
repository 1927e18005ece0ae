"""Records of credit pledges and their verification (信用承诺 / 不实承诺核查), DOMAIN.md §5.

Every pledge made anywhere in the system is one ``Pledge`` in the register, with its
own lifecycle (registered → exempt / not drawn / under verification → fulfilled or
false). Verification is planned by a ``SamplingDraw`` under the ``SamplingPolicy`` in
force; a pledge drawn for a check gets a verification case whose step data lives on
``Verification``. A false pledge becomes a core ``CreditRecord`` (kind false_pledge).
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition


class PledgeType(models.TextChoices):
    """Pledge types of the national guide 《经营主体信用承诺实施指南》 (DOMAIN.md §5.2)."""

    LICENSING = "licensing", _("Notice-and-pledge licensing (告知承诺)")
    DEFICIENCY = "deficiency", _("Pledge for missing materials (承诺容缺)")
    REPAIR = "repair", _("Credit-repair pledge (信用修复承诺)")
    VOLUNTARY = "voluntary", _("Voluntary pledge (主动型承诺)")
    SECTOR = "sector", _("Sector self-discipline pledge (行业自律承诺)")


#: Pledge-based handling (告知承诺, 容缺) is refused to a subject with an unrepaired false
#: pledge or on the serious list. A repair pledge stays open to it: it is how the
#: false-pledge record gets repaired.
RESTRICTED_TYPES = (PledgeType.LICENSING, PledgeType.DEFICIENCY)


class CheckMode(models.TextChoices):
    EXEMPT = "exempt", _("Exempt from verification")
    SAMPLE = "sample", _("Random sample")
    FULL = "full", _("Full check")


_RATIO = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))]


def _ratio_field(label):
    return models.DecimalField(label, max_digits=4, decimal_places=3, validators=_RATIO)


class SamplingPolicy(models.Model):
    """The verification plan in force from ``effective_from``: how each pledge type is
    checked and, for sampled types, the share drawn per credit risk class.

    Versioned: a version a draw has used is never edited (add a new version); every
    save is audited (``services.sampling_policy_save``). The ratio falls with the
    class (A lowest) and alliance members' ratio is the class ratio × ``member_factor``.
    """

    version = models.PositiveIntegerField(_("version"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    effective_from = models.DateField(_("effective from"))
    ratio_a = _ratio_field(_("ratio, class A"))
    ratio_b = _ratio_field(_("ratio, class B"))
    ratio_c = _ratio_field(_("ratio, class C"))
    ratio_d = _ratio_field(_("ratio, class D"))
    ratio_unclassified = _ratio_field(_("ratio, not yet classified"))
    member_factor = models.DecimalField(
        _("factor for credit-alliance members"),
        max_digits=4,
        decimal_places=3,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
        help_text=_("An alliance member's ratio is its class ratio times this factor."),
    )
    type_modes = models.JSONField(
        _("check mode per pledge type"),
        help_text=_('For example {"licensing": "sample", "sector": "exempt"}.'),
    )
    legal_basis = models.CharField(_("legal basis"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-effective_from", "-version"]
        verbose_name = _("sampling policy")
        verbose_name_plural = _("sampling policies")

    def __str__(self) -> str:
        return f"v{self.version} {self.title}"

    def clean(self) -> None:
        ratios = [self.ratio_a, self.ratio_b, self.ratio_c, self.ratio_d]
        if None not in ratios and ratios != sorted(ratios):
            raise ValidationError(
                _("The ratio must not fall from class A to class D (A is the lowest risk).")
            )
        modes = self.type_modes if isinstance(self.type_modes, dict) else None
        if modes is None or set(modes) != set(PledgeType.values):
            raise ValidationError(
                {"type_modes": _("Give a check mode for each pledge type: %(types)s.")
                 % {"types": ", ".join(PledgeType.values)}}
            )  # fmt: skip
        if not set(modes.values()) <= set(CheckMode.values):
            raise ValidationError(
                {"type_modes": _("Check modes are %(modes)s.")
                 % {"modes": ", ".join(CheckMode.values)}}
            )  # fmt: skip

    def mode_for(self, pledge_type: str) -> str:
        return self.type_modes.get(pledge_type, CheckMode.SAMPLE)

    def ratio_for(self, risk_class: str, member: bool) -> Decimal:
        ratio = {
            "A": self.ratio_a,
            "B": self.ratio_b,
            "C": self.ratio_c,
            "D": self.ratio_d,
        }.get(risk_class, self.ratio_unclassified)
        return (ratio * self.member_factor).quantize(Decimal("0.001")) if member else ratio


class SamplingDraw(models.Model):
    """One draw over a bureau's registered pledges, reproducible from its seed.

    Each pledge's draw value is SHA-256(seed:pledge id) as a fraction of 1
    (``services.sampling.draw_value``); it is drawn when the value is below its ratio.
    The subject's class and membership at the time are kept on each ``DrawEntry``, so
    an auditor re-derives the same selection later (``sampling_draw_rederive``).
    """

    bureau = models.ForeignKey(
        "core.Bureau", verbose_name=_("bureau"), on_delete=models.PROTECT, related_name="+"
    )
    policy = models.ForeignKey(
        SamplingPolicy, verbose_name=_("policy"), on_delete=models.PROTECT, related_name="draws"
    )
    seed = models.CharField(_("seed"), max_length=64)
    drawn_on = models.DateField(_("drawn on"))
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drawn by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("sampling draw")
        verbose_name_plural = _("sampling draws")

    def __str__(self) -> str:
        return f"{self.bureau} {self.drawn_on} {self.seed}"


class DrawEntry(models.Model):
    """A pledge in a draw: the inputs as they were (class, membership) and the result."""

    draw = models.ForeignKey(
        SamplingDraw, verbose_name=_("draw"), on_delete=models.PROTECT, related_name="entries"
    )
    pledge = models.OneToOneField(
        "pledge.Pledge", verbose_name=_("pledge"), on_delete=models.PROTECT, related_name="draw"
    )
    mode = models.CharField(_("check mode"), max_length=8, choices=CheckMode.choices)
    risk_class = models.CharField(_("credit risk class"), max_length=1, blank=True)
    member = models.BooleanField(_("credit-alliance member"))
    ratio = models.DecimalField(_("ratio"), max_digits=4, decimal_places=3)
    value = models.DecimalField(_("draw value"), max_digits=17, decimal_places=15)
    selected = models.BooleanField(_("selected for verification"))

    class Meta:
        ordering = ["pledge_id"]
        verbose_name = _("draw entry")
        verbose_name_plural = _("draw entries")

    def __str__(self) -> str:
        return f"{self.draw_id}:{self.pledge_id}"


class Pledge(ConcurrentTransitionMixin, models.Model):
    """One pledge in the register (信用承诺登记), whatever procedure took it."""

    class State(models.TextChoices):
        REGISTERED = "registered", _("Registered, verification not planned yet")
        EXEMPT = "exempt", _("Exempt from verification")
        NOT_DRAWN = "not_drawn", _("Not drawn for verification")
        UNDER_VERIFICATION = "under_verification", _("Under verification")
        FULFILLED = "fulfilled", _("Verified: fulfilled")
        FALSE = "false", _("False pledge")

    class Source(models.TextChoices):
        REPAIR = "repair", _("Credit-repair procedure")
        COUNTER = "counter", _("Registered at the counter")
        IMPORT = "import", _("File import")
        API = "api", _("Another system (API)")

    subject = models.ForeignKey(
        "core.Subject", verbose_name=_("subject"), on_delete=models.PROTECT, related_name="pledges"
    )
    bureau = models.ForeignKey(
        "core.Bureau",
        verbose_name=_("responsible bureau"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    pledge_type = models.CharField(_("pledge type"), max_length=16, choices=PledgeType.choices)
    content = models.TextField(_("content of the pledge"))
    matter = models.CharField(
        _("matter"), max_length=200, blank=True, help_text=_("The licence, certificate or item.")
    )
    licence_no = models.CharField(_("licence number"), max_length=64, blank=True)
    linked_case = models.ForeignKey(
        "core.Case",
        verbose_name=_("linked case"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pledges",
    )
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    source_ref = models.CharField(
        _("reference in the source"),
        max_length=100,
        blank=True,
        help_text=_("Unique per source: registering it again returns the same pledge."),
    )
    pledged_on = models.DateField(_("pledged on"))
    verification_due = models.DateField(_("verification due"))
    state = FSMField(
        _("state"), max_length=24, choices=State.choices, default=State.REGISTERED, protected=True
    )
    check_mode = models.CharField(
        _("check mode"), max_length=8, choices=CheckMode.choices, blank=True
    )
    case = models.OneToOneField(
        "core.Case",
        verbose_name=_("verification case"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="verified_pledge",
    )
    false_record = models.OneToOneField(
        "core.CreditRecord",
        verbose_name=_("false-pledge record"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="false_pledge",
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)

    #: States in which the register still waits for something.
    OPEN_STATES = (State.REGISTERED, State.UNDER_VERIFICATION)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_ref"],
                condition=~Q(source_ref=""),
                name="pledge_unique_source_ref",
            )
        ]
        indexes = [
            models.Index(fields=["bureau", "state"]),
            models.Index(fields=["subject", "state"]),
        ]
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")

    def __str__(self) -> str:
        return f"{self.get_pledge_type_display()} {self.subject.uscc} {self.pledged_on}"

    @transition(field=state, source=State.REGISTERED, target=State.EXEMPT)
    def exempt(self) -> None:
        """Exempt items are left to daily supervision instead (DOMAIN.md §5.1)."""

    @transition(field=state, source=State.REGISTERED, target=State.NOT_DRAWN)
    def pass_over(self) -> None:
        pass

    @transition(field=state, source=State.REGISTERED, target=State.UNDER_VERIFICATION)
    def start_verification(self) -> None:
        pass

    @transition(field=state, source=State.UNDER_VERIFICATION, target=State.FULFILLED)
    def fulfil(self) -> None:
        pass

    @transition(field=state, source=State.UNDER_VERIFICATION, target=State.FALSE)
    def find_false(self) -> None:
        pass


class Method(models.TextChoices):
    """Verification methods (DOMAIN.md §5.1)."""

    WRITTEN = "written", _("Written check")
    ONLINE = "online", _("Online check")
    ON_SITE = "on_site", _("On-site investigation")
    PUBLIC_NOTICE = "public_notice", _("Public-notice check")


class Measure(models.TextChoices):
    RECTIFICATION = "rectification", _("Order to rectify within a time limit")
    REVOKE_LICENCE = "revoke_licence", _("Revoke the licence or decision")
    PENALTY_REFERRAL = "penalty_referral", _("Refer for a penalty case")


class Verification(models.Model):
    """The data of one verification case, step by step (the flow routes on it)."""

    class Result(models.TextChoices):
        FULFILLED = "fulfilled", _("Fulfilled")
        NOT_FULFILLED = "not_fulfilled", _("Not fulfilled")
        FALSE = "false", _("False")

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Pending")
        FULFILLED = "fulfilled", _("Pledge fulfilled")
        FALSE = "false", _("False pledge found")

    case = models.OneToOneField(
        "core.Case",
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        related_name="pledge_verification",
    )
    pledge = models.OneToOneField(
        Pledge, verbose_name=_("pledge"), on_delete=models.PROTECT, related_name="verification"
    )
    method = models.CharField(_("method"), max_length=16, choices=Method.choices, blank=True)
    planned_on = models.DateField(_("planned for"), null=True, blank=True)
    verified_on = models.DateField(_("verified on"), null=True, blank=True)
    findings = models.TextField(_("findings"), blank=True)
    evidence = models.TextField(_("evidence"), blank=True)
    result = models.CharField(_("result"), max_length=16, choices=Result.choices, blank=True)
    notice_served_on = models.DateField(_("notice served on"), null=True, blank=True)
    notice_service_method = models.CharField(_("notice served by"), max_length=16, blank=True)
    statement = models.TextField(_("statement and defence"), blank=True)
    proposal = models.CharField(_("review proposal"), max_length=16, blank=True)
    measures = models.JSONField(_("measures"), default=list, blank=True)
    rectify_by = models.DateField(_("rectify by"), null=True, blank=True)
    legal_opinion = models.CharField(_("legal review"), max_length=16, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=Outcome.choices, default=Outcome.PENDING
    )
    outcome_reason = models.TextField(_("reasons"), blank=True)

    class Meta:
        verbose_name = _("pledge verification")
        verbose_name_plural = _("pledge verifications")

    def __str__(self) -> str:
        return self.case.case_no

    @property
    def adverse(self) -> bool:
        return self.result in (self.Result.NOT_FULFILLED, self.Result.FALSE)

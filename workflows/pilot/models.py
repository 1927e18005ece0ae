"""Records of the credit business-district, park and street pilots (DOMAIN.md §7).

A call (``PilotCall``) invites the prefectures to apply; each application is a case
(``PilotApplication``) that, once approved, becomes a long-lived ``Pilot`` with its
own lifecycle (django-fsm, moved only by ``services.lifecycle``) and its periodic
``PilotReport`` obligations, each a core ``Deadline`` row.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition


class PilotKind(models.TextChoices):
    DISTRICT = "district", _("Credit business district (信用商圈)")
    PARK = "park", _("Credit park (信用园区)")
    STREET = "street", _("Credit street (信用街区)")


#: The expert scoring sheet (评审打分表) [A]: criterion, title, maximum points (100 in all).
SCORE_CRITERIA: tuple[tuple[str, str, int], ...] = (
    ("foundation", _("Foundation: area, managing body, merchants"), 20),
    ("plan", _("Construction plan"), 25),
    ("indicators", _("Indicators and merchant credit grading"), 20),
    ("budget", _("Funding"), 15),
    ("timeline", _("Timetable and feasibility"), 10),
    ("demonstration", _("Model value for other areas"), 10),
)


class PilotCall(models.Model):
    """申报通知: the regional bureau's call for pilot applications, open until its deadline."""

    title = models.CharField(_("title"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"))
    doc_number = models.CharField(_("notice number"), max_length=64, blank=True)
    description = models.TextField(_("requirements"))
    kinds = models.JSONField(_("pilot kinds invited"), default=list)
    opened_on = models.DateField(_("opened on"))
    deadline = models.DateField(_("application deadline"))
    max_per_bureau = models.PositiveSmallIntegerField(_("applications per bureau"), default=2)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("issued by"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-opened_on", "-pk"]
        verbose_name = _("call for pilot applications")
        verbose_name_plural = _("calls for pilot applications")

    def __str__(self) -> str:
        return self.title

    def is_open_on(self, day) -> bool:
        return self.opened_on <= day <= self.deadline


class PilotApplication(models.Model):
    """试点申报书: one prefecture's application, the record behind a pilot case."""

    class CheckResult(models.TextChoices):
        COMPLETE = "complete", _("Complete")
        SUPPLEMENT = "supplement", _("Supplements needed")
        REJECT = "reject", _("Not admissible")

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Pending")
        NOT_ADMITTED = "not_admitted", _("Not admitted at the formal check")
        REJECTED = "rejected", _("Rejected on review")
        NOT_APPROVED = "not_approved", _("Not approved")
        APPROVED = "approved", _("Approved as a pilot")

    case = models.OneToOneField(
        "core.Case",
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        related_name="pilot_application",
    )
    call = models.ForeignKey(
        PilotCall, verbose_name=_("call"), on_delete=models.PROTECT, related_name="applications"
    )
    kind = models.CharField(_("pilot kind"), max_length=16, choices=PilotKind.choices)
    name = models.CharField(_("pilot name"), max_length=200)
    area = models.CharField(_("area and boundaries"), max_length=500)
    area_km2 = models.DecimalField(_("area (km²)"), max_digits=8, decimal_places=2)
    managing_body = models.CharField(_("managing body"), max_length=200)
    merchant_count = models.PositiveIntegerField(_("number of merchants"))
    plan = models.TextField(_("construction plan"))
    indicators = models.TextField(_("indicators"))
    budget = models.DecimalField(_("budget (10,000 yuan)"), max_digits=10, decimal_places=2)
    period_start = models.DateField(_("pilot period from"))
    period_end = models.DateField(_("pilot period until"))
    contact_name = models.CharField(_("contact person"), max_length=50)
    contact_phone = models.CharField(_("contact phone"), max_length=32)
    received_on = models.DateField(_("received on"))
    check_result = models.CharField(
        _("formal check"), max_length=16, choices=CheckResult.choices, blank=True
    )
    check_opinion = models.TextField(_("formal-check opinion"), blank=True)
    supplement_rounds = models.PositiveSmallIntegerField(_("supplement rounds"), default=0)
    panel = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("expert panel"), blank=True, related_name="+"
    )
    score_mean = models.DecimalField(
        _("mean score"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    review_opinion = models.TextField(_("review opinion"), blank=True)
    recommended = models.BooleanField(_("recommended for approval"), default=False)
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=Outcome.choices, default=Outcome.PENDING
    )
    outcome_reason = models.TextField(_("reasons"), blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("pilot application")
        verbose_name_plural = _("pilot applications")

    def __str__(self) -> str:
        return f"{self.case.case_no} {self.name}"


def attachment_upload_to(attachment: "PilotAttachment", filename: str) -> str:
    """Stored under a generated name: the applicant's file name is kept as data only."""
    return f"pilot/{attachment.application.case_id}/{attachment.sha256[:16]}.{attachment.extension}"


class PilotAttachment(models.Model):
    class Kind(models.TextChoices):
        APPLICATION = "application", _("Signed application form")
        PLAN = "plan", _("Construction plan")
        BUDGET = "budget", _("Budget and funding proof")
        SUPPLEMENT = "supplement", _("Supplementary materials")
        SELF_ASSESSMENT = "self_assessment", _("Self-assessment report")
        REPORT = "report", _("Report materials")

    application = models.ForeignKey(
        PilotApplication, verbose_name=_("application"), on_delete=models.PROTECT,
        related_name="attachments",
    )  # fmt: skip
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    file = models.FileField(_("file"), upload_to=attachment_upload_to)
    original_name = models.CharField(_("original file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=64)
    extension = models.CharField(_("extension"), max_length=8)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name


class PilotScore(models.Model):
    """One expert's scoring sheet for an application (评审打分表)."""

    application = models.ForeignKey(
        PilotApplication, verbose_name=_("application"), on_delete=models.PROTECT,
        related_name="scores",
    )  # fmt: skip
    scorer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("expert"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    items = models.JSONField(_("points per criterion"))
    total = models.DecimalField(_("total"), max_digits=5, decimal_places=2)
    comment = models.TextField(_("comment"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "scorer", "round"], name="pilot_one_sheet_per_expert"
            )
        ]
        verbose_name = _("scoring sheet")
        verbose_name_plural = _("scoring sheets")

    def __str__(self) -> str:
        return f"{self.application_id} {self.scorer} {self.total}"


class Pilot(ConcurrentTransitionMixin, models.Model):
    """An approved pilot and its public lifecycle; the state moves only by transitions
    applied through ``services.lifecycle.pilot_transition`` (the field is protected)."""

    class State(models.TextChoices):
        APPROVED = "approved", _("Approved")
        RUNNING = "running", _("Running")
        MIDTERM_CHECKED = "midterm_checked", _("Mid-term check passed")
        RECTIFYING = "rectifying", _("Rectifying")
        UNDER_ACCEPTANCE = "under_acceptance", _("Under acceptance")
        ACCEPTED = "accepted", _("Accepted")
        FAILED = "failed", _("Failed acceptance")

    #: States in which the pilot is being built and reports are due.
    ACTIVE_STATES = (State.RUNNING, State.MIDTERM_CHECKED, State.RECTIFYING)

    application = models.OneToOneField(
        PilotApplication, verbose_name=_("application"), on_delete=models.PROTECT,
        related_name="pilot",
    )  # fmt: skip
    state = FSMField(
        _("state"), max_length=20, choices=State.choices, default=State.APPROVED, protected=True
    )
    approved_on = models.DateField(_("approved on"))
    period_start = models.DateField(_("pilot period from"))
    period_end = models.DateField(_("pilot period until"))
    started_on = models.DateField(_("started on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    midterm_findings = models.TextField(_("mid-term check findings"), blank=True)
    rectification = models.TextField(_("rectification measures"), blank=True)
    self_assessment = models.TextField(_("self-assessment"), blank=True)
    self_score = models.PositiveSmallIntegerField(_("self-assessed score"), null=True, blank=True)
    onsite_on = models.DateField(_("inspected on site on"), null=True, blank=True)
    onsite_findings = models.TextField(_("on-site findings"), blank=True)
    acceptance_opinion = models.TextField(_("acceptance opinion"), blank=True)

    class Meta:
        ordering = ["-approved_on", "-pk"]
        verbose_name = _("pilot")
        verbose_name_plural = _("pilots")

    def __str__(self) -> str:
        return self.application.name

    @transition(field=state, source=State.APPROVED, target=State.RUNNING)
    def start(self) -> None:
        pass

    @transition(field=state, source=State.RUNNING, target=State.MIDTERM_CHECKED)
    def pass_midterm(self) -> None:
        pass

    @transition(field=state, source=[State.RUNNING, State.UNDER_ACCEPTANCE],
                target=State.RECTIFYING)  # fmt: skip
    def order_rectification(self) -> None:
        pass

    @transition(field=state, source=State.RECTIFYING, target=State.RUNNING)
    def rectified_midterm(self) -> None:
        """Rectification after the mid-term check: the pilot runs on to a re-check."""

    @transition(field=state, source=State.RECTIFYING, target=State.UNDER_ACCEPTANCE)
    def rectified_acceptance(self) -> None:
        """Rectification after an acceptance opinion: inspected on site again."""

    @transition(field=state, source=State.MIDTERM_CHECKED, target=State.UNDER_ACCEPTANCE)
    def request_acceptance(self) -> None:
        pass

    @transition(field=state, source=State.UNDER_ACCEPTANCE, target=State.ACCEPTED)
    def accept(self) -> None:
        pass

    @transition(field=state, source=State.UNDER_ACCEPTANCE, target=State.FAILED)
    def fail(self) -> None:
        pass


class PilotReport(models.Model):
    """A periodic report a running pilot owes: quarterly progress (季度进展报告) or the
    annual stage-results list and summary (阶段性成果清单和年度总结, due 31 October)."""

    class Kind(models.TextChoices):
        QUARTERLY = "quarterly", _("Quarterly progress report")
        ANNUAL = "annual", _("Annual stage results and summary")

    class Status(models.TextChoices):
        DUE = "due", _("Due")
        SUBMITTED = "submitted", _("Submitted")
        CLOSED = "closed", _("Closed without report")

    pilot = models.ForeignKey(
        Pilot, verbose_name=_("pilot"), on_delete=models.PROTECT, related_name="reports"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    period = models.CharField(_("period"), max_length=8, help_text=_("2026Q3 or 2026"))
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period until"))
    deadline = models.OneToOneField(
        "core.Deadline", verbose_name=_("deadline"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default="due")
    progress = models.TextField(_("progress"), blank=True)
    results_list = models.TextField(_("stage results list"), blank=True)
    summary = models.TextField(_("annual summary"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip

    class Meta:
        ordering = ["period_start", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["pilot", "kind", "period"], name="pilot_report_once")
        ]
        verbose_name = _("pilot report")
        verbose_name_plural = _("pilot reports")

    def __str__(self) -> str:
        return f"{self.pilot} {self.get_kind_display()} {self.period}"

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DeadlineRule(models.Model):
    """A statutory period as versioned data (DOMAIN.md §8): never a number in code."""

    class Unit(models.TextChoices):
        WORKDAYS = "WD", _("working days")
        DAYS = "ND", _("calendar days")
        MONTHS = "M", _("months")
        YEARS = "Y", _("years")

    class PeriodKind(models.TextChoices):
        """A procedural deadline's last day on a rest day moves to the next working day
        (行政处罚法第85条); a sanction or publicity period ends on its anniversary, so
        that the subject is not restricted a day longer (``roll_to_workday`` off)."""

        PROCEDURAL = "procedural", _("Procedural deadline")
        SANCTION = "sanction", _("Sanction or publicity period")

    code = models.CharField(_("rule"), max_length=32)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    title = models.CharField(_("title"), max_length=200)
    count = models.PositiveIntegerField(_("count"))
    unit = models.CharField(_("unit"), max_length=2, choices=Unit.choices)
    effective_from = models.DateField(_("effective from"))
    effective_to = models.DateField(_("effective until"), null=True, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=200, blank=True)
    period_kind = models.CharField(
        _("kind of period"),
        max_length=12,
        choices=PeriodKind.choices,
        default=PeriodKind.PROCEDURAL,
    )
    roll_to_workday = models.BooleanField(
        _("move a last day on a rest day to the next working day"),
        default=True,
        help_text=_("Only for calendar periods (days, months, years)."),
    )
    due_soon_workdays = models.PositiveSmallIntegerField(
        _("due soon this many working days before"), default=1
    )
    pausable = models.BooleanField(
        _("may be paused"),
        default=False,
        help_text=_(
            "Whether the period stops running while the case waits for the subject "
            "(e.g. supplementary materials); on resume the due date moves by the working "
            "days it was paused."
        ),
    )

    class Meta:
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="unique_rule_version")
        ]
        verbose_name = _("deadline rule")
        verbose_name_plural = _("deadline rules")

    def __str__(self) -> str:
        return f"{self.code} v{self.version}: {self.count} {self.get_unit_display()}"


class Deadline(models.Model):
    """The due moment of one open task or case milestone, denormalised for fast lists.

    Region, procedure, step and assignee are copied here so that the inbox, the queue
    and the supervisor dashboard are single indexed queries.
    """

    class Status(models.TextChoices):
        ON_TRACK = "on_track", _("On track")
        DUE_SOON = "due_soon", _("Due soon")
        OVERDUE = "overdue", _("Overdue")
        MET = "met", _("Met")
        BREACHED = "breached", _("Breached")
        PAUSED = "paused", _("Paused")

    #: Statuses of a deadline that is running: it moves with the days and escalates.
    RUNNING_STATUSES = (Status.ON_TRACK, Status.DUE_SOON, Status.OVERDUE)
    #: Statuses of a deadline not yet met or breached (a paused one is still open).
    OPEN_STATUSES = (*RUNNING_STATUSES, Status.PAUSED)

    case = models.ForeignKey(
        "core.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="deadlines"
    )
    task = models.OneToOneField(
        "viewflow.Task",
        verbose_name=_("task"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="deadline",
    )
    rule = models.ForeignKey(
        DeadlineRule, verbose_name=_("rule"), on_delete=models.PROTECT, related_name="+"
    )
    step = models.CharField(_("step"), max_length=64)
    bureau = models.ForeignKey(
        "core.Bureau", verbose_name=_("bureau"), on_delete=models.PROTECT, related_name="+"
    )
    procedure = models.CharField(_("procedure"), max_length=16)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deadlines",
    )
    role = models.CharField(
        _("role"), max_length=32, blank=True, help_text=_("The role whose queue holds the task.")
    )
    started_on = models.DateField(_("trigger date"))
    due_date = models.DateField(_("last day"))
    due_at = models.DateTimeField(_("due"))
    due_soon_from = models.DateField(_("due soon from"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.ON_TRACK
    )
    unconfirmed_years = models.CharField(
        _("years without the official schedule"),
        max_length=64,
        blank=True,
        help_text=_(
            "Years the count touched whose State Council holiday schedule was not yet "
            "entered, separated by spaces; the due date may still move."
        ),
    )
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    paused_at = models.DateTimeField(
        _("paused since"), null=True, blank=True, help_text=_("Set while the deadline is paused.")
    )
    paused_workdays = models.PositiveIntegerField(
        _("working days paused"),
        default=0,
        help_text=_("Working days the due date has been moved by pauses so far."),
    )

    class Meta:
        ordering = ["due_at"]
        indexes = [
            models.Index(fields=["status", "due_at"]),
            models.Index(fields=["assignee", "status", "due_at"]),
            models.Index(fields=["bureau", "procedure", "status"]),
            models.Index(fields=["role", "bureau", "status", "due_at"]),
            # Steps completed in a period (SLA compliance, handling times, weekly trend).
            models.Index(fields=["status", "completed_at"], name="core_deadline_completed"),
            # The most overdue steps first (SLA dashboard, its overdue list).
            models.Index(fields=["status", "due_date", "id"], name="core_deadline_due_date"),
            # Each step's latest task (step titles: a loose index scan, see sla.figures).
            models.Index(fields=["procedure", "step", "task"], name="core_deadline_step"),
            # Task rows running within a milestone (the SLA figures leave such milestones out).
            models.Index(
                fields=["case", "rule", "started_on", "due_date"],
                condition=models.Q(task__isnull=False),
                name="core_deadline_covering",
            ),
        ]
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")

    def __str__(self) -> str:
        return f"{self.case} {self.step} → {self.due_date}"

    @staticmethod
    def years_text(years) -> str:
        return " ".join(str(year) for year in sorted(years))

    @property
    def unconfirmed_year_list(self) -> list[int]:
        return [int(year) for year in self.unconfirmed_years.split()]

    @property
    def is_provisional(self) -> bool:
        """Open, and counted into a year whose official schedule is not entered."""
        return bool(self.unconfirmed_years) and self.status in self.OPEN_STATUSES

    @property
    def unconfirmed_years_label(self) -> str:
        return "/".join(self.unconfirmed_years.split())

    @property
    def calendar_warning(self) -> str:
        """The warning for the unconfirmed years, in the reader's language."""
        from workflows.core.workdays import year_warning

        return "\n".join(year_warning(year) for year in self.unconfirmed_year_list)

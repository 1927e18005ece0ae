from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from workflows.core.calendar_admin import schedule_page
from workflows.core.models import (
    AuditEvent,
    Bureau,
    CalendarDay,
    CalendarYear,
    Case,
    CaseDocument,
    CreditRecord,
    Deadline,
    DeadlineEscalation,
    DeadlineRule,
    EscalationLevel,
    Notification,
    OutboundMessage,
    OutboundTarget,
    SlaReport,
    Subject,
    SubjectTypeTerm,
    User,
)
from workflows.core.services.documents import document_render_again
from workflows.core.services.outbound import (
    outbound_retry,
    outbound_target_pause,
    outbound_target_resume,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records that change only through services (and their audit events)."""

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(admin.ModelAdmin):
    """Statutory periods as data: add a new version when a rule changes, never edit history."""

    list_display = (
        "code", "version", "title", "count", "unit", "period_kind", "roll_to_workday", "pausable",
        "effective_from", "effective_to",
    )  # fmt: skip
    list_filter = ("unit", "period_kind", "pausable")
    search_fields = ("code", "title", "legal_basis")


@admin.register(Deadline)
class DeadlineAdmin(ReadOnlyAdmin):
    list_display = ("case", "step", "rule", "bureau", "assignee", "due_date", "status")
    list_filter = ("status", "procedure", "bureau")
    search_fields = ("case__case_no", "step")
    list_select_related = ("case", "rule", "bureau", "assignee")


@admin.register(EscalationLevel)
class EscalationLevelAdmin(admin.ModelAdmin):
    """The escalation ladder: global levels, and a procedure's own levels replacing them."""

    list_display = ("procedure", "level", "title", "offset_workdays", "target", "sms", "active")
    list_filter = ("procedure", "target", "active")


@admin.register(DeadlineEscalation)
class DeadlineEscalationAdmin(ReadOnlyAdmin):
    list_display = ("deadline", "level", "due_date", "fired_on", "target", "recipients")
    list_filter = ("level", "target")
    search_fields = ("deadline__case__case_no",)
    list_select_related = ("deadline", "deadline__case")


@admin.register(SlaReport)
class SlaReportAdmin(ReadOnlyAdmin):
    list_display = ("bureau", "week_start", "week_end", "generated_at")
    list_filter = ("bureau",)


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = (
        "case_no",
        "procedure",
        "subject",
        "bureau",
        "status",
        "current_step",
        "opened_at",
    )
    list_filter = ("procedure", "status", "bureau")
    search_fields = ("case_no", "subject__uscc", "subject__name")
    list_select_related = ("subject", "bureau")


@admin.register(CreditRecord)
class CreditRecordAdmin(ReadOnlyAdmin):
    list_display = ("subject", "kind", "state", "listed_on", "repairable_from", "expires_on")
    list_filter = ("kind", "state")
    search_fields = ("subject__uscc", "subject__name", "decision_no")
    list_select_related = ("subject",)


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("occurred_at", "stream", "seq", "event_type", "actor_name", "ip")
    list_filter = ("event_type",)
    search_fields = ("stream", "event_type", "actor_name")
    date_hierarchy = "occurred_at"


@admin.register(Bureau)
class BureauAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "name_en", "kind", "parent")
    list_filter = ("kind",)
    search_fields = ("code", "name", "name_en")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "last_name", "first_name", "bureau", "is_staff", "is_active")
    list_filter = ("bureau", "groups", "is_staff", "is_active")
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Bureau"), {"fields": ("bureau", "phone")}),
    )


@admin.register(Subject)
class SubjectAdmin(admin.ModelAdmin):
    list_display = ("uscc", "name", "subject_type", "legal_rep", "region", "reg_status")
    list_filter = ("subject_type", "reg_status", "region")
    search_fields = ("uscc", "name", "legal_rep")
    list_select_related = ("region",)


@admin.register(CalendarYear)
class CalendarYearAdmin(ReadOnlyAdmin):
    """A year is confirmed only through the whole-year schedule form (``add``), which
    moves the open deadlines it changes; a bare row would confirm nothing."""

    list_display = (
        "year", "source", "notice", "notice_date", "entered_by", "entered_at", "schedule_link",
    )  # fmt: skip
    list_filter = ("source",)

    @admin.display(description=_("Schedule"))
    def schedule_link(self, obj):
        url = reverse("admin:core_calendaryear_schedule", args=[obj.year])
        return format_html('<a href="{}">{}</a>', url, _("Correct the schedule"))

    def has_add_permission(self, request):
        return request.user.is_superuser

    def get_urls(self):
        return [
            path(
                "<int:year>/schedule/",
                self.admin_site.admin_view(self.schedule_view),
                name="core_calendaryear_schedule",
            ),
            *super().get_urls(),
        ]

    def add_view(self, request, form_url="", extra_context=None):
        return self.schedule_view(request)

    def schedule_view(self, request, year=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        return schedule_page(self, request, year)


@admin.register(CalendarDay)
class CalendarDayAdmin(ReadOnlyAdmin):
    """Read-only: a year's days change with its whole schedule (calendar years → add)."""

    list_display = ("date", "kind", "name")
    list_filter = ("kind",)
    date_hierarchy = "date"
    search_fields = ("name",)


@admin.register(OutboundMessage)
class OutboundMessageAdmin(ReadOnlyAdmin):
    """Read-only: messages change only by delivery; a dead letter is sent again."""

    list_display = (
        "pk", "target", "department", "message_type", "case", "status", "attempts",
        "created_at", "next_attempt_at", "last_error",
    )  # fmt: skip
    list_filter = ("status", "target", "message_type")
    search_fields = ("case__case_no", "message_type", "last_error")
    list_select_related = ("case",)
    date_hierarchy = "created_at"
    actions = ["retry_dead_letters"]

    def has_retry_permission(self, request) -> bool:
        return request.user.is_superuser

    @admin.action(description=_("Send the selected dead letters again"), permissions=["retry"])
    def retry_dead_letters(self, request, queryset):
        dead = list(queryset.filter(status=OutboundMessage.Status.DEAD))
        for message in dead:
            outbound_retry(message=message, actor=request.user)
        self.message_user(
            request,
            ngettext(
                "%d dead letter queued for delivery again.",
                "%d dead letters queued for delivery again.",
                len(dead),
            )
            % len(dead),
        )


@admin.register(OutboundTarget)
class OutboundTargetAdmin(ReadOnlyAdmin):
    """Pause and resume the delivery to a receiving system (its address and key are
    settings); each change is audited."""

    list_display = ("code", "paused", "paused_at", "paused_by", "pause_reason")
    actions = ["pause", "resume"]

    def has_operate_permission(self, request) -> bool:
        return request.user.is_superuser

    @admin.action(description=_("Pause delivery to the selected systems"), permissions=["operate"])
    def pause(self, request, queryset):
        for target in queryset:
            outbound_target_pause(target=target.code, actor=request.user,
                                  reason=_("Paused in the admin"))  # fmt: skip

    @admin.action(description=_("Resume delivery to the selected systems"), permissions=["operate"])
    def resume(self, request, queryset):
        for target in queryset:
            outbound_target_resume(target=target.code, actor=request.user)


@admin.register(CaseDocument)
class CaseDocumentAdmin(ReadOnlyAdmin):
    """Read-only: documents change only through the services (issue, re-issue, render);
    a failed one can be sent to rendering again."""

    list_display = (
        "doc_number", "version", "title", "kind", "case", "status", "issued_at",
        "render_failures", "retry_at",
    )  # fmt: skip
    list_filter = ("status", "kind")
    search_fields = ("doc_number", "title", "case__case_no")
    list_select_related = ("case",)
    date_hierarchy = "issued_at"
    actions = ["render_again"]

    def has_render_permission(self, request) -> bool:
        return request.user.is_superuser

    @admin.action(
        description=_("Render the selected failed documents again"), permissions=["render"]
    )
    def render_again(self, request, queryset):
        failed = list(queryset.filter(status=CaseDocument.Status.FAILED))  # superusers only
        for document in failed:
            document_render_again(document, actor=request.user)
        self.message_user(
            request,
            ngettext(
                "%d failed document sent to rendering again.",
                "%d failed documents sent to rendering again.",
                len(failed),
            )
            % len(failed),
        )


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "recipient", "case", "created_at", "read_at")
    list_filter = ("kind",)
    search_fields = ("title", "recipient__username", "case__case_no")
    list_select_related = ("recipient", "case")
    raw_id_fields = ("recipient", "case")
    date_hierarchy = "created_at"


@admin.register(SubjectTypeTerm)
class SubjectTypeTermAdmin(admin.ModelAdmin):
    """The 主体类型 words of registration exports: add the ones a bureau's files use."""

    list_display = ("term", "subject_type")
    list_filter = ("subject_type",)
    search_fields = ("term",)

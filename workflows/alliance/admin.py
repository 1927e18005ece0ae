"""Admin: the admission checklist is edited here (its periods are ``DeadlineRule`` rows
in the core's admin); the records the services write are read-only."""

from django.contrib import admin

from workflows.alliance.models import (
    Admission,
    EligibilityCriterion,
    Membership,
    MembershipReview,
    MonitoringHit,
    Objection,
)
from workflows.core.admin import ReadOnlyAdmin


@admin.register(EligibilityCriterion)
class EligibilityCriterionAdmin(admin.ModelAdmin):
    list_display = ("position", "title", "code", "years", "allowed_classes", "active")
    list_display_links = ("title",)
    list_editable = ("active",)
    fields = ("code", "title", "years", "allowed_classes", "position", "active")

    def get_readonly_fields(self, request, obj=None):
        return ("code",) if obj else ()


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ("subject", "state", "bureau", "certificate_no", "admitted_at", "ended_on")
    list_filter = ("state", "bureau")
    search_fields = ("subject__name", "subject__uscc", "certificate_no")


@admin.register(Admission)
class AdmissionAdmin(ReadOnlyAdmin):
    list_display = ("case", "channel", "screening_passed", "notice_until", "outcome")
    list_filter = ("channel", "outcome")


@admin.register(Objection)
class ObjectionAdmin(ReadOnlyAdmin):
    list_display = ("admission", "objector_name", "received_on", "status")
    list_filter = ("status", "channel")


@admin.register(MembershipReview)
class MembershipReviewAdmin(ReadOnlyAdmin):
    list_display = ("case", "membership", "proposal", "outcome", "decided_on")


@admin.register(MonitoringHit)
class MonitoringHitAdmin(ReadOnlyAdmin):
    list_display = ("credit_record", "membership", "review", "detected_at")

"""Admin: the records of the pilot procedure are written by its services (calls through
the calls page, so that they are audited and announced), so every one is read-only here."""

from django.contrib import admin

from workflows.core.admin import ReadOnlyAdmin
from workflows.pilot.models import Pilot, PilotApplication, PilotCall, PilotReport, PilotScore


@admin.register(PilotCall)
class PilotCallAdmin(ReadOnlyAdmin):
    list_display = ("title", "year", "opened_on", "deadline", "max_per_bureau")


@admin.register(PilotApplication)
class PilotApplicationAdmin(ReadOnlyAdmin):
    list_display = ("case", "name", "kind", "call", "received_on", "score_mean", "outcome")
    list_filter = ("kind", "outcome")
    search_fields = ("name", "case__case_no")


@admin.register(PilotScore)
class PilotScoreAdmin(ReadOnlyAdmin):
    list_display = ("application", "scorer", "total", "submitted_at")


@admin.register(Pilot)
class PilotAdmin(ReadOnlyAdmin):
    list_display = ("application", "state", "period_start", "period_end", "approved_on")
    list_filter = ("state",)


@admin.register(PilotReport)
class PilotReportAdmin(ReadOnlyAdmin):
    list_display = ("pilot", "kind", "period", "status", "deadline", "submitted_at")
    list_filter = ("kind", "status")

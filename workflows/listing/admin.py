"""Admin: courts (one API client user each) and rule versions are edited here; the
records the services write are read-only."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from workflows.core.admin import ReadOnlyAdmin
from workflows.core.roles import Role
from workflows.listing.models import (
    AbnormalEntry,
    AbnormalObjection,
    Court,
    CourtReferral,
    Lead,
    Listing,
    ListingRuleVersion,
)


class CourtForm(forms.ModelForm):
    class Meta:
        model = Court
        fields = ("code", "name", "user", "bureau")

    def clean_user(self):
        user = self.cleaned_data["user"]
        if not user.has_role(Role.COURT):
            raise forms.ValidationError(_("The API client of a court must hold the court role."))
        return user


@admin.register(Court)
class CourtAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "user", "bureau")
    search_fields = ("code", "name")
    form = CourtForm


@admin.register(ListingRuleVersion)
class ListingRuleVersionAdmin(admin.ModelAdmin):
    list_display = ("title", "effective_from", "effective_to", "upper_level_approval")


@admin.register(CourtReferral)
class CourtReferralAdmin(ReadOnlyAdmin):
    list_display = ("court_code", "court_case_number", "uscc", "subject_name", "received_at")
    search_fields = ("court_case_number", "uscc", "subject_name")


@admin.register(Lead)
class LeadAdmin(ReadOnlyAdmin):
    list_display = ("pk", "source", "status", "bureau", "created_at")
    list_filter = ("source", "status")


@admin.register(Listing)
class ListingAdmin(ReadOnlyAdmin):
    list_display = ("case", "outcome", "decided_on", "published_on")


@admin.register(AbnormalEntry)
class AbnormalEntryAdmin(ReadOnlyAdmin):
    list_display = ("case", "ground", "fact_date", "warned_on")


@admin.register(AbnormalObjection)
class AbnormalObjectionAdmin(ReadOnlyAdmin):
    list_display = ("case", "outcome", "received_on")

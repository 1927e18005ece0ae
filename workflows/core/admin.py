from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from workflows.core.models import Bureau, CalendarDay, CalendarYear, Subject, User


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
        (_("Bureau"), {"fields": ("bureau",)}),
    )


@admin.register(Subject)
class SubjectAdmin(admin.ModelAdmin):
    list_display = ("uscc", "name", "subject_type", "legal_rep", "region", "reg_status")
    list_filter = ("subject_type", "reg_status", "region")
    search_fields = ("uscc", "name", "legal_rep")
    list_select_related = ("region",)


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    list_display = ("year", "source", "notice")


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ("date", "kind", "name")
    list_filter = ("kind", "date")
    date_hierarchy = "date"
    search_fields = ("name",)

"""提醒: records that have become repairable, for the clerks to contact the subjects.

The list is paginated; the export (CSV, UTF-8 with BOM so that Excel reads the
Chinese) takes every row of the current filter and stamps the first export time.
"""

import csv
import io

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic

from workflows.core.models import CreditRecord, Subject
from workflows.repair.models import RepairReminder
from workflows.repair.permissions import is_clerk
from workflows.repair.selectors import reminders_visible_to
from workflows.repair.services.reminder_exports import repair_reminders_mark_exported
from workflows.repair.views.urls import apply_url


class ReminderFilterForm(forms.Form):
    PENDING, EXPORTED = "pending", "exported"
    export_state = forms.ChoiceField(
        label=gettext_lazy("Export"),
        required=False,
        choices=[
            ("", gettext_lazy("All")),
            (PENDING, gettext_lazy("Not exported yet")),
            (EXPORTED, gettext_lazy("Exported")),
        ],
    )
    q = forms.CharField(label=gettext_lazy("USCC or name"), required=False, max_length=100)


def filtered_reminders(user, query):
    reminders = reminders_visible_to(user).select_related(
        "credit_record__deciding_bureau", "credit_record__subject"
    )
    form = ReminderFilterForm(query or None)
    if form.is_valid():
        state, text = form.cleaned_data["export_state"], form.cleaned_data["q"].strip()
        if state == form.PENDING:
            reminders = reminders.filter(exported_at__isnull=True)
        elif state == form.EXPORTED:
            reminders = reminders.filter(exported_at__isnull=False)
        if text:
            reminders = reminders.filter(
                Q(credit_record__subject__uscc__icontains=text)
                | Q(credit_record__subject__name__icontains=text)
            )
    return form, reminders


class ClerkOnlyMixin:
    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not is_clerk(request.user):
            raise PermissionDenied(_("The repair reminders are for acceptance clerks."))
        return super().dispatch(request, *args, **kwargs)


class ReminderListView(ClerkOnlyMixin, generic.ListView):
    template_name = "repair/reminders.html"
    paginate_by = 25

    def get_queryset(self):
        self.filter_form, reminders = filtered_reminders(self.request.user, self.request.GET)
        return reminders

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for reminder in context["object_list"]:
            record = reminder.credit_record
            reminder.still_listed = record.state == CreditRecord.State.LISTED
            reminder.apply_url = apply_url(record.subject.uscc, record.pk)
        context.update(filter_form=self.filter_form)
        return context


class ReminderExportView(ClerkOnlyMixin, generic.View):
    """POST (it records the export): the reminders of the filter as CSV."""

    def post(self, request: HttpRequest) -> HttpResponse:
        _form, reminders = filtered_reminders(request.user, request.POST)
        reminders = list(reminders.order_by("credit_record__repairable_from", "pk"))
        repair_reminders_mark_exported(reminders=reminders, actor=request.user)
        exported = dict(
            RepairReminder.objects.filter(pk__in=[r.pk for r in reminders]).values_list(
                "pk", "exported_at"
            )
        )
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response = HttpResponse(
            reminders_csv(reminders, exported), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="repair-reminders-{stamp}.csv"'
        return response


def reminders_csv(reminders: list[RepairReminder], exported_at: dict) -> bytes:
    columns = [
        label(Subject, "uscc"), label(Subject, "name"), label(Subject, "legal_rep"),
        label(Subject, "contact_phone"), label(CreditRecord, "kind"),
        label(CreditRecord, "decision_no"), label(CreditRecord, "listed_on"),
        label(CreditRecord, "repairable_from"), label(CreditRecord, "deciding_bureau"),
        label(RepairReminder, "created_at"), label(RepairReminder, "exported_at"),
    ]  # fmt: skip
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(columns)
    for reminder in reminders:
        record, subject = reminder.credit_record, reminder.credit_record.subject
        first_export = exported_at.get(reminder.pk)
        writer.writerow(
            [
                _cell(value)
                for value in (
                    subject.uscc, subject.name, subject.legal_rep, subject.contact_phone,
                    record.get_kind_display(), record.decision_no, record.listed_on,
                    reminder.eligible_since, record.deciding_bureau.name,
                    timezone.localtime(reminder.created_at).strftime("%Y-%m-%d %H:%M"),
                    timezone.localtime(first_export).strftime("%Y-%m-%d %H:%M")
                    if first_export else "",
                )
            ]
        )  # fmt: skip
    return out.getvalue().encode("utf-8-sig")


def label(model, field: str) -> str:
    """A column named by the model field's own (translated) name."""
    return capfirst(model._meta.get_field(field).verbose_name)


def _cell(value) -> str:
    """Text that a spreadsheet shows as text: a leading = + - @ would start a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text

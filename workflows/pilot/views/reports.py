"""The pilots' periodic reports: what is due (late ones first) and the submission page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import generic

from forms.pilot import ReportForm
from workflows.core.models import Deadline
from workflows.core.roles import is_staff_member
from workflows.pilot.models import PilotReport
from workflows.pilot.permissions import can_submit_report
from workflows.pilot.selectors import reports_visible_to
from workflows.pilot.services import pilot_report_submit


class ReportListView(generic.ListView):
    template_name = "pilot/report_list.html"
    paginate_by = 25

    def dispatch(self, request, *args, **kwargs):
        if not is_staff_member(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        qs = reports_visible_to(self.request.user)
        if self.request.GET.get("status") == "overdue":
            qs = qs.filter(deadline__status=Deadline.Status.OVERDUE)
        elif self.request.GET.get("status") == "due":
            qs = qs.filter(status=PilotReport.Status.DUE)
        return qs

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {"status": self.request.GET.get("status", "")}


def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if not is_staff_member(request.user):
        raise PermissionDenied
    report = get_object_or_404(reports_visible_to(request.user), pk=pk)
    may_submit = report.status == PilotReport.Status.DUE and can_submit_report(request.user, report)
    form, status = None, 200
    if may_submit:
        form = ReportForm(request.POST or None, report=report)
        if request.method == "POST":
            if form.is_valid():
                try:
                    pilot_report_submit(report=report, data=form.cleaned_data, actor=request.user)
                except ValidationError as exc:
                    form.add_error(None, exc)
                else:
                    messages.success(request, _("The report has been submitted."))
                    return HttpResponseRedirect(reverse("pilot:reports:detail", args=[pk]))
            status = 400
    elif request.method == "POST":
        raise PermissionDenied(_("Reports are submitted by the pilot's own bureau."))
    context = {"report": report, "form": form}
    return render(request, "pilot/report_detail.html", context, status=status)

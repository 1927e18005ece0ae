"""Material UI viewsets of the core records."""

from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from viewflow.urls import AppMenuMixin, ReadonlyModelViewset, Viewset
from viewflow.views import DetailModelView

from workflows.core import views
from workflows.core.deadlines import workdays_left
from workflows.core.models import Subject
from workflows.core.permissions import acts_on_cases
from workflows.core.selectors import subject_credit_profile, subjects_visible_to
from workflows.core.workdays import Calendar

#: URL of a procedure's own case page, where it has one; else the case's audit timeline.
CASE_PAGES = {"repair": "repair:cases:detail"}


def case_page_url(case) -> str:
    for name in (CASE_PAGES.get(case.procedure), "audit:search:case"):
        if name:
            try:
                return reverse(name, args=[case.pk])
            except NoReverseMatch:
                continue
    return ""


def step_title(case) -> str:
    """The current step as its flow names it (受理, 核查…), else its code."""
    flow_class = getattr(case.process, "flow_class", None) if case.process_id else None
    node = getattr(flow_class, case.current_step, None) if case.current_step else None
    return str(getattr(node, "task_title", "") or case.current_step)


class SubjectProfileView(DetailModelView):
    """信用档案 of one USCC: the register data, every credit record and every case."""

    template_name = "core/subject_profile.html"

    def get_queryset(self):
        # DetailModelView would read every subject: keep the viewset's bureau rule.
        return subjects_visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        profile = subject_credit_profile(self.request.user, self.object)
        today, calendar = timezone.localdate(), Calendar()
        for case in profile["cases"]:
            case.page_url = case_page_url(case)
            case.step_title = step_title(case)
            case.next_deadline = case.running_deadlines[0] if case.running_deadlines else None
            if case.next_deadline is not None:
                case.workdays_left = workdays_left(case.next_deadline, today, calendar)
                case.workdays_overdue = max(-case.workdays_left, 0)
        return {**context, **profile}


class SubjectViewset(ReadonlyModelViewset):
    model = Subject
    title = _("Subjects")
    icon = "business"
    list_columns = ("uscc", "name", "subject_type", "legal_rep", "region", "reg_status")
    list_filter_fields = ("subject_type", "reg_status", "region")
    list_search_fields = ("uscc", "name", "legal_rep")
    list_paginate_by = 25
    detail_view_class = SubjectProfileView

    def get_queryset(self, request):
        return subjects_visible_to(request.user)


class SubjectImportViewset(AppMenuMixin, Viewset):
    """经营主体导入: a registration system's export, uploaded by the staff who act."""

    app_name = "subject_import"
    title = _("Import subjects")
    icon = "upload_file"
    index_path = path("", views.SubjectImportView.as_view(), name="index")

    def has_view_permission(self, user, obj=None) -> bool:
        return acts_on_cases(user)

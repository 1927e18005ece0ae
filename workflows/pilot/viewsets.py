"""The 信用建设试点 application of the site: viewflow's pages of the flow plus the calls,
the application form, the case pages and the reports."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from viewflow.urls import AppMenuMixin, Viewset

from workflows.core.flow.viewsets import CaseFlowAppViewset
from workflows.core.roles import is_staff_member
from workflows.pilot.flows import PilotFlow
from workflows.pilot.permissions import can_apply
from workflows.pilot.views import calls, cases, reports


class CallViewset(AppMenuMixin, Viewset):
    app_name = "calls"
    title = _("Calls for applications")
    icon = "campaign"
    index_path = path("", calls.CallListView.as_view(), name="index")
    create_path = path("new/", calls.CallCreateView.as_view(), name="create")

    def has_view_permission(self, user, obj=None) -> bool:
        return is_staff_member(user)


class ApplyViewset(AppMenuMixin, Viewset):
    app_name = "apply"
    title = _("New pilot application")
    icon = "note_add"
    index_path = path("", calls.ApplyView.as_view(), name="index")

    def has_view_permission(self, user, obj=None) -> bool:
        return can_apply(user)


class PilotCaseViewset(AppMenuMixin, Viewset):
    app_name = "cases"
    title = _("Pilot cases")
    icon = "folder_open"
    index_path = path("", cases.CaseListView.as_view(), name="index")
    detail_path = path("<int:pk>/", cases.case_detail, name="detail")
    attachment_path = path(
        "<int:pk>/attachments/<int:attachment_pk>/", cases.attachment_download, name="attachment"
    )

    def has_view_permission(self, user, obj=None) -> bool:
        return is_staff_member(user)


class ReportViewset(AppMenuMixin, Viewset):
    app_name = "reports"
    title = _("Pilot reports")
    icon = "event_note"
    index_path = path("", reports.ReportListView.as_view(), name="index")
    detail_path = path("<int:pk>/", reports.report_detail, name="detail")

    def has_view_permission(self, user, obj=None) -> bool:
        return is_staff_member(user)


def pilot_application() -> CaseFlowAppViewset:
    """Mounted in ``project.urls`` as one application of the site (app name ``pilot``)."""
    return CaseFlowAppViewset(
        PilotFlow,
        title=_("Credit pilots"),
        icon="storefront",
        viewsets=[CallViewset(), ApplyViewset(), PilotCaseViewset(), ReportViewset()],
    )

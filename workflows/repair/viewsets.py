"""The 信用修复 application of the site: viewflow's pages of the flow (dashboard, inbox,
queue, archive, process and task pages) plus the intake, reminders and case pages."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from viewflow.urls import AppMenuMixin, Viewset

from workflows.core.flow.viewsets import CaseFlowAppViewset
from workflows.core.roles import is_staff_member
from workflows.repair.flows import RepairFlow
from workflows.repair.permissions import is_clerk
from workflows.repair.views import cases, intake, reminders


class ApplyViewset(AppMenuMixin, Viewset):
    app_name = "apply"
    title = _("New repair application")
    icon = "note_add"
    index_path = path("", intake.ApplyView.as_view(), name="index")

    def has_view_permission(self, user, obj=None) -> bool:
        return is_clerk(user)


class ReminderViewset(AppMenuMixin, Viewset):
    app_name = "reminders"
    title = _("Repair reminders")
    icon = "notifications_active"
    index_path = path("", reminders.ReminderListView.as_view(), name="index")
    export_path = path("export/", reminders.ReminderExportView.as_view(), name="export")

    def has_view_permission(self, user, obj=None) -> bool:
        return is_clerk(user)


class RepairCaseViewset(AppMenuMixin, Viewset):
    app_name = "cases"
    title = _("Repair cases")
    icon = "folder_open"
    index_path = path("", cases.CaseListView.as_view(), name="index")
    detail_path = path("<int:pk>/", cases.case_detail, name="detail")
    attachment_path = path(
        "<int:pk>/attachments/<int:attachment_pk>/", cases.attachment_download, name="attachment"
    )
    pledge_path = path("<int:pk>/pledge-fulfilled/", cases.pledge_fulfilled, name="pledge")
    revoke_path = path("<int:pk>/revoke/", cases.revoke, name="revoke")

    def has_view_permission(self, user, obj=None) -> bool:
        return is_staff_member(user)


def repair_application() -> CaseFlowAppViewset:
    """Mounted in ``project.urls`` as one application of the site (app name ``repair``)."""
    return CaseFlowAppViewset(
        RepairFlow,
        title=_("Credit repair"),
        icon="healing",
        viewsets=[ApplyViewset(), ReminderViewset(), RepairCaseViewset()],
    )

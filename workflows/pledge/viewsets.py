"""The 信用承诺 application of the site: viewflow's pages of the verification flow plus
the register, the file import and verification planning."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from viewflow.urls import AppMenuMixin, Viewset

from workflows.core.flow.viewsets import CaseFlowAppViewset
from workflows.core.roles import is_staff_member
from workflows.pledge import views
from workflows.pledge.flows import PledgeFlow


class RegisterViewset(AppMenuMixin, Viewset):
    app_name = "register"
    title = _("Pledge register")
    icon = "fact_check"
    index_path = path("", views.RegisterView.as_view(), name="index")
    check_path = path("<int:pk>/check/", views.check_now, name="check")

    def has_view_permission(self, user, obj=None) -> bool:
        return is_staff_member(user)


class DrawViewset(AppMenuMixin, Viewset):
    app_name = "draws"
    title = _("Verification planning")
    icon = "casino"
    index_path = path("", views.DrawView.as_view(), name="index")

    def has_view_permission(self, user, obj=None) -> bool:
        return views.is_pledge_handler(user)


class ImportViewset(AppMenuMixin, Viewset):
    app_name = "import"
    title = _("Import pledges")
    icon = "upload_file"
    index_path = path("", views.ImportView.as_view(), name="index")

    def has_view_permission(self, user, obj=None) -> bool:
        return views.is_pledge_handler(user)


def pledge_application() -> CaseFlowAppViewset:
    """Mounted in ``project.urls`` as one application of the site (app name ``pledge``)."""
    return CaseFlowAppViewset(
        PledgeFlow,
        title=_("Credit pledges"),
        icon="handshake",
        viewsets=[RegisterViewset(), DrawViewset(), ImportViewset()],
    )

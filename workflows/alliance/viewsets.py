"""The 企业信用同盟 application of the site: viewflow's pages of both flows plus the
nomination page, the members and the case pages."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from viewflow.urls import AppMenuMixin, Viewset

from workflows.alliance.flows import AllianceFlow, MembershipReviewFlow
from workflows.alliance.permissions import may_nominate
from workflows.alliance.views import cases, members, nominate
from workflows.core.flow.viewsets import CaseFlowAppViewset, NestedFlowViewset
from workflows.core.roles import is_staff_member


class NominateViewset(AppMenuMixin, Viewset):
    app_name = "nominate"
    title = _("Nominate an enterprise")
    icon = "how_to_reg"
    index_path = path("", nominate.NominateView.as_view(), name="index")

    def has_view_permission(self, user, obj=None) -> bool:
        return may_nominate(user)


class MemberViewset(AppMenuMixin, Viewset):
    app_name = "members"
    title = _("Alliance members")
    icon = "groups"
    index_path = path("", members.MemberListView.as_view(), name="index")

    def has_view_permission(self, user, obj=None) -> bool:
        return is_staff_member(user)


class AllianceCaseViewset(AppMenuMixin, Viewset):
    app_name = "cases"
    title = _("Alliance cases")
    icon = "folder_open"
    index_path = path("", cases.CaseListView.as_view(), name="index")
    detail_path = path("<int:pk>/", cases.case_detail, name="detail")
    objection_path = path("<int:pk>/objections/", cases.objection_add, name="objection")

    def has_view_permission(self, user, obj=None) -> bool:
        return is_staff_member(user)


def alliance_application() -> CaseFlowAppViewset:
    """Mounted in ``project.urls`` as one application of the site (app name ``alliance``)."""
    return CaseFlowAppViewset(
        AllianceFlow,
        title=_("Credit alliance"),
        icon="handshake",
        viewsets=[
            NominateViewset(),
            MemberViewset(),
            AllianceCaseViewset(),
            NestedFlowViewset(MembershipReviewFlow),
        ],
    )

"""The 严重违法失信名单 application of the site: viewflow's flow pages plus the court-file
import and the leads waiting for manual matching."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from viewflow.urls import AppMenuMixin, Viewset

from workflows.core.flow.viewsets import CaseFlowAppViewset, NestedFlowViewset
from workflows.listing import views
from workflows.listing.flows import AbnormalObjectionFlow, ListingFlow


class CourtImportViewset(AppMenuMixin, Viewset):
    app_name = "court_import"
    title = _("Import court referrals")
    icon = "upload_file"
    index_path = path("", views.CourtImportView.as_view(), name="index")

    def has_view_permission(self, user, obj=None) -> bool:
        return views.is_listing_handler(user)


class LeadViewset(AppMenuMixin, Viewset):
    app_name = "leads"
    title = _("Leads to match")
    icon = "person_search"
    index_path = path("", views.LeadListView.as_view(), name="index")

    def has_view_permission(self, user, obj=None) -> bool:
        return views.is_listing_handler(user)


def listing_application() -> CaseFlowAppViewset:
    """Mounted in ``project.urls`` as one application of the site (app name ``listing``);
    the abnormal-list objection flow has its pages inside it."""
    return CaseFlowAppViewset(
        ListingFlow,
        title=_("Serious-violation list"),
        icon="gavel",
        viewsets=[CourtImportViewset(), LeadViewset(), NestedFlowViewset(AbnormalObjectionFlow)],
    )

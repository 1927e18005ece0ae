"""The 企业信用同盟 application of the site: viewflow's pages of both flows plus the
nomination page, the members and the case pages."""

from django.utils.translation import gettext_lazy as _
from viewflow.workflow.flow import FlowAppViewset, FlowViewset

from workflows.alliance.flows import AdmissionFlow, MembershipReviewFlow


def alliance_application() -> FlowAppViewset:
    """Mounted in ``project.urls`` as one application of the site (app name ``alliance``)."""
    return FlowAppViewset(
        AdmissionFlow,
        title=_("Credit alliance"),
        icon="handshake",
        viewsets=[FlowViewset(MembershipReviewFlow)],
    )

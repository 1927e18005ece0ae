"""The audit events of the enterprise credit alliance:
code and label (``workflows.core.events``)."""

from django.utils.translation import gettext_lazy as _

EVENTS = {
    "alliance.admitted": _("Admitted to the alliance"),
    "alliance.experts_scored": _("Experts scored"),
    "alliance.membership_admit": _("Membership: admitted"),
    "alliance.membership_decline": _("Membership: declined"),
    "alliance.membership_expel": _("Membership: expelled"),
    "alliance.membership_reinstate": _("Membership: reinstated"),
    "alliance.membership_start_notice": _("Membership: on public notice"),
    "alliance.membership_suspend": _("Membership: suspended"),
    "alliance.membership_withdraw": _("Membership: withdrawn"),
    "alliance.notice_closed": _("Public notice closed"),
    "alliance.notice_opened": _("Public notice opened"),
    "alliance.objection_decided": _("Objection decided"),
    "alliance.objection_received": _("Objection received"),
    "alliance.prefecture_checked": _("Prefecture check done"),
    "alliance.prefecture_signed_off": _("Prefecture sign-off done"),
    "alliance.received": _("Application or nomination received"),
    "alliance.regional_reviewed": _("Regional review done"),
    "alliance.review_assessed": _("Review assessed"),
    "alliance.review_decided": _("Review decided"),
    "alliance.review_opened": _("Membership review opened"),
    "alliance.review_record_added": _("Record added to the review"),
    "alliance.screened": _("Eligibility screened"),
    "alliance.statement_recorded": _("Statement recorded"),
    "alliance.withdrawn": _("Withdrawn from the alliance"),
}

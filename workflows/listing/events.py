"""The audit events of the serious-violation and abnormal-operations lists:
code and label (``workflows.core.events``)."""

from django.utils.translation import gettext_lazy as _

EVENTS = {
    "abnormal.escalated": _("Escalated to the serious-violation list"),
    "abnormal.listed": _("Put on the abnormal-operations list"),
    "abnormal.objection_accepted": _("Objection accepted for verification"),
    "abnormal.objection_received": _("Objection to the abnormal listing received"),
    "abnormal.warned": _("Three-year warning given"),
    "listing.assessed": _("Facts assessed"),
    "listing.business_rechecked": _("Business status rechecked"),
    "listing.decided": _("Listing decided"),
    "listing.decision_served": _("Listing decision served"),
    "listing.ended": _("Listing ended"),
    "listing.hearing_held": _("Hearing held"),
    "listing.hearing_notified": _("Hearing notified"),
    "listing.lead_matched": _("Lead matched to a registered subject"),
    "listing.lead_opened": _("Lead registered"),
    "listing.legal_reviewed": _("Legal review done"),
    "listing.not_registered": _("Not registered as a case"),
    "listing.notice_issued": _("Notice of intended listing issued"),
    "listing.notice_served": _("Notice of intended listing served"),
    "listing.period_extended": _("Listing period extended"),
    "listing.publicity_pushed": _("Pushed to the publicity system"),
    "listing.published": _("Listing published"),
    "listing.rechecked": _("Subject rechecked"),
    "listing.referral_received": _("Court referral received"),
    "listing.registered": _("Case registered"),
    "listing.revoked": _("Listing revoked"),
    "listing.statement_recorded": _("Statement and hearing request recorded"),
    "listing.upper_level_reviewed": _("Upper-level review done"),
}

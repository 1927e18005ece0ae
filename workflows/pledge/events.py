"""The audit events of credit pledges: code and label (``workflows.core.events``)."""

from django.utils.translation import gettext_lazy as _

EVENTS = {
    "pledge.decided": _("Pledge decision made"),
    "pledge.exempt": _("Pledge exempt from verification"),
    "pledge.find_false": _("False pledge found"),
    "pledge.fulfil": _("Pledge fulfilled"),
    "pledge.legal_reviewed": _("Legal review done"),
    "pledge.notice_served": _("Notice of the finding served"),
    "pledge.pass_over": _("Pledge not drawn for verification"),
    "pledge.published": _("False-pledge record published"),
    "pledge.registered": _("Pledge registered"),
    "pledge.reviewed": _("Finding reviewed"),
    "pledge.sample_drawn": _("Verification sample drawn"),
    "pledge.sampling_policy_changed": _("Sampling policy changed"),
    "pledge.sampling_policy_created": _("Sampling policy created"),
    "pledge.start_verification": _("Pledge under verification"),
    "pledge.statement_recorded": _("Statement recorded"),
    "pledge.verification_opened": _("Verification case opened"),
    "pledge.verification_planned": _("Verification planned"),
    "pledge.verified": _("Pledge verified"),
}

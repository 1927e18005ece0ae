"""The audit events of the credit district, park and street pilots:
code and label (``workflows.core.events``)."""

from django.utils.translation import gettext_lazy as _

EVENTS = {
    "pilot.accept": _("Pilot accepted"),
    "pilot.acceptance_decided": _("Acceptance decided"),
    "pilot.applied": _("Application received"),
    "pilot.approved": _("Pilot approved"),
    "pilot.attachment_added": _("Material attached"),
    "pilot.call_issued": _("Call for applications issued"),
    "pilot.check_complete": _("Formal check: complete"),
    "pilot.check_reject": _("Formal check: rejected"),
    "pilot.check_supplement": _("Formal check: supplements requested"),
    "pilot.fail": _("Pilot failed"),
    "pilot.inspected_on_site": _("On-site inspection done"),
    "pilot.midterm_checked": _("Mid-term check done"),
    "pilot.not_approved": _("Pilot not approved"),
    "pilot.order_rectification": _("Rectification ordered"),
    "pilot.pass_midterm": _("Mid-term check passed"),
    "pilot.rectified": _("Rectification done"),
    "pilot.rectified_acceptance": _("Rectified: acceptance again"),
    "pilot.rectified_midterm": _("Rectified: mid-term check again"),
    "pilot.report_due": _("Report due"),
    "pilot.report_submitted": _("Report submitted"),
    "pilot.request_acceptance": _("Acceptance requested"),
    "pilot.reviewed": _("Section review done"),
    "pilot.scored": _("Score sheet submitted"),
    "pilot.scoring_completed": _("Scoring completed"),
    "pilot.self_assessed": _("Self-assessment submitted"),
    "pilot.start": _("Pilot started"),
    "pilot.supplements_received": _("Supplements received"),
}

"""Readable names of the audit event codes shown on case pages and timelines.

The codes stay the stable keys (search, exports, the API); pages show the name, with
the code beside it for auditors. A code without a name here is shown as it is.
"""

from django.utils.translation import gettext_lazy as _

EVENT_LABELS = {
    "case.opened": _("Case opened"),
    "case.closed": _("Case closed"),
    "case.step_changed": _("Moved to the next step"),
    "task.created": _("Task created"),
    "task.assigned": _("Task taken or assigned"),
    "task.unassigned": _("Task returned to the queue"),
    "task.completed": _("Task completed"),
    "task.reassigned": _("Task reassigned"),
    "task.cancelled": _("Task cancelled"),
    "deadline.started": _("Deadline started"),
    "deadline.met": _("Deadline met"),
    "deadline.breached": _("Deadline breached"),
    "deadline.escalated": _("Deadline escalated"),
    "deadline.paused": _("Deadline paused"),
    "deadline.resumed": _("Deadline resumed"),
    "document.issued": _("Document issued"),
    "document.reissued": _("Document re-issued"),
    "document.rendered": _("PDF generated"),
    "document.render_failed": _("PDF generation failed"),
    "credit_record.created": _("Credit record created"),
    "credit_record.request_repair": _("Credit record: repair requested"),
    "credit_record.repair": _("Credit record repaired"),
    "credit_record.remove": _("Credit record removed"),
    "credit_record.revoke": _("Credit record: repair revoked"),
    "repair.applied": _("Repair application received"),
    "repair.attachment_added": _("Material attached"),
    "repair.accepted": _("Application accepted"),
    "repair.not_accepted": _("Application not accepted"),
    "repair.supplements_requested": _("Supplements requested"),
    "repair.supplements_received": _("Supplements received"),
    "repair.verification_waived": _("Verification waived (承诺免查)"),
    "repair.verified": _("Verification done"),
    "repair.reviewed": _("Section review done"),
    "repair.legal_reviewed": _("Legal review done"),
    "repair.granted": _("Repair granted"),
    "repair.refused": _("Repair refused"),
    "repair.executed": _("Repair executed"),
    "repair.post_checked": _("Post-check done"),
    "repair.pledge_fulfilled": _("Pledged materials received"),
    "repair.pledge_broken": _("Pledge broken"),
    "repair.revoked": _("Repair revoked for fraud"),
    "listing.referral_received": _("Court referral received"),
    "listing.registered": _("Case registered"),
    "listing.decided": _("Listing decided"),
    "listing.published": _("Listing published"),
    "listing.revoked": _("Listing revoked"),
}


def event_label(code: str) -> str:
    return str(EVENT_LABELS.get(code, code))

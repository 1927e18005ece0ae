"""The audit events of credit repair: code and label (``workflows.core.events``)."""

from django.utils.translation import gettext_lazy as _

EVENTS = {
    "repair.accepted": _("Application accepted"),
    "repair.applied": _("Repair application received"),
    "repair.attachment_added": _("Material attached"),
    "repair.auto_restore_started": _("Restoration without application started"),
    "repair.auto_restored": _("Restored without application"),
    "repair.executed": _("Repair executed"),
    "repair.granted": _("Repair granted"),
    "repair.legal_reviewed": _("Legal review done"),
    "repair.not_accepted": _("Application not accepted"),
    "repair.pledge_broken": _("Pledge broken"),
    "repair.pledge_fulfilled": _("Pledged materials received"),
    "repair.post_checked": _("Post-check done"),
    "repair.refused": _("Repair refused"),
    "repair.reminder_created": _("Repair reminder created"),
    "repair.reminder_exported": _("Repair reminders exported"),
    "repair.reviewed": _("Section review done"),
    "repair.revoked": _("Repair revoked for fraud"),
    "repair.supplements_received": _("Supplements received"),
    "repair.supplements_requested": _("Supplements requested"),
    "repair.verification_waived": _("Verification waived (承诺免查)"),
    "repair.verified": _("Verification done"),
}

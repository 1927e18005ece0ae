"""The test app's own audit event: a free note on a case (search and outbox tests)."""

from django.utils.translation import gettext_lazy as _

EVENTS = {"case.note": _("Note")}

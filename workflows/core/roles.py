"""Roles are Django groups named by these stable codes (DESIGN.md §4)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CLERK = "clerk", _("Acceptance clerk")
    HANDLER = "handler", _("Case handler")
    SECTION_HEAD = "section_head", _("Section head")
    LEGAL = "legal", _("Legal reviewer")
    LEADER = "leader", _("Bureau leader")
    SUPERVISOR = "supervisor", _("Supervisor")
    AUDITOR = "auditor", _("Auditor")
    COURT = "court", _("Court API client")


#: Roles that read across every bureau but never act on a case.
READ_ONLY_ROLES = frozenset({Role.SUPERVISOR, Role.AUDITOR})

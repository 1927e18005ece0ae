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
    ONLINE = "online_channel", _("Online service channel")
    REGISTRATION = "registration_system", _("Registration system API client")


#: Roles that read across every bureau but never act on a case.
READ_ONLY_ROLES = frozenset({Role.SUPERVISOR, Role.AUDITOR})

#: Roles of outside systems calling their own API endpoints: never bureau staff, so
#: they neither open the staff pages and API nor act on cases.
API_CLIENT_ROLES = frozenset({Role.COURT, Role.ONLINE, Role.REGISTRATION})

#: Every role of bureau staff (who work or read cases).
STAFF_ROLES = frozenset(str(role) for role in Role if role not in API_CLIENT_ROLES)


def is_staff_member(user) -> bool:
    """Authenticated and a superuser or holder of a staff role (API clients are not)."""
    if not (user and user.is_authenticated):
        return False
    if user.roles & {str(role) for role in API_CLIENT_ROLES}:
        return False
    return user.is_superuser or bool(user.roles & STAFF_ROLES)

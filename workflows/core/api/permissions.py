"""Who may call the staff API: bureau staff, never the court API client."""

from django.utils.translation import gettext_lazy as _
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.permissions import BasePermission

from workflows.core.roles import Role

#: Every role that works cases or reads them; the court client has its own endpoint.
STAFF_ROLES = frozenset(str(role) for role in Role if role != Role.COURT)


class IsBureauStaff(BasePermission):
    """Authenticated users holding a staff role (or superusers); the court role is refused.

    Which records a permitted user sees is decided by the selectors (their bureaus).
    """

    message = _("This endpoint is for bureau staff only.")

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        if user.has_role(Role.COURT):
            return False
        return user.is_superuser or bool(user.roles & STAFF_ROLES)


class StaffAPIMixin:
    """Authentication and permission of every staff endpoint."""

    # Token first, so that an anonymous client gets 401 with "WWW-Authenticate: Token".
    authentication_classes = (TokenAuthentication, SessionAuthentication)
    permission_classes = (IsBureauStaff,)

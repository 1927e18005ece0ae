"""Who may call the staff API: bureau staff, never an outside system's API client."""

from django.utils.translation import gettext_lazy as _
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.permissions import BasePermission

from workflows.core.roles import STAFF_ROLES, is_staff_member

__all__ = ("STAFF_ROLES", "IsBureauStaff", "StaffAPIMixin")


class IsBureauStaff(BasePermission):
    """Authenticated users holding a staff role (or superusers); the API clients of
    outside systems (the court, the online service channel) are refused.

    Which records a permitted user sees is decided by the selectors (their bureaus).
    """

    message = _("This endpoint is for bureau staff only.")

    def has_permission(self, request, view) -> bool:
        return is_staff_member(request.user)


class StaffAPIMixin:
    """Authentication and permission of every staff endpoint."""

    # Token first, so that an anonymous client gets 401 with "WWW-Authenticate: Token".
    authentication_classes = (TokenAuthentication, SessionAuthentication)
    permission_classes = (IsBureauStaff,)

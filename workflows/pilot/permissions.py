"""Who may do what on the pilot pages, on top of the core bureau rule.

The regional bureau's staff (handlers, section heads, leaders) issue calls; the
prefectures' case handlers apply and submit their pilots' reports. Everybody of the
staff reads within the bureaus they see (regional staff, supervisors, auditors: all).
"""

from workflows.core.models import User
from workflows.core.roles import Role, is_staff_member

CALL_ROLES = (Role.HANDLER, Role.SECTION_HEAD, Role.LEADER)


def _regional(user: User) -> bool:
    return bool(user.bureau_id) and user.bureau.is_regional


def can_issue_call(user: User) -> bool:
    return (
        is_staff_member(user)
        and _regional(user)
        and any(user.has_role(role) for role in CALL_ROLES)
    )


def can_apply(user: User) -> bool:
    """Case handlers of a prefecture bureau."""
    return (
        is_staff_member(user)
        and bool(user.bureau_id)
        and not _regional(user)
        and user.has_role(Role.HANDLER)
    )


def can_submit_report(user: User, report) -> bool:
    """The case handlers of the pilot's own bureau."""
    return can_apply(user) and user.bureau_id == report.pilot.application.case.bureau_id

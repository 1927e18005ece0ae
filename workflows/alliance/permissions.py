"""Who may do what on the alliance pages, on top of the core bureau rule.

Nominating is for a bureau's handlers, section heads and leaders, for subjects of the
bureaus where they may act. Objections received by letter or telephone are entered by
staff who may act on the case (the regional bureau's, or the case bureau's).
"""

from workflows.core.models import Case, Subject, User
from workflows.core.permissions import can_act_for_bureau, can_act_on_case
from workflows.core.roles import Role, is_staff_member

NOMINATING_ROLES = (Role.HANDLER, Role.SECTION_HEAD, Role.LEADER)


def may_nominate(user: User) -> bool:
    return is_staff_member(user) and any(user.has_role(role) for role in NOMINATING_ROLES)


def can_nominate(user: User, subject: Subject) -> bool:
    return may_nominate(user) and can_act_for_bureau(user, subject.region_id)


def can_enter_objection(user: User, case: Case) -> bool:
    return is_staff_member(user) and can_act_on_case(user, case)

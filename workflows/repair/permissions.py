"""Who may do what on the repair pages and API, on top of the core bureau rule.

Applying is the acceptance clerks' work (受理人员); recording pledged materials too;
revoking a repair for fraud is for section heads and leaders. Each also needs the
bureau rule of ``workflows.core.permissions`` (own bureau and the bureaus under it, or
the regional bureau). The online service channel applies through its own API only.
"""

from workflows.core.models import Case, CreditRecord, User
from workflows.core.permissions import can_act_for_bureau, can_act_on_case
from workflows.core.roles import Role, is_staff_member

REVOKING_ROLES = (Role.SECTION_HEAD, Role.LEADER)


def is_clerk(user: User) -> bool:
    return is_staff_member(user) and user.has_role(Role.CLERK)


def can_apply_for(user: User, record: CreditRecord) -> bool:
    """A clerk of a bureau that may act on the bureau that decided ``record``."""
    return is_clerk(user) and can_act_for_bureau(user, record.deciding_bureau_id)


def can_record_pledge(user: User, case: Case) -> bool:
    return is_clerk(user) and can_act_on_case(user, case)


def can_revoke(user: User, case: Case) -> bool:
    return (
        is_staff_member(user)
        and any(user.has_role(role) for role in REVOKING_ROLES)
        and can_act_on_case(user, case)
    )


def is_online_channel(user: User) -> bool:
    return bool(user and user.is_authenticated and user.has_role(Role.ONLINE))

"""Who may act on a case: the bureau rule of DESIGN.md §4 for writes."""

from workflows.core.models import Case, User
from workflows.core.roles import READ_ONLY_ROLES
from workflows.core.selectors import bureaus_visible_to


def can_act_on_case(user: User, case: Case) -> bool:
    """Staff of the case's bureau (or the bureau above it), or of the regional bureau.

    Supervisors and auditors see every bureau but never act.
    """
    if not user.is_authenticated or user.roles & {str(role) for role in READ_ONLY_ROLES}:
        return False
    bureaus = bureaus_visible_to(user)
    return bureaus is None or bureaus.filter(pk=case.bureau_id).exists()

"""Who may act on a case: the bureau rule of DESIGN.md §4 for writes."""

from workflows.core.models import Bureau, Case, User
from workflows.core.roles import READ_ONLY_ROLES, is_staff_member
from workflows.core.selectors import bureaus_visible_to


def acts_on_cases(user: User) -> bool:
    """Staff who act on cases somewhere: not supervisors and auditors (who only read),
    nor outside systems' API clients."""
    return is_staff_member(user) and not user.roles & {str(role) for role in READ_ONLY_ROLES}


def can_act_for_bureau(user: User, bureau: Bureau | int) -> bool:
    """Staff of ``bureau`` (or of the bureau above it), or of the regional bureau.

    Supervisors and auditors see every bureau but never act; outside systems' API
    clients never act either.
    """
    if not acts_on_cases(user):
        return False
    bureaus = bureaus_visible_to(user)
    bureau_id = bureau.pk if isinstance(bureau, Bureau) else bureau
    if bureaus is None or bureau_id == user.bureau_id:  # one's own bureau: no query
        return True
    return bureaus.filter(pk=bureau_id).exists()


def can_act_on_case(user: User, case: Case) -> bool:
    """Staff of the case's bureau (or the bureau above it), or of the regional bureau."""
    return can_act_for_bureau(user, case.bureau_id)

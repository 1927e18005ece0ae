"""Users of a role in a bureau, made for a test."""

from tests.factories import UserFactory, bureau
from workflows.core.models import User
from workflows.core.services.roles import roles_ensure_groups


def user_with(role: str, bureau_code: str, **fields) -> User:
    groups = {str(role): group for role, group in roles_ensure_groups().items()}
    user = UserFactory(bureau=bureau(bureau_code), **fields)
    user.groups.set([groups[str(role)]])
    return user

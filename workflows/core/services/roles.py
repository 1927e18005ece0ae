"""Role groups and the model permissions each role holds."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from workflows.core.roles import Role

_STAFF_PERMISSIONS = ("core.view_subject", "core.view_bureau")

ROLE_PERMISSIONS: dict[Role, tuple[str, ...]] = {
    Role.CLERK: _STAFF_PERMISSIONS,
    Role.HANDLER: _STAFF_PERMISSIONS,
    Role.SECTION_HEAD: _STAFF_PERMISSIONS,
    Role.LEGAL: _STAFF_PERMISSIONS,
    Role.LEADER: _STAFF_PERMISSIONS,
    Role.SUPERVISOR: _STAFF_PERMISSIONS,
    Role.AUDITOR: _STAFF_PERMISSIONS,
    Role.COURT: (),
    Role.ONLINE: (),
    Role.REGISTRATION: (),
}


@transaction.atomic
def roles_ensure_groups() -> dict[Role, Group]:
    """Create the role groups and give each exactly its permissions (idempotent)."""
    groups = {}
    for role, perm_names in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role.value)
        perms = []
        for name in perm_names:
            app_label, codename = name.split(".")
            perms.append(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.set(perms)
        groups[role] = group
    return groups

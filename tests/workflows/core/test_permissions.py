"""The bureau rule for acting, and the outside systems' API clients kept out of staff work."""

import pytest

from tests.factories import UserFactory, bureau
from tests.testapp.flows import SampleFlow
from workflows.core.permissions import can_act_for_bureau
from workflows.core.roles import Role, is_staff_member
from workflows.core.services.roles import roles_ensure_groups

pytestmark = pytest.mark.django_db


def _user(*roles: Role, bureau_code: str = "650100", **fields):
    groups = roles_ensure_groups()
    user = UserFactory(bureau=bureau(bureau_code), **fields)
    user.groups.set([groups[role] for role in roles])
    return user


def test_staff_act_for_their_bureau_and_the_bureaus_under_it_regional_staff_for_all():
    urumqi_clerk = _user(Role.CLERK)
    ili_clerk = _user(Role.CLERK, bureau_code="654000")
    regional_clerk = _user(Role.CLERK, bureau_code="650000")
    assert can_act_for_bureau(urumqi_clerk, bureau("650100"))
    assert not can_act_for_bureau(urumqi_clerk, bureau("653100"))
    assert can_act_for_bureau(ili_clerk, bureau("654200"))  # Ili administers Tacheng
    assert can_act_for_bureau(regional_clerk, bureau("653100").pk)


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.AUDITOR, Role.COURT, Role.ONLINE])
def test_readers_and_outside_api_clients_never_act(role):
    user = _user(role, bureau_code="650000")
    assert not can_act_for_bureau(user, bureau("650000"))


@pytest.mark.parametrize("role", [Role.COURT, Role.ONLINE])
def test_outside_api_clients_are_not_staff_even_with_a_staff_role(role):
    assert not is_staff_member(_user(role, bureau_code="650000"))
    assert not is_staff_member(_user(role, Role.CLERK, bureau_code="650000"))
    assert not SampleFlow.instance.has_view_permission(_user(role, bureau_code="650000"))


def test_staff_and_superusers_are_staff_a_user_without_a_role_is_not():
    assert is_staff_member(_user(Role.HANDLER))
    assert is_staff_member(_user(bureau_code="650000", is_superuser=True))
    assert not is_staff_member(_user())


def test_a_subjects_credit_profile_opens_for_its_bureau_and_regional_staff_only(client):
    from tests.factories import SubjectFactory

    subject = SubjectFactory(region=bureau("650100"))
    url = f"/app/records/subject/{subject.pk}/detail/"
    expected = {"650100": 200, "650000": 200, "653100": 404}
    for code, status in expected.items():
        client.force_login(_user(Role.HANDLER, bureau_code=code))
        assert client.get(url).status_code == status, code

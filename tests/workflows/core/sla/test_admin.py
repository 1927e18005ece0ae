"""Administrators edit the escalation ladder; escalations and reports are read-only."""

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_ladder_is_edited_in_the_admin_and_the_records_are_read_only(client):
    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(admin)
    ladder = client.get("/admin/core/escalationlevel/")
    assert ladder.status_code == 200 and "临期提醒" in ladder.content.decode()
    assert client.get("/admin/core/escalationlevel/add/").status_code == 200
    assert client.get("/admin/core/deadlineescalation/").status_code == 200
    assert client.get("/admin/core/deadlineescalation/add/").status_code == 403
    assert client.get("/admin/core/slareport/add/").status_code == 403

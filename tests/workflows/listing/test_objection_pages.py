"""The pages of the abnormal-list objection flow, mounted inside the listing application."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PAGES = ("index", "process_list", "task_list", "inbox", "queue", "archive")


def test_the_objection_flow_pages_open_for_staff_and_are_refused_to_visitors(client, staff):
    urls = [reverse(f"listing:abnormalobjection:{page}") for page in PAGES]
    assert [client.get(url).status_code for url in urls] == [302] * len(PAGES)
    client.force_login(staff["handler"])
    assert [client.get(url).status_code for url in urls] == [200] * len(PAGES)

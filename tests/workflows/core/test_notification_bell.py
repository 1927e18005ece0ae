"""The top bar's bell: the unread count on every page, and the way to the notifications."""

import pytest

from workflows.core.models import Notification

pytestmark = pytest.mark.django_db


def test_every_page_shows_the_unread_count_and_links_to_the_notifications(client, staff):
    handler = staff["handler"]
    for title in ("待受理：乌市监信修〔2026〕1号", "期限提醒：乌市监信修〔2026〕2号"):
        Notification.objects.create(recipient=handler, kind="test", title=title)
    Notification.objects.create(recipient=staff["clerk"], kind="test", title="别人的通知")
    client.force_login(handler)
    page = client.get("/app/work/inbox/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert '<a class="xy-bell" href="/notifications/"' in page
    assert 'data-unread="2">2</span>' in page
    assert "通知：2条未读" in page
    Notification.objects.filter(recipient=handler).update(read_at="2026-12-01T10:00:00+08:00")
    page = client.get("/app/work/inbox/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert '<a class="xy-bell" href="/notifications/"' in page and "data-unread" not in page

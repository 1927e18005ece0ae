"""Notifications: rows in the caller's transaction, e-mail and SMS after commit, own list only."""

import re
import time

import pytest
from django.core import mail
from django.db import transaction
from django.utils import translation

from tests.factories import UserFactory, bureau
from tests.workflows.core.task_queue import QueuedTask, private_queue, routed_to
from workflows.core import sms
from workflows.core.models import Case, Notification
from workflows.core.services.cases import case_open
from workflows.core.services.notifications import notification_send_email, notify

EMAIL_TASK = "workflows.core.tasks.send_notification_email"
SMS_TASK = "workflows.core.tasks.send_notification_sms"


@pytest.fixture(autouse=True)
def _empty_sms_outbox():
    sms.outbox.clear()
    yield
    sms.outbox.clear()


def _case() -> Case:
    return case_open(
        procedure="repair", bureau=bureau("650100"), source=Case.Source.APPLICATION, actor=None
    )


def _notify(recipients, **kwargs) -> list[Notification]:
    return notify(
        recipients=recipients,
        kind=kwargs.pop("kind", "task.assigned"),
        title=kwargs.pop("title", "新的待办：信用修复受理"),
        body=kwargs.pop("body", "乌市监信修〔2026〕1号 等待您受理。"),
        **kwargs,
    )


@pytest.mark.django_db
def test_notify_creates_one_row_per_active_recipient():
    alice = UserFactory(username="alice")
    bob = UserFactory(username="bob")
    gone = UserFactory(username="gone", is_active=False)
    case = _case()

    created = _notify([alice, bob, alice, gone], case=case, url="/app/", email=False)

    rows = Notification.objects.order_by("recipient__username")
    assert [n.pk for n in created] == sorted(n.pk for n in rows)
    assert [(n.recipient, n.case, n.kind, n.url, n.read_at) for n in rows] == [
        (alice, case, "task.assigned", "/app/", None),
        (bob, case, "task.assigned", "/app/", None),
    ]


@pytest.mark.django_db
def test_a_rolled_back_change_notifies_nobody(django_capture_on_commit_callbacks):
    alice = UserFactory(username="alice_rb", email="alice@example.cn", phone="13800138000")
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        _notify([alice], sms=True)
        raise RuntimeError("the decision failed")
    assert callbacks == []
    assert Notification.objects.count() == 0


@pytest.mark.django_db
def test_email_goes_out_after_commit_through_the_mail_backend(django_capture_on_commit_callbacks):
    alice = UserFactory(username="alice_mail", email="alice@example.cn")
    no_address = UserFactory(username="no_address", email="")

    with private_queue() as queue:
        with django_capture_on_commit_callbacks(execute=True):
            [to_alice, _] = _notify([alice, no_address], url="/app/records/subject/")
            assert queue.take() == []
        assert mail.outbox == []
        assert queue.run() == [QueuedTask(EMAIL_TASK, [to_alice.pk], {})]

    [message] = mail.outbox
    assert message.to == ["alice@example.cn"]
    assert message.subject == "新的待办：信用修复受理"
    assert message.body == "乌市监信修〔2026〕1号 等待您受理。\n\n/app/records/subject/"
    to_alice.refresh_from_db()
    assert to_alice.email_sent_at is not None

    # A second delivery of the task (retry, duplicate) sends nothing.
    assert notification_send_email(notification_id=to_alice.pk) is False
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_sms_goes_to_the_configured_backend_when_asked_and_a_phone_is_known(
    settings, django_capture_on_commit_callbacks
):
    assert settings.SMS_BACKEND == "workflows.core.sms.LoggingSmsBackend"
    with_phone = UserFactory(username="with_phone", email="", phone="13800138000")
    without_phone = UserFactory(username="without_phone", email="", phone="")

    with private_queue() as queue:
        with django_capture_on_commit_callbacks(execute=True):
            [texted, _] = _notify([with_phone, without_phone], sms=True)
            _notify([with_phone], title="不发短信的通知", sms=False)
        assert queue.run() == [QueuedTask(SMS_TASK, [texted.pk], {})]

    text = "新的待办：信用修复受理：乌市监信修〔2026〕1号 等待您受理。"
    assert sms.outbox == [sms.SmsMessage(phone="13800138000", text=text)]
    assert mail.outbox == []
    texted.refresh_from_db()
    assert texted.sms_sent_at is not None


@pytest.mark.django_db
def test_mail_and_texts_held_back_by_a_broker_outage_are_sent_by_the_sweep(
    django_capture_on_commit_callbacks,
):
    from datetime import timedelta

    from django.utils import timezone

    from workflows.core.tasks import sweep_unsent_notifications

    user = UserFactory(username="outage", email="outage@example.cn", phone="13800138001")
    with private_queue() as queue:
        with django_capture_on_commit_callbacks(execute=True):
            [held] = _notify([user], sms=True)
            [stale] = _notify([user], title="上月的提醒", sms=True)
            [fresh] = _notify([user], title="刚发出的通知")
        queue.take()  # the broker was down: the after-commit tasks never arrived
        now = timezone.now()
        Notification.objects.filter(pk=held.pk).update(created_at=now - timedelta(minutes=5))
        Notification.objects.filter(pk=stale.pk).update(created_at=now - timedelta(days=8))

        assert sweep_unsent_notifications() == 2  # the held e-mail and text, not the others
        queue.run()
        assert sweep_unsent_notifications() == 0

    assert [message.subject for message in mail.outbox] == ["新的待办：信用修复受理"]
    assert [text.phone for text in sms.outbox] == ["13800138001"]
    held.refresh_from_db()
    assert held.email_sent_at is not None and held.sms_sent_at is not None
    assert Notification.objects.get(pk=fresh.pk).email_sent_at is None  # its task may yet come


class _GatewayRecorder:
    """A stand-in for an external SMS gateway (the project's own code is real)."""

    sent: list[tuple[str, str]] = []

    def send(self, phone: str, text: str) -> None:
        self.sent.append((phone, text))


@pytest.mark.django_db
def test_the_sms_backend_is_chosen_by_setting(settings, django_capture_on_commit_callbacks):
    settings.SMS_BACKEND = f"{__name__}._GatewayRecorder"
    _GatewayRecorder.sent.clear()
    user = UserFactory(username="gateway_user", email="", phone="13900139000")

    with private_queue() as queue:
        with django_capture_on_commit_callbacks(execute=True):
            _notify([user], title="材料补正", body="", sms=True)
        queue.run()

    assert _GatewayRecorder.sent == [("13900139000", "材料补正")]
    assert sms.outbox == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "https://evil.example/", "//evil.example/x", "/\\evil.example"]
)
def test_notification_links_must_stay_on_this_site(url):
    with pytest.raises(ValueError, match="paths on this site"):
        _notify([UserFactory(username="link_user")], url=url, email=False)
    assert Notification.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_notification_email_is_delivered_by_a_real_worker(celery_worker_process):
    alice = UserFactory(username="alice_worker", email="alice@example.cn")
    with routed_to(celery_worker_process["queue"]):
        [notification] = _notify([alice])  # commits; on_commit sends the task to the worker

    deadline = time.monotonic() + 60
    while notification.email_sent_at is None and time.monotonic() < deadline:
        time.sleep(0.2)
        notification.refresh_from_db()
    assert notification.email_sent_at is not None
    assert mail.outbox == []  # the worker process sent it, not this one


# --- List and mark-as-read ---------------------------------------------------------


def _row_ids(page: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'data-row-id="(\d+)"', page)]


@pytest.mark.django_db
def test_the_list_shows_only_the_users_own_notifications(client):
    alice = UserFactory(username="alice_list")
    bob = UserFactory(username="bob_list")
    mine = _notify([alice], title="给张三的通知", email=False)
    _notify([bob], title="给李四的通知", email=False)

    client.force_login(alice)
    response = client.get("/notifications/")

    assert response.status_code == 200
    page = response.content.decode()
    assert _row_ids(page) == [n.pk for n in mine]
    assert "给张三的通知" in page
    assert "给李四的通知" not in page


@pytest.mark.django_db
def test_the_list_is_paginated_25_per_page_newest_first(client):
    alice = UserFactory(username="alice_pages")
    created = [_notify([alice], title=f"通知{i}", email=False)[0] for i in range(30)]
    newest_first = [n.pk for n in reversed(created)]
    client.force_login(alice)

    first = _row_ids(client.get("/notifications/").content.decode())
    second = _row_ids(client.get("/notifications/?page=2").content.decode())

    assert first == newest_first[:25]
    assert second == newest_first[25:]


@pytest.mark.django_db
def test_an_empty_list_says_there_are_no_notifications(client):
    client.force_login(UserFactory(username="nobody_writes"))
    page = client.get("/notifications/").content.decode()
    with translation.override("zh-hans"):
        assert translation.gettext("No notifications") in page
    assert _row_ids(page) == []


@pytest.mark.django_db
def test_marking_read_sets_read_at_once_and_returns_to_the_list(client):
    alice = UserFactory(username="alice_read")
    [notification] = _notify([alice], email=False)
    client.force_login(alice)

    response = client.post(f"/notifications/{notification.pk}/read/", {"next": "/notifications/"})
    assert (response.status_code, response["Location"]) == (302, "/notifications/")
    notification.refresh_from_db()
    first_read = notification.read_at
    assert first_read is not None

    response = client.post(
        f"/notifications/{notification.pk}/read/", {"next": "https://evil.example/"}
    )
    assert response["Location"] == "/notifications/"
    notification.refresh_from_db()
    assert notification.read_at == first_read


@pytest.mark.django_db
def test_marking_someone_elses_notification_read_is_refused(client):
    alice = UserFactory(username="alice_owner")
    [notification] = _notify([alice], email=False)
    client.force_login(UserFactory(username="mallory"))

    assert client.post(f"/notifications/{notification.pk}/read/").status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


@pytest.mark.django_db
def test_marking_read_needs_a_post(client):
    alice = UserFactory(username="alice_get")
    [notification] = _notify([alice], email=False)
    client.force_login(alice)
    assert client.get(f"/notifications/{notification.pk}/read/").status_code == 405

"""Notifications: a row per recipient in the caller's transaction, e-mail and SMS after commit."""

from collections.abc import Iterable
from datetime import timedelta
from functools import partial

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from workflows.core.models import Case, Notification, User
from workflows.core.sms import get_backend

#: Longest text handed to the SMS gateway (a few concatenated segments).
SMS_MAX_CHARS = 300


@transaction.atomic
def notify(
    *,
    recipients: Iterable[User],
    kind: str,
    title: str,
    body: str,
    case: Case | None = None,
    url: str = "",
    email: bool = True,
    sms: bool = False,
) -> list[Notification]:
    """Notify each active recipient once: in the app now, by e-mail and SMS after commit.

    E-mail goes to recipients with an address, SMS (when ``sms``) to those with a
    phone; both are Celery tasks scheduled with ``transaction.on_commit``, so a
    rolled-back change notifies nobody. ``url`` must be a path on this site
    (``/app/…``), never another host or a ``javascript:`` link.
    """
    if url and not (url.startswith("/") and url_has_allowed_host_and_scheme(url, None)):
        raise ValueError(f"notification links must be paths on this site, not {url!r}")
    unique: dict[int, User] = {}
    for user in recipients:
        if user.is_active:
            unique.setdefault(user.pk, user)
    notifications = Notification.objects.bulk_create(
        Notification(
            recipient=user, case=case, kind=kind, title=title, body=body, url=url,
            email_wanted=email and bool(user.email), sms_wanted=sms and bool(user.phone),
        )
        for user in unique.values()
    )  # fmt: skip
    from workflows.core.tasks import send_notification_email, send_notification_sms

    for notification in notifications:
        # robust: a broker outage must not turn the committed change into an error; the
        # sweep (notifications_unsent) sends what could not be queued.
        if notification.email_wanted:
            transaction.on_commit(
                partial(send_notification_email.delay, notification.pk), robust=True
            )
        if notification.sms_wanted:
            transaction.on_commit(
                partial(send_notification_sms.delay, notification.pk), robust=True
            )
    return notifications


def notifications_unsent(
    older_than_seconds: int = 60, within_days: int = 7
) -> tuple[list[int], list[int]]:
    """(e-mails, texts) still unsent that long after their notification, and not older
    than ``within_days`` (a reminder weeks late would only confuse)."""
    now = timezone.now()
    recent = Notification.objects.filter(
        created_at__lt=now - timedelta(seconds=older_than_seconds),
        created_at__gte=now - timedelta(days=within_days),
    ).order_by("pk")
    emails = recent.filter(email_wanted=True, email_sent_at__isnull=True)
    texts = recent.filter(sms_wanted=True, sms_sent_at__isnull=True)
    return list(emails.values_list("pk", flat=True)), list(texts.values_list("pk", flat=True))


def _email_text(notification: Notification) -> str:
    return f"{notification.body}\n\n{notification.url}" if notification.url else notification.body


def notification_send_email(*, notification_id: int) -> bool:
    """Send the e-mail of a notification unless it was sent; True when sent now.

    The row stays locked while the mail backend runs, so concurrent deliveries of
    the task send once; a crash between sending and committing can still send twice.
    """
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("recipient")
            .get(pk=notification_id)
        )
        address = notification.recipient.email
        if notification.email_sent_at is not None or not address:
            return False
        subject = " ".join(notification.title.split())  # no line breaks in a header
        send_mail(subject, _email_text(notification), None, [address])
        notification.email_sent_at = timezone.now()
        notification.save(update_fields=["email_sent_at"])
    return True


def notification_send_sms(*, notification_id: int) -> bool:
    """Text a notification through settings.SMS_BACKEND unless it was sent; True when sent now."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("recipient")
            .get(pk=notification_id)
        )
        phone = notification.recipient.phone
        if notification.sms_sent_at is not None or not phone:
            return False
        text = notification.title
        if notification.body:
            text = f"{text}：{notification.body}"
        get_backend().send(phone, text[:SMS_MAX_CHARS])
        notification.sms_sent_at = timezone.now()
        notification.save(update_fields=["sms_sent_at"])
    return True


@transaction.atomic
def notification_mark_read(*, notification: Notification, user: User) -> Notification:
    """Mark the user's own notification read (the first reading time is kept)."""
    if notification.recipient_id != user.pk:
        raise PermissionError("only the recipient can mark a notification read")
    if notification.read_at is None:
        now = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now)
        notification.refresh_from_db(fields=["read_at"])
    return notification

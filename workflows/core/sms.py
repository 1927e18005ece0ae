"""Text messages (SMS) through a pluggable gateway named by ``settings.SMS_BACKEND``.

A backend is a class whose instances have ``send(phone: str, text: str) -> None``
and raise on failure (the calling task retries). ``LoggingSmsBackend``, the
default, sends nothing: it logs the message and appends it to ``outbox``, as
Django's locmem mail backend does for e-mail.
"""

import logging
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SmsMessage:
    phone: str
    text: str


#: Messages "sent" by LoggingSmsBackend in this process, oldest first.
outbox: list[SmsMessage] = []


class SmsBackend(Protocol):
    def send(self, phone: str, text: str) -> None: ...


def masked(phone: str) -> str:
    """138****5678: enough to tell numbers apart in a log, not enough to dial."""
    return phone[:3] + "****" + phone[-4:] if len(phone) >= 8 else "****"


class LoggingSmsBackend:
    def send(self, phone: str, text: str) -> None:
        logger.info("SMS to %s: %s", masked(phone), text)
        outbox.append(SmsMessage(phone=phone, text=text))


def get_backend() -> SmsBackend:
    return import_string(settings.SMS_BACKEND)()

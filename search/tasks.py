"""Celery tasks of the search projection: the relay, its periodic sweep and housekeeping."""

import logging
import random

from celery import shared_task
from django.conf import settings

logger = logging.getLogger(__name__)


def backoff_seconds(retries: int) -> int:
    """Exponential backoff with jitter: about 2, 4, 8 … seconds, at most five minutes."""
    base = min(2 ** (retries + 1), 300)
    return base + random.randint(0, base // 2)  # noqa: S311 - jitter, not security


@shared_task(bind=True, acks_late=True, ignore_result=True)
def relay_outbox(self) -> dict:
    """Send unsent outbox rows to Elasticsearch (scheduled after each commit that wrote
    some). Retries with backoff while Elasticsearch is down; the sweep takes over after
    the last retry, so nothing is lost either way."""
    from search.indexing import RelayBusy, relay
    from search.outbox import clear_scheduled, mark_scheduled

    clear_scheduled()  # commits from now on schedule a new relay
    try:
        report = relay()
    except RelayBusy:
        # The running relay may have looked before our rows committed: look again soon.
        raise self.retry(countdown=1, max_retries=60) from None
    if report.unavailable:
        if self.request.retries >= settings.SEARCH_RELAY_MAX_RETRIES:
            logger.warning("search relay: giving up after %d retries", self.request.retries)
            return {"sent": report.sent, "error": report.error}
        countdown = backoff_seconds(self.request.retries)
        mark_scheduled(countdown + 30)
        raise self.retry(countdown=countdown, max_retries=settings.SEARCH_RELAY_MAX_RETRIES)
    return {"sent": report.sent, "failed": report.failed}


@shared_task(ignore_result=True)
def sweep_outbox() -> dict:
    """Beat job: send whatever the relay missed (lost messages, retries given up)."""
    from search.indexing import RelayBusy, relay

    try:
        report = relay()
    except RelayBusy:
        return {"busy": True}
    return {"sent": report.sent, "failed": report.failed, "error": report.error}


@shared_task(ignore_result=True)
def purge_outbox() -> int:
    """Beat job: forget outbox rows sent long ago."""
    from search.indexing import purge_sent

    return purge_sent()

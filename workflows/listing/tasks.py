from celery import shared_task

from workflows.listing.models import OutboxMessage


@shared_task(bind=True, max_retries=5, retry_backoff=True, retry_backoff_max=600)
def deliver_listing_message(self, message_id: int) -> bool:
    """Deliver one publicity or sharing message; retried with backoff, failed at the end."""
    from workflows.listing.outbox import outbox_deliver

    final = self.request.retries >= self.max_retries
    try:
        return outbox_deliver(message_id, final_attempt=final)
    except Exception as exc:
        if final:
            raise
        raise self.retry(exc=exc) from exc


@shared_task
def sweep_listing_messages() -> int:
    """Beat job: queue again every message still pending (e.g. after a worker was lost)."""
    pending = list(
        OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING).values_list(
            "pk", flat=True
        )
    )
    for message_id in pending:
        deliver_listing_message.delay(message_id)
    return len(pending)


@shared_task
def remove_expired_listings() -> int:
    """Beat job (daily): serious-list records whose period has ended are removed."""
    from workflows.listing.services import listings_expire

    return listings_expire()


@shared_task
def check_abnormal_three_years() -> dict:
    """Beat job (daily): the 60-day warning and the escalation at 3 years."""
    from workflows.listing.services.abnormal import abnormal_three_year_check

    return abnormal_three_year_check()

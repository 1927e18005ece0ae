from celery import shared_task

from workflows.repair.models import SyncMessage


@shared_task(bind=True, max_retries=5, retry_backoff=True, retry_backoff_max=600)
def deliver_sync_message(self, message_id: int) -> bool:
    """Deliver one Credit China message; retried with backoff, marked failed at the end."""
    from workflows.repair.sync import sync_deliver

    final = self.request.retries >= self.max_retries
    try:
        return sync_deliver(message_id, final_attempt=final)
    except Exception as exc:
        if final:
            raise
        raise self.retry(exc=exc) from exc


@shared_task
def sweep_sync_messages() -> int:
    """Beat job: queue again every message still pending (e.g. after a worker was lost)."""
    pending = list(
        SyncMessage.objects.filter(status=SyncMessage.Status.PENDING).values_list("pk", flat=True)
    )
    for message_id in pending:
        deliver_sync_message.delay(message_id)
    return len(pending)


@shared_task
def send_repair_reminders() -> int:
    """Beat job (daily): remind of records that have become repairable (提醒)."""
    from workflows.repair.services import repair_reminders_run

    return repair_reminders_run()


@shared_task
def check_repair_pledges() -> int:
    """Beat job (daily): pledged materials not supplied in time become false pledges."""
    from workflows.repair.services import repair_pledges_check

    return repair_pledges_check()

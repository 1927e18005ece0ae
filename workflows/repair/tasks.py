from celery import shared_task


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

from celery import shared_task


@shared_task
def monitor_members() -> int:
    """Beat job (every few minutes): open reviews for members' new credit records.

    Idempotent: a record already acted on has its ``MonitoringHit`` and is skipped.
    """
    from workflows.alliance.services import alliance_monitor_sweep

    return alliance_monitor_sweep()

"""Beat job of the pilot procedure."""

from celery import shared_task

from workflows.pilot.services import pilots_schedule_all


@shared_task
def schedule_pilot_reports() -> int:
    """Daily: start pilots whose period has begun and create the reports now owed
    (idempotent: a report is created once per pilot, kind and period)."""
    return pilots_schedule_all()

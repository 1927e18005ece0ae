import os
import socket

from celery import shared_task


@shared_task
def ping(payload: str) -> dict:
    """Echo from a worker: proves a task crossed the broker and ran in a worker process."""
    return {"payload": payload, "pid": os.getpid(), "host": socket.gethostname()}


@shared_task
def refresh_deadlines() -> int:
    """Beat job: advance open deadlines to due soon / overdue as working days pass."""
    from workflows.core.services.deadlines import deadlines_refresh

    return deadlines_refresh()

"""A real process lock: SELECT … FOR UPDATE that waits, bounded by lock_timeout.

viewflow's default is no lock at all (a task submitted twice executes twice), and
its SelectForUpdateLock(nowait=True) fails at once under ordinary contention. Here
the second request waits for the first to commit, then finds the task done.
"""

from contextlib import contextmanager

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from viewflow.workflow.exceptions import FlowLockFailed


class CaseLock:
    def __init__(self, timeout_ms: int | None = None):
        self.timeout_ms = timeout_ms

    @contextmanager
    def __call__(self, flow_class, process_pk):
        timeout = self.timeout_ms or settings.FLOW_LOCK_TIMEOUT_MS
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute(f"SET LOCAL lock_timeout = {int(timeout)}")
            try:
                processes = flow_class.process_class._default_manager.filter(pk=process_pk)
                processes.select_for_update(of=("self",)).exists()
            except DatabaseError as exc:
                raise FlowLockFailed(f"case locked by another request: {exc}") from exc
            yield

"""Route the tasks a test schedules to a queue of its own in the real Redis broker.

``private_queue()`` points Celery's default queue at a fresh queue name, so tasks
sent with ``.delay()`` (e.g. from ``transaction.on_commit``) land there instead of
the shared default queue; the test can look at them, run them here (to see
``mail.outbox``), or let the real worker of ``celery_worker_process`` consume them
(``routed_to(celery_worker_process["queue"])``). The queue is deleted afterwards.
"""

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from project.celery import app


@dataclass(frozen=True)
class QueuedTask:
    name: str
    args: list
    kwargs: dict


class PrivateQueue:
    def __init__(self, name: str) -> None:
        self.name = name

    def take(self) -> list[QueuedTask]:
        """Remove and return the queued tasks, oldest first."""
        taken = []
        with app.connection_for_read() as connection:
            channel = connection.default_channel
            while (message := channel.basic_get(self.name, no_ack=True)) is not None:
                args, kwargs, _embed = message.decode()
                taken.append(QueuedTask(message.headers["task"], args, kwargs))
        return taken

    def run(self) -> list[QueuedTask]:
        """Take the queued tasks and execute each in this process, as a worker would."""
        tasks = self.take()
        for task in tasks:
            app.tasks[task.name].apply(args=task.args, kwargs=task.kwargs, throw=True)
        return tasks


@contextmanager
def routed_to(queue: str) -> Iterator[None]:
    """Send tasks without an explicit queue to ``queue`` while the block runs."""
    previous = app.conf.task_default_queue
    app.conf.task_default_queue = queue
    try:
        yield
    finally:
        app.conf.task_default_queue = previous


@contextmanager
def private_queue() -> Iterator[PrivateQueue]:
    queue = PrivateQueue(f"test-private-{uuid.uuid4().hex[:10]}")
    try:
        with routed_to(queue.name):
            yield queue
    finally:
        with app.connection_for_write() as connection:
            connection.default_channel.queue_delete(queue.name)

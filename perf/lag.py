"""Outbox-to-searchable lag: from the commit of a step to its events being found in
Elasticsearch, with the relay run by a real Celery worker (as in production)."""

import threading
import time

from perf.flows import BenchFlow
from perf.measure import latency, ratio, sample
from perf.work import STEP_ACTOR, STEP_DATA, _open_tasks, open_bench_cases
from search.client import get_client
from search.indexing import alias
from search.outbox import index_lag
from workflows.core.models import AuditEvent, Case
from workflows.core.services.tasks import task_claim, task_complete
from workflows.core.tasks import ping


def drain(timeout: float = 900) -> float:
    """Wait until the worker has sent every outbox row; return the seconds waited."""
    start = time.monotonic()
    while index_lag().pending:
        if time.monotonic() - start > timeout:
            raise RuntimeError(f"the outbox did not drain within {timeout:.0f} s")
        time.sleep(0.5)
    return round(time.monotonic() - start, 1)


class Poller(threading.Thread):
    """Looks for committed events in the index every ``interval`` seconds."""

    def __init__(self, interval: float = 0.05):
        super().__init__(daemon=True)
        self.interval, self.pending, self.lags = interval, {}, []
        self.lock, self.stopping = threading.Lock(), False
        self.client = get_client()

    def watch(self, event_id: int, committed: float) -> None:
        with self.lock:
            self.pending[event_id] = committed

    def run(self) -> None:
        while not self.stopping or self.pending:
            with self.lock:
                ids = list(self.pending)
            if ids:
                found = self.client.search(
                    index=alias("events"), query={"ids": {"values": [str(i) for i in ids]}},
                    size=len(ids), source=False,
                )["hits"]["hits"]  # fmt: skip
                now = time.perf_counter()
                with self.lock:
                    for hit in found:
                        committed = self.pending.pop(int(hit["_id"]), None)
                        if committed is not None:
                            self.lags.append((now - committed) * 1000)
            time.sleep(self.interval)


def outbox_lag(world, n: int, spacing: float = 0.2) -> dict:
    """Complete ``n`` steps ``spacing`` seconds apart; time each until searchable."""
    cases = open_bench_cases(world, n)
    process_ids = list(Case.objects.filter(pk__in=[c.pk for c in cases]).values_list(
        "process_id", flat=True))  # fmt: skip
    user = world.user(STEP_ACTOR["accept"])
    tasks = _open_tasks(BenchFlow, process_ids, "accept")
    for task in tasks:
        task_claim(task=task, user=user)
    waited = drain()
    poller = Poller()
    poller.start()
    for task in tasks:
        task_complete(task=task, user=user, data=STEP_DATA["accept"])
        committed = time.perf_counter()
        last = AuditEvent.objects.filter(case__process_id=task.process_id).order_by("-pk")[0]
        poller.watch(last.pk, committed)
        time.sleep(spacing)
    poller.stopping = True
    poller.join(timeout=120)
    if poller.pending:
        raise RuntimeError(f"{len(poller.pending)} events never became searchable")
    figure = latency(poller.lags)
    figure["drained_before_s"] = waited
    base = latency(sample(lambda i: ping.delay("lag").get(timeout=30), max(n // 2, 10)))
    figure["baseline_celery_roundtrip"] = base
    figure["ratio_p95"] = ratio(figure["p95_ms"], base["p95_ms"])
    return figure

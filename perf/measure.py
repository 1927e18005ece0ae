"""Timing helpers: samples in milliseconds, nearest-rank percentiles, ratios, targets."""

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection
from django.test.utils import CaptureQueriesContext


def percentile(samples: list[float], share: float) -> float:
    """Nearest-rank percentile (the ⌈share·n⌉-th smallest sample)."""
    ordered = sorted(samples)
    return ordered[max(math.ceil(share * len(ordered)) - 1, 0)]


def latency(samples: list[float]) -> dict:
    return {
        "n": len(samples),
        "p50_ms": round(percentile(samples, 0.5), 2),
        "p95_ms": round(percentile(samples, 0.95), 2),
        "max_ms": round(max(samples), 2),
    }


def sample(
    action: Callable[[int], object], n: int, warmup: int = 3, cpu: list | None = None
) -> list[float]:
    """Run ``action(i)`` ``warmup`` times untimed, then ``n`` times timed (ms each).

    ``cpu`` collects this process's CPU time per run: the Python part of a request,
    which other load on the machine inflates far less than the elapsed time.
    """
    for i in range(warmup):
        action(i)
    samples = []
    for i in range(n):
        start, start_cpu = time.perf_counter(), time.process_time()
        action(warmup + i)
        samples.append((time.perf_counter() - start) * 1000)
        if cpu is not None:
            cpu.append((time.process_time() - start_cpu) * 1000)
    return samples


def queries_of(action: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as captured:
        action()
    return len(captured)


@dataclass(frozen=True)
class Target:
    """``value`` of ``key`` in a figure must be at most (or least) ``limit``."""

    key: str
    limit: float
    at_most: bool = True

    def check(self, figure: dict) -> dict:
        value = figure[self.key]
        met = value <= self.limit if self.at_most else value >= self.limit
        return {"key": self.key, "limit": self.limit, "at_most": self.at_most, "met": met}


def ratio(value: float, base: float) -> float | None:
    return round(value / base, 2) if base else None

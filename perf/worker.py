"""A real Celery worker for the benchmark, and peak memory of worker processes."""

import os
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent


def child_env() -> dict:
    db = settings.DATABASES["default"]
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": os.environ.get(
            "DJANGO_SETTINGS_MODULE", "project.settings.bench"
        ),
        "DATABASE_URL": "postgres://{USER}:{PASSWORD}@{HOST}:{PORT}/{NAME}".format(**db),
        "ELASTICSEARCH_INDEX_PREFIX": settings.ELASTICSEARCH_INDEX_PREFIX,
    }


class Worker:
    """``celery worker`` on the benchmark's queue, two prefork processes as in production."""

    def __init__(self, concurrency: int = 2):
        self.concurrency = concurrency
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> "Worker":
        queue = settings.CELERY_TASK_DEFAULT_QUEUE
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "project", "worker", "--pool=prefork",
             f"--concurrency={self.concurrency}", "--without-gossip", "--without-mingle",
             "-Q", queue, "--loglevel=WARNING"],
            cwd=ROOT, env=child_env(),
        )  # fmt: skip
        from workflows.core.tasks import ping

        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the Celery worker exited with {self.proc.returncode}")
            try:
                ping.delay("bench").get(timeout=5)
                return self
            except Exception:  # noqa: BLE001, S112 - not up yet
                continue
        raise RuntimeError("the Celery worker did not answer within 120 s")

    def __exit__(self, *exc) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()

    def peak_memory_mb(self) -> dict:
        """VmHWM (peak resident memory) of the main process and of its busiest child."""
        pids = [self.proc.pid, *_children(self.proc.pid)]
        peaks = {pid: _vm_hwm_mb(pid) for pid in pids}
        children = [peaks[pid] for pid in pids[1:]]
        return {"main_mb": peaks[self.proc.pid], "child_max_mb": max(children, default=None)}


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


def _vm_hwm_mb(pid: int | str) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


# VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the forking parent across exec.
PROBE = """
import json, django
django.setup()
{body}
from perf.worker import _vm_hwm_mb
print(json.dumps({{"peak_mb": _vm_hwm_mb("self")}}))
"""
WEB_BODY = """
from perf.web import client_for, _get
from workflows.core.models import User, Case
users = {u.username: u for u in User.objects.filter(username__in=[
    "handler0_650100", "bench_supervisor", "bench_auditor"])}
staff, boss, auditor = (client_for(users[n]) for n in (
    "handler0_650100", "bench_supervisor", "bench_auditor"))
cases = list(Case.objects.filter(bureau__code="650100").values_list("pk", flat=True)[:50])
for i in range(%(rounds)d):
    _get(staff, "/app/work/inbox/"); _get(staff, "/app/work/queue/")
    _get(staff, f"/api/v1/cases/{cases[i %% len(cases)]}/")
    _get(boss, "/app/sla/dashboard/")
    _get(auditor, "/api/v1/search/cases/", {"q": "补报年度报告"})
"""


def probe_memory(body: str) -> float:
    """Peak RSS (MB) of a fresh Django process running ``body``."""
    out = subprocess.run(
        [sys.executable, "-c", PROBE.format(body=body)], cwd=ROOT, env=child_env(),
        capture_output=True, text=True, check=True, timeout=1200,
    )  # fmt: skip
    import json

    return json.loads(out.stdout.strip().splitlines()[-1])["peak_mb"]


def web_memory(rounds: int) -> dict:
    peak = probe_memory(WEB_BODY % {"rounds": rounds})
    base = probe_memory("")
    return {"peak_mb": peak, "baseline_mb": base, "ratio": round(peak / base, 2), "rounds": rounds}

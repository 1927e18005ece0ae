"""``manage.py bench``: generate the scale data set, measure, compare with the targets."""

import json
import logging
import os
import platform
import sys
import time
import warnings
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from perf.targets import check_targets

MARKER = Path(settings.BASE_DIR) / "var" / "bench-data.json"


class Command(BaseCommand):
    help = (
        "Generate a seeded data set at --scale (1 = 200k subjects, 100k cases, 1M audit "
        "events, 20k open tasks) in the benchmark's own database and index prefix, measure "
        "page, search, throughput, lag, PDF and memory figures and print them as JSON."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0)
        parser.add_argument("--seed", type=int, default=20261127)
        parser.add_argument("--samples", type=int, default=60, help="requests per latency")
        parser.add_argument("--tasks", type=int, default=200, help="cases per flow timed")
        parser.add_argument("--json", action="store_true", help="print only the JSON")
        parser.add_argument("--output", help="also write the JSON to this file")
        parser.add_argument(
            "--reuse", action="store_true",
            help="keep the data set of an earlier run with the same scale and seed",
        )  # fmt: skip
        parser.add_argument(
            "--keep-indices", action="store_true", help="leave the Elasticsearch indices"
        )
        parser.add_argument(
            "--markdown", metavar="RESULT_JSON",
            help="print the README table of an earlier result and stop",
        )  # fmt: skip

    def log(self, message: str) -> None:
        elapsed = time.monotonic() - self.started
        print(f"[bench {elapsed:7.1f}s] {message}", file=sys.stderr, flush=True)

    def handle(self, *args, **options):
        if options["markdown"]:
            from perf.report import markdown

            self.stdout.write(markdown(json.loads(Path(options["markdown"]).read_text())))
            return
        self.started = time.monotonic()
        logging.getLogger("elastic_transport").setLevel(logging.WARNING)
        warnings.filterwarnings("ignore", message="No directory at")
        _require_services()
        from perf import data, lag, web, work
        from perf.worker import Worker, web_memory

        result = {
            "date": timezone.now().isoformat(timespec="seconds"),
            "machine": _machine(),
            "scale": options["scale"],
            "seed": options["seed"],
            "database": settings.DATABASES["default"]["NAME"],
            "index_prefix": settings.ELASTICSEARCH_INDEX_PREFIX,
        }
        try:
            result["data"], world = self._data(options, data)
            samples, tasks = options["samples"], options["tasks"]
            self.log("pages and search")
            result["figures"] = web.pages(world, samples, options["seed"])
            self.log("task completion")
            result["figures"]["task_completion"] = work.task_completion(world, tasks)
            self.log("court-referral intake")
            result["figures"]["court_intake"] = work.court_intake(world, max(tasks // 2, 10))
            self.log("PDF rendering")
            result["figures"]["pdf"] = work.pdf_rendering(world, 10)
            self.log("outbox lag (Celery worker)")
            with Worker() as worker:
                result["figures"]["outbox_lag"] = lag.outbox_lag(world, max(samples, 20))
                result["figures"]["celery_memory"] = worker.peak_memory_mb()
            self.log("web worker memory")
            result["figures"]["web_memory"] = web_memory(rounds=10)
        finally:
            result["indices"] = _index_stats()
            if not options["keep_indices"]:
                _delete_indices()
        result["targets"] = check_targets(result["figures"])
        result["seconds"] = round(time.monotonic() - self.started, 1)
        text = json.dumps(result, ensure_ascii=False, indent=2)
        if options["output"]:
            Path(options["output"]).write_text(text + "\n", encoding="utf-8")
        self.stdout.write(text)
        if not options["json"]:
            for target in result["targets"]:
                mark = "met" if target["met"] else "MISSED"
                self.stderr.write(f"{target['name']}: {target['value']} ({target['rule']}) {mark}")

    def _data(self, options, data):
        from perf import database
        from search.rebuild import rebuild
        from workflows.core.audit import verify_chains

        scale = data.Scale.of(options["scale"])
        wanted = {"scale": options["scale"], "seed": options["seed"],
                  "database": settings.DATABASES["default"]["NAME"]}  # fmt: skip
        if options["reuse"] and MARKER.exists():
            marker = json.loads(MARKER.read_text())
            if {k: marker.get(k) for k in wanted} == wanted:
                self.log("reusing the data set of an earlier run")
                report = marker["report"]
                self.log("indexing into Elasticsearch (search_rebuild)")
                started = time.monotonic()
                rebuild(batch_size=1000)
                report["index_seconds"] = round(time.monotonic() - started, 1)
                return report, data.load_world()
        self.log(f"generating {scale}")
        started = time.monotonic()
        database.recreate()
        migrate = time.monotonic() - started
        world = data.generate(scale, options["seed"], progress=self.log)
        report = {**world.counts, "migrate_seconds": round(migrate, 1),
                  "generate_seconds": round(time.monotonic() - started - migrate, 1)}  # fmt: skip
        self.log("verifying the audit chains")
        started = time.monotonic()
        checked, breaks = verify_chains()
        if breaks:
            raise CommandError(f"generated audit chains do not verify: {breaks[:3]}")
        report["audit_verified"] = checked
        report["audit_verify_seconds"] = round(time.monotonic() - started, 1)
        self.log("indexing into Elasticsearch (search_rebuild)")
        started = time.monotonic()
        rebuilt = rebuild(batch_size=1000)
        report["index_seconds"] = round(time.monotonic() - started, 1)
        report["indexed"] = rebuilt.documents
        MARKER.parent.mkdir(exist_ok=True)
        MARKER.write_text(json.dumps({**wanted, "report": report}))
        return report, world


def _require_services() -> None:
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise CommandError("the benchmark needs PostgreSQL (DATABASE_URL)")
    if not settings.ELASTICSEARCH_URL or not settings.REDIS_URL:
        raise CommandError("the benchmark needs Elasticsearch and Redis (make services)")
    if settings.CELERY_TASK_ALWAYS_EAGER:
        raise CommandError("the benchmark needs a real Celery broker")


def _index_stats() -> dict:
    """Documents and size on disk of each benchmark index."""
    from search.client import get_client, index_name

    try:
        rows = get_client().cat.indices(index=index_name("*"), format="json", bytes="mb")
    except Exception as exc:  # noqa: BLE001 - a report, not a failure
        return {"error": str(exc)}
    return {row["index"]: {"docs": int(row["docs.count"]), "mb": float(row["store.size"])}
            for row in rows}  # fmt: skip


def _delete_indices() -> None:
    from search.client import get_client, index_name

    client = get_client()
    if client is not None:
        client.indices.delete(index=f"{index_name('*')}", ignore_unavailable=True)


def _machine() -> dict:
    return {
        "node": platform.node(),
        "cpus": os.cpu_count(),
        "cpu": _cpu_model(),
        "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "python": platform.python_version(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()

"""``manage.py loadtest`` (in `make bench`): many people at once, see ``perf.load``."""

import json
import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Seed a fresh database of its own (its name ends in 'bench') with the demo, start "
        "gunicorn and a Celery worker with the production settings, and let locust play "
        "approvers, supervisors, auditors and a court for --seconds; then check that no "
        "request had a 5xx, no saved write is missing and the audit and index verify."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seconds", type=int, default=300)
        parser.add_argument("--users", type=int, default=24, help="people at once")
        parser.add_argument("--output", help="also write the JSON to this file")

    def handle(self, *args, **options):
        from perf.load.run import run

        started = time.monotonic()

        def log(message: str) -> None:
            print(f"[load {time.monotonic() - started:7.1f}s] {message}", file=sys.stderr)

        result = run(seconds=options["seconds"], users=options["users"], log=log)
        text = json.dumps(result, ensure_ascii=False, indent=2)
        if options["output"]:
            Path(options["output"]).write_text(text + "\n", encoding="utf-8")
        self.stdout.write(text)
        for name, row in sorted(result["requests"].items()):
            self.stderr.write(
                f"{name:<22} {row['requests']:>7} requests {row['rps']:>7.1f}/s "
                f"p50 {row['p50_ms']:>6.0f} ms  p95 {row['p95_ms']:>6.0f} ms  "
                f"failures {row['failures']}"
            )
        writes = result["writes"]
        self.stderr.write(
            f"5xx: {len(result['server_errors'])}; referrals saved {writes['referrals_saved']}, "
            f"missing {len(writes['referrals_missing'])}; steps completed "
            f"{writes['tasks_completed']}, missing {len(writes['tasks_missing'])}; "
            f"audit breaks {len(result['audit_verify']['breaks'])}; search index "
            f"{'clean' if result['search_verify']['clean'] else 'DRIFTS'}: "
            f"{'OK' if result['ok'] else 'FAILED'}"
        )

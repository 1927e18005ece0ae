"""One load run: an empty database seeded through the real paths, the people, locust,
then the checks (no 5xx, no lost write, audit chains and search index intact)."""

import csv
import json
import subprocess
import time
from io import StringIO
from pathlib import Path

import redis
from django.conf import settings
from django.core.management import call_command

from perf.database import drop_and_create
from perf.load.stack import BIN, ROOT, Stack, production_env

VAR = ROOT / "var" / "load"
LOAD_REDIS_DB = 11  # a broker and cache of the load stack's own

#: Run in the production environment (its SECRET_KEY signs the sessions): approvers with
#: tokens, the auditor's token, supervisors' sessions, the court and its subjects.
PEOPLE = """
import json
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from rest_framework.authtoken.models import Token
from workflows.core.models import Bureau, Subject, User
from workflows.core.roles import Role
from workflows.core.services.roles import roles_ensure_groups
from workflows.listing.models import Court

groups = roles_ensure_groups()
urumqi = Bureau.objects.get(code="650100")
approvers = []
for n in range({approvers}):
    user, _ = User.objects.get_or_create(
        username=f"load_handler{{n}}", defaults={{"bureau": urumqi, "first_name": f"办案{{n}}"}})
    user.groups.set([groups[Role.HANDLER]])
    approvers.append(Token.objects.get_or_create(user=user)[0].key)
def session(user):
    store = SessionStore()
    store[SESSION_KEY], store[HASH_SESSION_KEY] = str(user.pk), user.get_session_auth_hash()
    store[BACKEND_SESSION_KEY] = "workflows.core.login_throttle.ThrottledModelBackend"
    store.create()
    return store.session_key
court = Court.objects.get(user__username="court")
subjects = Subject.objects.filter(region=urumqi).order_by("pk")[:200]
print(json.dumps({{
    "approvers": approvers,
    "auditors": [Token.objects.get_or_create(user=User.objects.get(username="auditor"))[0].key],
    "supervisors": [session(User.objects.get(username="supervisor")) for _ in range(3)],
    "court": Token.objects.get_or_create(user=court.user)[0].key,
    "court_code": court.code, "court_name": court.name,
    "subjects": [[s.uscc, s.name] for s in subjects],
}}, ensure_ascii=False))
"""


def _url(db: dict) -> str:
    return "postgres://{USER}:{PASSWORD}@{HOST}:{PORT}/{NAME}".format(**db)


def _stats(prefix: Path) -> dict:
    """locust's summary per request name: count, failures, requests/s, p50 and p95."""
    rows = {}
    with open(f"{prefix}_stats.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            name = row["Name"] if row["Type"] else "all"
            rows[name] = {
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "rps": round(float(row["Requests/s"]), 1),
                "p50_ms": float(row["50%"] or 0),
                "p95_ms": float(row["95%"] or 0),
            }
    failures = {}
    with open(f"{prefix}_failures.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            failures[f"{row['Method']} {row['Name']}: {row['Error']}"[:200]] = int(
                row["Occurrences"]
            )
    return {"requests": rows, "failures": failures}


def _drained(seconds: int = 600) -> dict:
    """Wait until the Celery worker has rendered every document and sent every outbox
    row and outbound message; what is left after ``seconds`` is reported."""
    from search.models import OutboxEntry
    from workflows.core.models import CaseDocument, OutboundMessage

    def left() -> dict:
        """Not sent, not rendered, or failed: a failed rendering is no success either."""
        return {
            "search_outbox": OutboxEntry.objects.filter(sent_at__isnull=True).count(),
            "documents": CaseDocument.objects.exclude(status=CaseDocument.Status.RENDERED).count(),
            "outbound": OutboundMessage.objects.exclude(status="sent").count(),
        }

    deadline = time.monotonic() + seconds
    while any((remaining := left()).values()) and time.monotonic() < deadline:
        time.sleep(2)
    return remaining


def _lost_writes(saved: list[dict]) -> dict:
    from viewflow.workflow.models import Task

    from workflows.listing.models import CourtReferral

    referrals = {row["key"] for row in saved if row["kind"] == "referral"}
    tasks = {row["key"] for row in saved if row["kind"] == "task"}
    stored = set(
        CourtReferral.objects.filter(
            court_case_number__in=referrals, lead__case__isnull=False
        ).values_list("court_case_number", flat=True)
    )
    done = set(Task.objects.filter(pk__in=tasks, status="DONE").values_list("pk", flat=True))
    return {
        "referrals_saved": len(referrals), "referrals_missing": sorted(referrals - stored),
        "tasks_completed": len(tasks), "tasks_missing": sorted(tasks - done),
    }  # fmt: skip


def run(*, seconds: int, users: int, log) -> dict:
    db = settings.DATABASES["default"]
    redis_url = f"redis://127.0.0.1:6379/{LOAD_REDIS_DB}"
    redis.Redis.from_url(redis_url).flushdb()
    env = production_env(
        database_url=_url(db), redis_url=redis_url, es_url=settings.ELASTICSEARCH_URL,
        prefix=settings.ELASTICSEARCH_INDEX_PREFIX,
    )  # fmt: skip
    VAR.mkdir(parents=True, exist_ok=True)
    saved_path, people_path = VAR / "saved.jsonl", VAR / "people.json"
    saved_path.write_text("")
    log("a fresh database, migrated, seeded with the demo through the real services")
    drop_and_create()
    stack = Stack(env)
    stack.manage("migrate", "--noinput")
    stack.manage("seed_demo")
    stack.manage("search_rebuild")
    approvers = users  # a token of its own for every simulated approver
    people = stack.manage("shell", "-c", PEOPLE.format(approvers=approvers)).strip()
    people = people.splitlines()[-1]
    people_path.write_text(people, encoding="utf-8")
    with stack:
        log(f"locust: {users} people for {seconds} s against {stack.url}")
        started = time.monotonic()
        locust = subprocess.run(
            [str(BIN / "locust"), "-f", str(ROOT / "perf" / "load" / "locustfile.py"),
             "--headless", "-u", str(users), "-r", str(max(users // 10, 1)),
             "-t", f"{seconds}s", "-H", stack.url, "--csv", str(VAR / "stats"),
             "--only-summary", "--stop-timeout", "30", "--loglevel", "WARNING"],
            cwd=ROOT, env={**env, "LOAD_PEOPLE": str(people_path), "LOAD_SAVED": str(saved_path)},
            capture_output=True, text=True,
        )  # fmt: skip
        elapsed = round(time.monotonic() - started, 1)
        log("waiting for the worker to drain the outboxes")
        left = _drained()
    saved = [json.loads(line) for line in saved_path.read_text().splitlines() if line]
    result = {"people": users, "approvers": approvers, "seconds": elapsed, **_stats(VAR / "stats")}
    result["locust_exit"], result["locust_stderr"] = locust.returncode, locust.stderr[-2000:]
    result["server_errors"] = [row["key"] for row in saved if row["kind"] == "server_error"]
    result["writes"] = _lost_writes(saved)
    result["left_in_outboxes"] = left
    result["audit_verify"] = _audit_verify()
    result["search_verify"] = _search_verify()
    dashboards = result["requests"].get("SLA dashboard", {})
    result["ok"] = (
        result["writes"]["referrals_saved"] > 0
        and result["writes"]["tasks_completed"] > 0
        and dashboards.get("requests", 0) > 0
        and dashboards.get("failures", 1) == 0
        and not result["server_errors"]
        and not result["writes"]["referrals_missing"]
        and not result["writes"]["tasks_missing"]
        and not any(left.values())
        and result["audit_verify"]["breaks"] == []
        and result["search_verify"]["clean"]
    )
    return result


def _audit_verify() -> dict:
    from workflows.core.audit import verify_chains

    checked, breaks = verify_chains()
    return {"events": checked, "breaks": [str(b) for b in breaks[:5]]}


def _search_verify() -> dict:
    out = StringIO()
    try:
        call_command("search_verify", stdout=out)
    except Exception as exc:  # noqa: BLE001 - a drift is a finding of the run
        return {"clean": False, "report": f"{out.getvalue()}{exc}"[-2000:]}
    return {"clean": True, "report": out.getvalue().strip()}

"""The people of the load test (``locust -f perf/load/locustfile.py``).

``LOAD_PEOPLE`` names a JSON file that ``perf.load.run`` writes: the court's token and
the subjects it refers, a token per approver and auditor, a session per supervisor.
Every write answered as saved is appended to ``LOAD_SAVED`` (one JSON line), for the
run to look up in the database afterwards; every 5xx is counted there too.
"""

import itertools
import json
import os
import random
import threading
from datetime import date

from locust import HttpUser, between, events, task

PEOPLE = json.loads(open(os.environ["LOAD_PEOPLE"], encoding="utf-8").read())  # noqa: SIM115
_saved_lock = threading.Lock()
_serial = itertools.count(1)
_tokens = {kind: itertools.cycle(PEOPLE[kind]) for kind in ("approvers", "auditors", "supervisors")}

PROXY = {"X-Forwarded-Proto": "https"}  # as the bureau's reverse proxy says
REGISTER = {"decision": "register", "comment": "压力测试立案"}
ASSESS = {
    "intent": "negligent", "frequency": 1, "duration_days": 30, "penalty_type": "other",
    "fine_amount": "0", "confiscated_amount": "0", "goods_value": "0", "health_harm": "no",
    "property_loss": "0", "social_impact": "minor", "proposal": "not_list",
    "findings": "经调查，当事人违法情节轻微，不予列入严重违法失信名单。",
}  # fmt: skip
FORMS = {"register": REGISTER, "assess": ASSESS}


def _save(kind: str, key) -> None:
    with _saved_lock, open(os.environ["LOAD_SAVED"], "a", encoding="utf-8") as out:
        out.write(json.dumps({"kind": kind, "key": key}, ensure_ascii=False) + "\n")


@events.request.add_listener
def _count_server_errors(request_type, name, response=None, exception=None, **kwargs):
    """A 5xx, or no answer at all (status 0: the connection reset or timed out)."""
    status = getattr(response, "status_code", 0) if response is not None else 0
    if status >= 500 or status == 0:
        _save("server_error", f"{request_type} {name} {status or exception}")


class _Staff(HttpUser):
    abstract = True
    kind = ""

    def on_start(self):
        credential = next(_tokens[self.kind])
        self.client.headers.update(PROXY)
        if self.kind == "supervisors":  # a browser session (its cookie is Secure)
            self.client.headers["Cookie"] = f"sessionid={credential}"
        else:
            self.client.headers["Authorization"] = f"Token {credential}"


class Approver(_Staff):
    """A handler working the listing queue: takes a registration or an assessment,
    completes it; a task another approver took first (409) is simply skipped."""

    weight, kind = 6, "approvers"
    wait_time = between(0.5, 2)

    @task(1)
    def inbox(self):
        self.client.get("/api/v1/tasks/mine/", name="inbox (API)")

    @task(4)
    def work_one(self):
        queue = self.client.get(
            "/api/v1/tasks/queue/", params={"procedure": "listing"}, name="queue (API)"
        )
        rows = (
            [r for r in queue.json().get("results", []) if r["step"] in FORMS] if queue.ok else []
        )
        if not rows:
            return
        row = random.choice(rows[:10])
        task_id = row["task_id"]
        with self.client.post(
            f"/api/v1/tasks/{task_id}/claim/", name="claim", catch_response=True
        ) as claimed:
            if claimed.status_code == 409:
                claimed.success()  # taken meanwhile
                return
        if not claimed.ok:
            return
        done = self.client.post(
            f"/api/v1/tasks/{task_id}/complete/", json=FORMS[row["step"]],
            name=f"complete {row['step']}",
        )  # fmt: skip
        if done.status_code == 200:
            _save("task", task_id)


class Supervisor(_Staff):
    weight, kind = 1, "supervisors"
    wait_time = between(2, 5)

    @task
    def dashboard(self):
        with self.client.get(
            "/app/sla/dashboard/", name="SLA dashboard", allow_redirects=False,
            catch_response=True,
        ) as page:  # fmt: skip
            if page.status_code != 200:  # e.g. sent to the login page: the session is gone
                page.failure(f"dashboard answered {page.status_code}")


class Auditor(_Staff):
    weight, kind = 2, "auditors"
    wait_time = between(1, 3)

    @task(2)
    def search_cases(self):
        self.client.get("/api/v1/search/cases/", params={"q": "严重违法"}, name="search cases")

    @task(1)
    def search_events(self):
        self.client.get(
            "/api/v1/search/events/", params={"q": "立案", "event_type": "task.completed"},
            name="search events",
        )  # fmt: skip


class Court(HttpUser):
    """The court's system pushing referrals, each with a case number of its own."""

    weight = 1
    wait_time = between(1, 2)

    def on_start(self):
        self.client.headers.update({**PROXY, "Authorization": f"Token {PEOPLE['court']}"})

    @task
    def refer(self):
        uscc, name = random.choice(PEOPLE["subjects"])
        number = f"(2026)新01执{os.getpid()}{next(_serial):05d}号"
        response = self.client.post(
            "/api/v1/court-referrals/",
            json={
                "court_code": PEOPLE["court_code"], "court_name": PEOPLE["court_name"],
                "court_case_number": number, "judgment_number": number.replace("执", "执恢"),
                "judgment_date": date(2026, 11, 2).isoformat(), "uscc": uscc,
                "subject_name": name, "cause": "拒不履行生效判决确定的义务",
            },
            name="court referral",
        )  # fmt: skip
        if response.status_code == 201:
            _save("referral", number)

"""One throwaway stack for the fault tests: PostgreSQL, Redis, Elasticsearch, the web
server and a Celery worker (tests/faults/instances.py), started once per session.

Each test breaks one service and brings it back; every test leaves the stack running
and its outboxes drained, so the tests may run in any order, alone or together.
"""

import base64
import itertools
import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests

from tests.faults.endpoint import KEY, Receiver
from tests.faults.instances import App, Elasticsearch, Postgres, Redis, wait_for

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SUBJECTS = 400

SETUP = f"""
import json
from rest_framework.authtoken.models import Token
from forms.validators import build_uscc
from workflows.core.demo import seed_core
from workflows.core.models import Bureau, Subject, User
from workflows.core.services.subjects import subject_upsert
from workflows.listing.models import Court

seed_core(password="faults")
urumqi = Bureau.objects.get(code="650100")
Court.objects.create(code="650100-ZY", name="乌鲁木齐市中级人民法院",
                     user=User.objects.get(username="court"),
                     bureau=Bureau.objects.get(code="650000"))
subjects = []
for n in range({SUBJECTS}):
    uscc = build_uscc("91", "650102", f"FT{{n:06d}}")
    subject_upsert(data={{"uscc": uscc, "name": f"乌鲁木齐故障{{n}}商贸有限公司",
                         "subject_type": Subject.Type.ENTERPRISE, "legal_rep": "张三",
                         "reg_authority": urumqi.name, "region": urumqi, "address": "乌鲁木齐"}})
    subjects.append([uscc, f"乌鲁木齐故障{{n}}商贸有限公司"])
tokens = {{name: Token.objects.get_or_create(user=User.objects.get(username=name))[0].key
          for name in ("court", "auditor")}}
print(json.dumps({{"subjects": subjects, "tokens": tokens}}))
"""


@dataclass
class Stack:
    tmp: Path
    pg: Postgres
    redis: Redis
    es: Elasticsearch
    app: App
    subjects: list
    tokens: dict
    serial: itertools.count = field(default_factory=lambda: itertools.count(1))  # referrals

    def api(self, token: str) -> requests.Session:
        """An API client with a token. No keep-alive: an idle kept-alive connection holds
        one of gunicorn's four threads, and the answers the tests keep would hold them all."""
        session = requests.Session()
        session.headers.update(Authorization=f"Token {self.tokens[token]}", Connection="close")
        return session

    def refer(self, n: int | None = None, timeout: float = 60) -> requests.Response:
        """Push court referral ``n`` (the next by default) of a registered subject: one
        transaction opens a listing case, issues its receipt (rendered to PDF by the worker)
        and writes audit events (each with search outbox rows). ``response.n`` is ``n``."""
        n = next(self.serial) if n is None else n
        uscc, name = self.subjects[n]
        body = {
            "court_code": "650100-ZY", "court_name": "乌鲁木齐市中级人民法院",
            "court_case_number": f"(2026)新01民初{n}号",
            "judgment_number": f"（2026）新01民初{n}号民事判决书", "judgment_date": "2026-03-02",
            "uscc": uscc, "subject_name": name, "cause": "生产销售不符合食品安全标准的食品",
            "document": base64.b64encode(PDF).decode(),
        }  # fmt: skip
        response = self.api("court").post(
            f"{self.app.url}/api/v1/court-referrals/", json=body, timeout=timeout
        )
        response.n = n
        return response

    def login(self, username: str, password: str = "faults"):
        """Log in on the login page as a browser does: (the browser's session, the answer)."""
        session = requests.Session()
        session.headers["Connection"] = "close"
        url = f"{self.app.url}/accounts/login/"
        session.get(url, timeout=30).raise_for_status()
        response = session.post(
            url, allow_redirects=False, timeout=30,
            data={"username": username, "password": password,
                  "csrfmiddlewaretoken": session.cookies["csrftoken"]},
        )  # fmt: skip
        return session, response

    def enqueue_message(self) -> int:
        """Write a Credit China message through the outbox service, as a step does."""
        out = self.app.shell(
            "from django.db import transaction\n"
            "from workflows.core.services.outbound import outbound_enqueue\n"
            "with transaction.atomic():\n"
            "    m = outbound_enqueue(case=None, target='credit_china',"
            " message_type='repair.granted', payload={'n': 1})\n"
            "print(m.pk)"
        )
        return int(out.strip().splitlines()[-1])

    @staticmethod
    def _document_status_sql(case_no: str) -> str:
        return (
            "SELECT d.status FROM core_casedocument d JOIN core_case c ON c.id = d.case_id"
            f" WHERE c.case_no = '{case_no}'"
        )

    def document_status(self, case_no: str) -> str:
        """The status of the case's (one) document: pending, rendered or failed."""
        return self.scalar(self._document_status_sql(case_no))

    def wait_rendered(self, case_no: str) -> None:
        self.wait_until(self._document_status_sql(case_no), "rendered")

    def health(self) -> tuple[int, dict]:
        response = requests.get(
            f"{self.app.url}/healthz/", timeout=30, headers={"Connection": "close"}
        )
        return response.status_code, response.json()

    def scalar(self, sql: str) -> str:
        rows = self.pg.query(sql)
        assert len(rows) == 1 and len(rows[0]) == 1, rows
        return rows[0][0]

    def run_task(self, name: str, **kwargs) -> str:
        """Send a beat task through the broker, as beat would, and wait for its result."""
        module, task = name.rsplit(".", 1)
        return (
            self.app.shell(
                f"from {module} import {task}; print({task}.delay(**{kwargs!r}).get(timeout=120))"
            )
            .strip()
            .splitlines()[-1]
        )

    def wait_until(self, sql: str, expected: str, seconds: float = 90) -> None:
        """Wait until a one-value query answers ``expected``."""
        last = []

        def check():
            last[:] = [self.scalar(sql)]
            return last[0] == expected

        try:
            wait_for(check, seconds=seconds, what=f"{sql!r} = {expected!r}", interval=0.5)
        except Exception as exc:
            raise AssertionError(f"{exc}; last answer {last}") from None

    def drained(self) -> None:
        """Every document rendered, every message sent, every search outbox row sent."""
        self.wait_until("SELECT count(*) FROM core_casedocument WHERE status <> 'rendered'", "0")
        self.wait_until("SELECT count(*) FROM core_outboundmessage WHERE status <> 'sent'", "0")
        self.wait_until("SELECT count(*) FROM search_outboxentry WHERE sent_at IS NULL", "0")


@pytest.fixture(scope="session")
def receiver():
    server = Receiver()
    yield server
    server.close()


@pytest.fixture(scope="session")
def stack(receiver):
    tmp = Path(tempfile.mkdtemp(prefix="xinyong-faults-"))
    tmp.chmod(0o755)  # PostgreSQL and Elasticsearch run as their own users inside
    started = []
    try:
        es = Elasticsearch(tmp)
        es.launch()  # slow: it starts while the database migrates
        started.append(es)
        pg = Postgres(tmp)
        started.append(pg)
        pg.create()
        redis = Redis(tmp)
        started.append(redis)
        redis.start()
        app = App(tmp, {
            "DATABASE_URL": pg.url, "REDIS_URL": redis.url, "ELASTICSEARCH_URL": es.url,
            "ELASTICSEARCH_INDEX_PREFIX": "faults", "SEARCH_RELAY_ON_COMMIT": "true",
            "MEDIA_ROOT": str(tmp / "media"), "OUTBOUND_FILE_DIR": str(tmp / "outbound"),
            "OUTBOUND_CREDIT_CHINA_URL": receiver.url, "OUTBOUND_CREDIT_CHINA_KEY": KEY,
        })  # fmt: skip
        started.append(app)
        app.manage("migrate", "--noinput")
        data = json.loads(app.shell(SETUP).strip().splitlines()[-1])
        es.wait_healthy()
        app.manage("search_rebuild")
        app.start_web()
        app.start_worker()
    except Exception as exc:  # noqa: BLE001 - an instance that cannot start fails the tests
        for instance in reversed(started):
            instance.close()
        shutil.rmtree(tmp, ignore_errors=True)
        pytest.fail(f"the throwaway stack did not start: {exc}")
    try:
        yield Stack(tmp, pg, redis, es, app, data["subjects"], data["tokens"])
    finally:
        for instance in reversed(started):
            instance.close()
        if not os.environ.get("FAULTS_KEEP_LOGS"):  # the processes' logs, to investigate
            shutil.rmtree(tmp, ignore_errors=True)

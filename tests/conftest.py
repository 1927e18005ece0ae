"""Test-suite plumbing: the real services must answer, or the run fails (never skips)."""

import importlib
import importlib.util
import os
import subprocess
import sys
import time
import uuid
from datetime import date
from pathlib import Path

import pytest
import redis
from django.conf import settings

from tests import calendar_oracle
from tests.receiver import receiver  # noqa: F401 - fixture: the outbox's HTTP receiver
from tests.xdist_groups import (  # noqa: F401 - hooks: how `make test` shares out the suite
    pytest_collection_modifyitems,
    pytest_xdist_make_scheduler,
)

ROOT = Path(__file__).resolve().parent.parent


def _unreachable_services() -> list[str]:
    from search.client import cluster_health

    problems = []
    if not settings.USING_POSTGRES:
        problems.append("DATABASE_URL does not point at PostgreSQL")
    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        problems.append(f"Redis at {settings.REDIS_URL}: {exc}")
    try:
        cluster_health(timeout="2s")
    except Exception as exc:  # noqa: BLE001 - report whatever the client raised
        problems.append(f"Elasticsearch at {settings.ELASTICSEARCH_URL}: {exc}")
    return problems


def pytest_sessionstart(session):
    problems = _unreachable_services()
    if problems:
        pytest.exit(
            "The test suite needs the real services; start them with `scripts/services.sh up` "
            "(make test does):\n  " + "\n  ".join(problems),
            returncode=3,
        )


@pytest.fixture(autouse=True, scope="session")
def _suite_day():
    """``XINYONG_TEST_DAY=2027-06-15 make test`` runs the suite as if it were that day
    (Python's clock only, ticking from 09:30 in Shanghai): the way to find a test that
    depends on today's date. Unset, the suite runs on the real date. The servers that
    the fault tests start keep the real clock."""
    day = os.environ.get("XINYONG_TEST_DAY")
    if not day:
        yield
        return
    import time_machine

    with time_machine.travel(calendar_oracle.moment(date.fromisoformat(day)), tick=True):
        yield


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, django_db_blocker):
    """A real Celery worker process consuming a queue of its own through Redis.

    It talks to the test database, so tasks that read or write see what committed
    tests (``transactional_db``) wrote.
    """
    queue = f"test-{uuid.uuid4().hex[:8]}"
    db = settings.DATABASES["default"]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "project.settings.test",
        "DATABASE_URL": "postgres://{USER}:{PASSWORD}@{HOST}:{PORT}/{NAME}".format(**db),
    }
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "project",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "--without-gossip",
            "--without-mingle",
            "-Q",
            queue,
            "--loglevel=WARNING",
        ],
        cwd=ROOT,
        env=env,
    )
    from project.celery import app

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"the Celery worker exited with {proc.returncode}")
        replies = app.control.inspect(timeout=1).active_queues() or {}
        if any(q["name"] == queue for queues in replies.values() for q in queues):
            break
    else:
        proc.terminate()
        pytest.fail("the Celery worker did not come up within 60 s")
    yield {"queue": queue, "pid": proc.pid}
    proc.terminate()
    proc.wait(timeout=30)


@pytest.fixture(autouse=True)
def _default_language():
    """Start every test in the default language: a request with another Accept-Language
    leaves its language active in the thread (LocaleMiddleware never resets it)."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Bureaus, calendar and rules come from data migrations; a transactional test's
    teardown (and the access matrix's) flushes every table, so reload them for the
    database tests that follow, whether they ask for the database by marker or by
    fixture (``db``, ``staff``...)."""
    marker = request.node.get_closest_marker("django_db")
    names = request.fixturenames
    if marker is None and not {"db", "transactional_db", "live_server"} & set(names):
        return
    transactional = (marker is not None and marker.kwargs.get("transaction", False)) or bool(
        {"transactional_db", "live_server"} & set(names)
    )
    request.getfixturevalue("transactional_db" if transactional else "db")
    from django.apps import apps

    from workflows.core.models import Bureau

    if not Bureau.objects.exists():
        for config in apps.get_app_configs():  # core first: apps' data refers to it
            module = f"{config.name}.reference_data"
            if importlib.util.find_spec(module) is not None:
                importlib.import_module(module).load_all(apps)


@pytest.fixture(params=[day.isoformat() for day in calendar_oracle.PINNED_DAYS])
def pinned_day(request):
    """Run the test on each of the oracle's pinned days (the clock ticks from 09:30 in
    Shanghai), so that it proves the same on any real date. Only Python's clock moves:
    such a test must take no date from PostgreSQL's ``now()``."""
    import time_machine

    day = date.fromisoformat(request.param)
    with time_machine.travel(calendar_oracle.moment(day), tick=True):
        yield day


@pytest.fixture
def staff(db):
    """The demo staff of every role, bound to their bureaus (no demo cases): {username: User}."""
    from workflows.core.demo import seed_core
    from workflows.core.models import User

    seed_core()
    return {user.username: user for user in User.objects.all()}

"""The benchmark (`make bench`): the real services, production-like settings.

Like the test settings (loopback PostgreSQL, Redis, Elasticsearch) but with the
project's own URLs, durable commits (no ``synchronous_commit=off``), the search relay
sent after each commit as in production, and a database and index prefix of its own
that ``manage.py bench`` may wipe.
"""

from .test import *  # noqa: F403
from .test import DATABASES, INSTALLED_APPS, env

DATABASES["default"] = env.db(
    "DATABASE_URL", default="postgres://xinyong:xinyong@127.0.0.1:5432/xinyong_bench"
)
DATABASES["default"]["CONN_MAX_AGE"] = 60
# Durable commits as in production (no synchronous_commit=off) and no JIT (see production).
DATABASES["default"]["OPTIONS"] = {"options": "-c jit=off"}
ELASTICSEARCH_INDEX_PREFIX = env("ELASTICSEARCH_INDEX_PREFIX", default="bench")
SEARCH_RELAY_ON_COMMIT = env.bool("SEARCH_RELAY_ON_COMMIT", default=True)
INSTALLED_APPS = [app for app in INSTALLED_APPS if app != "tests.testapp"]
ROOT_URLCONF = "project.urls"
DEBUG = False
MEDIA_ROOT = BASE_DIR / "var" / "bench-media"  # noqa: F405
# A queue of its own: other workers on the same Redis never take the benchmark's tasks.
CELERY_TASK_DEFAULT_QUEUE = env("BENCH_CELERY_QUEUE", default="bench")

"""Tests run against the real services that `make test` starts on loopback."""

from .base import *  # noqa: F403
from .base import DATABASES, INSTALLED_APPS, env

# `make test` runs the suite in pytest-xdist workers (gw0, gw1...). pytest-django gives
# each worker a database of its own (test_xinyong_gw0...); here each also gets its own
# Redis database, index prefix, media and outbound directories, so that no worker's
# cache, broker, index or files are another's. The Celery worker a test starts inherits
# the variable, and with it the same addresses.
WORKER = env("PYTEST_XDIST_WORKER", default="")
_REDIS_DB = 14 - int(WORKER[2:]) if WORKER.startswith("gw") else 15  # gw0: 14, gw1: 13...
_WORKER_SUFFIX = f"_{WORKER}" if WORKER else ""

# The services default to the loopback addresses `scripts/services.sh` uses; an
# unreachable service fails the run (see tests/conftest.py), it never skips tests.
DATABASES["default"] = env.db(
    "DATABASE_URL", default="postgres://xinyong:xinyong@127.0.0.1:5432/xinyong"
)
DATABASES["default"]["OPTIONS"] = {"options": "-c synchronous_commit=off"}
USING_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"

REDIS_URL = env("REDIS_URL", default=f"redis://127.0.0.1:6379/{_REDIS_DB}")
CACHES = {"default": {"BACKEND": "project.cache.TolerantRedisCache", "LOCATION": REDIS_URL}}
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = REDIS_URL
CELERY_TASK_ALWAYS_EAGER = False

ELASTICSEARCH_URL = env("ELASTICSEARCH_URL", default="http://127.0.0.1:9200")
ELASTICSEARCH_INDEX_PREFIX = env(
    "ELASTICSEARCH_INDEX_PREFIX", default=f"test_xinyong{_WORKER_SUFFIX}"
)
# Commits do not send the search relay (tests/search turn it on where they test it).
SEARCH_RELAY_ON_COMMIT = env.bool("SEARCH_RELAY_ON_COMMIT", default=False)

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Every test request comes from 127.0.0.1 and the Redis cache outlives a test: only the
# throttling tests (tests/security) lower these limits.
LOGIN_FAILURE_LIMIT = LOGIN_FAILURE_IP_LIMIT = 10_000
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / "var" / f"test-media{_WORKER_SUFFIX}"  # noqa: F405
OUTBOUND_FILE_DIR = env.path(
    "OUTBOUND_FILE_DIR",
    default=BASE_DIR / "var" / f"test-outbound{_WORKER_SUFFIX}",  # noqa: F405
)

# A sample procedure exercising the shared flow machinery (tests/testapp).
INSTALLED_APPS = [*INSTALLED_APPS, "tests.testapp"]
ROOT_URLCONF = "tests.testapp.urls"

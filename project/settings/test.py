"""Tests run against the real services that `make test` starts on loopback."""

from .base import *  # noqa: F403
from .base import DATABASES, INSTALLED_APPS, env

# The services default to the loopback addresses `scripts/services.sh` uses; an
# unreachable service fails the run (see tests/conftest.py), it never skips tests.
DATABASES["default"] = env.db(
    "DATABASE_URL", default="postgres://xinyong:xinyong@127.0.0.1:5432/xinyong"
)
DATABASES["default"]["OPTIONS"] = {"options": "-c synchronous_commit=off"}
USING_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"

REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/15")
CACHES = {"default": {"BACKEND": "project.cache.TolerantRedisCache", "LOCATION": REDIS_URL}}
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = REDIS_URL
CELERY_TASK_ALWAYS_EAGER = False

ELASTICSEARCH_URL = env("ELASTICSEARCH_URL", default="http://127.0.0.1:9200")
ELASTICSEARCH_INDEX_PREFIX = env("ELASTICSEARCH_INDEX_PREFIX", default="test_xinyong")
# Commits do not send the search relay (tests/search turn it on where they test it).
SEARCH_RELAY_ON_COMMIT = env.bool("SEARCH_RELAY_ON_COMMIT", default=False)

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Every test request comes from 127.0.0.1 and the Redis cache outlives a test: only the
# throttling tests (tests/security) lower these limits.
LOGIN_FAILURE_LIMIT = LOGIN_FAILURE_IP_LIMIT = 10_000
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405

# A sample procedure exercising the shared flow machinery (tests/testapp).
INSTALLED_APPS = [*INSTALLED_APPS, "tests.testapp"]
ROOT_URLCONF = "tests.testapp.urls"

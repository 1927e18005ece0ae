"""Production: every secret from the environment, secure cookies and headers."""

from .base import *  # noqa: F403
from .base import DATABASES, USING_POSTGRES, env

DEBUG = False
SECRET_KEY = env("SECRET_KEY")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "project.storage.StaticFilesStorage"},
}
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Preloading HSTS commits the whole domain to HTTPS in browsers for good: a decision for
# the operators (SECURE_HSTS_PRELOAD=true), not a default; `check --deploy` stays clean.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
# Office hours: a session ends after 8 hours, or when the browser closes.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# PostgreSQL's JIT compiles the dashboard's aggregate queries on every request (tens of
# milliseconds each, more than the queries take): off, as `make bench` measures.
if USING_POSTGRES:
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")

"""Settings shared by every environment, driven by environment variables.

With no variables set this is the embedded demo: SQLite, Celery eager, a
local-memory cache and search answered from the database. DATABASE_URL,
REDIS_URL and ELASTICSEARCH_URL switch to the real services.
"""

from pathlib import Path

import environ
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="insecure-demo-key-change-me-in-production-0123456789")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "django_filters",
    # Before viewflow, so that the core's templates override viewflow's (login page).
    "workflows.core",
    "viewflow",
    "viewflow.workflow",
    "workflows.repair",
    "workflows.listing",
    "workflows.alliance",
    "workflows.pilot",
    "workflows.pledge",
    "search",
    "perf",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "project.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "project.middleware.RejectUndecodableFormMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "workflows.core.middleware.AuditContextMiddleware",
    "workflows.core.flow.conflicts.TaskConflictMiddleware",
    # viewflow answers anonymous users with 403; send them to the login page instead.
    "project.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "viewflow.middleware.SiteMiddleware",
    "viewflow.middleware.HotwireTurboMiddleware",
]

# Sent with every HTML page (project.middleware.ContentSecurityPolicyMiddleware): scripts
# from this site only, no plugins, no framing, forms post only here; empty disables it.
CONTENT_SECURITY_POLICY = env(
    "CONTENT_SECURITY_POLICY",
    default="default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
)

ROOT_URLCONF = "project.urls"
WSGI_APPLICATION = "project.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'demo.sqlite3'}")
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USING_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"

AUTH_USER_MODEL = "core.User"
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/accounts/login/"

# Failed log-ins lock the user name (5) or the client address (30) for 15 minutes
# (workflows/core/login_throttle.py; counters in the cache, Redis in production).
AUTHENTICATION_BACKENDS = ["workflows.core.login_throttle.ThrottledModelBackend"]
LOGIN_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
LOGIN_FAILURE_IP_LIMIT = env.int("LOGIN_FAILURE_IP_LIMIT", default=30)
LOGIN_LOCKOUT_SECONDS = env.int("LOGIN_LOCKOUT_SECONDS", default=15 * 60)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Language and time ----------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Shanghai"
USE_TZ = True

# --- Static and media -----------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "var" / "static")
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# --- Cache, Celery (Redis when REDIS_URL is set) ---------------------------
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "project.cache.TolerantRedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# While Redis is down, queuing a task after a commit gives up within about 2 s (Celery's
# default: 20 retries, a second apart, per task) and the sweeps send it later.
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {
    "retry_policy": {"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 1}
}

# --- Elasticsearch (search answered from the database when unset) ----------
ELASTICSEARCH_URL = env("ELASTICSEARCH_URL", default="")
ELASTICSEARCH_INDEX_PREFIX = env("ELASTICSEARCH_INDEX_PREFIX", default="xinyong")
# Send the outbox relay after each commit that recorded audit events (the sweep below
# catches up on anything missed either way).
SEARCH_RELAY_ON_COMMIT = env.bool("SEARCH_RELAY_ON_COMMIT", default=True)
# A burst of commits sends one relay task per this many seconds at most.
SEARCH_RELAY_DEBOUNCE_SECONDS = env.int("SEARCH_RELAY_DEBOUNCE_SECONDS", default=30)
SEARCH_RELAY_BATCH_SIZE = env.int("SEARCH_RELAY_BATCH_SIZE", default=500)
# Retries (with exponential backoff) of a relay while Elasticsearch is down.
SEARCH_RELAY_MAX_RETRIES = env.int("SEARCH_RELAY_MAX_RETRIES", default=8)
SEARCH_INDEX_REPLICAS = env.int("SEARCH_INDEX_REPLICAS", default=0)
# Sent outbox rows are kept this long, then purged.
SEARCH_OUTBOX_RETENTION_DAYS = env.int("SEARCH_OUTBOX_RETENTION_DAYS", default=7)
# Most rows one CSV/XLSX export of search results holds.
SEARCH_EXPORT_MAX_ROWS = env.int("SEARCH_EXPORT_MAX_ROWS", default=10_000)

# --- REST API -------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 25,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Xinyong credit supervision API",
    "DESCRIPTION": "REST API of the credit-supervision case management system (信用监管).",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Several models have a "source" choice set; name the case's explicitly.
    "ENUM_NAME_OVERRIDES": {"CaseSourceEnum": "workflows.core.models.cases.Case.Source"},
}

# --- Mail and documents ---------------------------------------------------
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="xinyong@localhost")
# SMS gateway: dotted path of a class with send(phone, text); the default only logs.
SMS_BACKEND = env("SMS_BACKEND", default="workflows.core.sms.LoggingSmsBackend")
# Fonts searched, in order, by the PDF stylesheet (Debian: fonts-noto-cjk, fonts-wqy-zenhei).
PDF_FONT_FAMILIES = ["Noto Serif CJK SC", "Noto Sans CJK SC", "WenQuanYi Zen Hei"]

# --- Imports --------------------------------------------------------------
# Largest CSV or XLSX file an importer reads, in bytes (20 MiB).
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=20 * 1024 * 1024)

# --- Demo -----------------------------------------------------------------
DEMO_PASSWORD = env("DEMO_PASSWORD", default="demo")
DEMO_COURT_TOKEN = env("DEMO_COURT_TOKEN", default="")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # WeasyPrint narrates every rendering step at INFO.
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}

# --- Workflow -------------------------------------------------------------
# How long a request waits for another request working on the same case (ms).
FLOW_LOCK_TIMEOUT_MS = env.int("FLOW_LOCK_TIMEOUT_MS", default=5000)

# --- Periodic jobs (celery beat) ------------------------------------------
CELERY_BEAT_SCHEDULE = {
    "refresh-deadlines": {
        "task": "workflows.core.tasks.refresh_deadlines",
        "schedule": env.int("DEADLINE_REFRESH_SECONDS", default=900),
    },
    "search-outbox-sweep": {
        "task": "search.tasks.sweep_outbox",
        "schedule": env.int("SEARCH_SWEEP_SECONDS", default=60),
    },
    "search-outbox-purge": {"task": "search.tasks.purge_outbox", "schedule": 24 * 3600},
    # viewflow's dispatcher of database timers (flow.Timer, .OnTimeout) and conditions.
    "workflow-timers": {
        "task": "workflows.core.tasks.fire_workflow_timers",
        "schedule": env.int("WORKFLOW_TIMER_SECONDS", default=60),
    },
    # SLA reminders and escalations (each level once per deadline and last day).
    "escalate-deadlines": {
        "task": "workflows.core.tasks.escalate_deadlines",
        "schedule": env.int("ESCALATION_SECONDS", default=900),
    },
    # Last week's SLA report of every bureau, Mondays at 01:00 Shanghai time.
    "weekly-sla-reports": {
        "task": "workflows.core.tasks.generate_weekly_sla_reports",
        "schedule": crontab(minute=0, hour=1, day_of_week="mon"),
    },
    # Penalty and false-pledge records whose publicity period is over end (00:30).
    "credit-records-end": {
        "task": "workflows.core.tasks.end_credit_records",
        "schedule": crontab(minute=30, hour=0),
    },
    # Messages to other systems still pending (e.g. after a worker was lost).
    "outbound-sweep": {"task": "workflows.core.tasks.sweep_outbound_messages", "schedule": 300},
    # Documents still pending (issued while the broker was down, or their task was lost),
    # and failed ones whose next attempt is due (DOCUMENT_RETRY_* below).
    "document-sweep": {"task": "workflows.core.tasks.sweep_pending_documents", "schedule": 300},
    # E-mails and texts of notifications made while the broker was down.
    "notification-sweep": {
        "task": "workflows.core.tasks.sweep_unsent_notifications",
        "schedule": 300,
    },
}

# A document whose rendering failed (e.g. storage full for hours) is tried again by the
# sweep after 5 minutes, doubling up to 6 hours, this many failures at most; then it
# waits for an admin's "render again".
DOCUMENT_RETRY_FIRST_SECONDS = env.int("DOCUMENT_RETRY_FIRST_SECONDS", default=300)
DOCUMENT_RETRY_MAX_SECONDS = env.int("DOCUMENT_RETRY_MAX_SECONDS", default=6 * 3600)
DOCUMENT_RENDER_ATTEMPTS = env.int("DOCUMENT_RENDER_ATTEMPTS", default=20)


# --- Messages to other systems (core OutboundMessage outbox) ---------------
# One receiving system per target (README "Outbound"): Credit China (信用中国), the
# publicity system (GSXT), the joint-punishment departments' sharing platform, the
# registration-place bureau of another province, the bureau's portal. Each is reached
# over HTTP when OUTBOUND_<TARGET>_URL is set, signed with OUTBOUND_<TARGET>_KEY
# (HMAC-SHA256); without a URL, the file channel writes <target>.jsonl into
# OUTBOUND_FILE_DIR (the embedded demo). OUTBOUND_<TARGET>_CHANNEL names another channel.
def _outbound_target(name: str) -> dict:
    url = env(f"OUTBOUND_{name.upper()}_URL", default="")
    return {
        "channel": env(f"OUTBOUND_{name.upper()}_CHANNEL", default="http" if url else "file"),
        "url": url,
        "key": env(f"OUTBOUND_{name.upper()}_KEY", default=""),
    }


OUTBOUND_TARGETS = {
    name: _outbound_target(name)
    for name in ("credit_china", "publicity", "sharing", "cross_province", "portal")
}
OUTBOUND_CONNECT_TIMEOUT = env.float("OUTBOUND_CONNECT_TIMEOUT", default=5.0)
OUTBOUND_READ_TIMEOUT = env.float("OUTBOUND_READ_TIMEOUT", default=30.0)
# Attempts before a message becomes a dead letter, and the backoff between them
# (doubling from the first wait up to the longest; with jitter): about two days in all.
OUTBOUND_MAX_ATTEMPTS = env.int("OUTBOUND_MAX_ATTEMPTS", default=12)
OUTBOUND_RETRY_FIRST_SECONDS = env.int("OUTBOUND_RETRY_FIRST_SECONDS", default=30)
OUTBOUND_RETRY_MAX_SECONDS = env.int("OUTBOUND_RETRY_MAX_SECONDS", default=6 * 3600)
OUTBOUND_FILE_DIR = env.path("OUTBOUND_FILE_DIR", default=BASE_DIR / "var" / "outbound")

# --- Credit repair --------------------------------------------------------
# Years during which a subject whose repair was revoked for fraud may not apply again.
REPAIR_FRAUD_BLOCK_YEARS = env.int("REPAIR_FRAUD_BLOCK_YEARS", default=3)
# Share of low-risk repairs with waived verification drawn for a post-check (承诺免查).
REPAIR_POST_CHECK_RATIO = env.float("REPAIR_POST_CHECK_RATIO", default=0.2)
# Largest attachment (PDF, JPEG or PNG) accepted with an application, in bytes (10 MiB).
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
CELERY_BEAT_SCHEDULE |= {
    "repair-reminders": {"task": "workflows.repair.tasks.send_repair_reminders", "schedule": 86400},
    "repair-pledges": {"task": "workflows.repair.tasks.check_repair_pledges", "schedule": 86400},
}

# --- Serious-violation listing -------------------------------------------
# The departments a listing is shared with for joint punishment (联合惩戒).
LISTING_JOINT_PUNISHMENT_DEPARTMENTS = env.list(
    "LISTING_JOINT_PUNISHMENT_DEPARTMENTS",
    default=["发展改革委（信用中国）", "税务局", "人民银行", "人民法院"],
)
CELERY_BEAT_SCHEDULE |= {
    "listing-removal": {
        "task": "workflows.listing.tasks.remove_expired_listings",
        "schedule": 86400,
    },
    "abnormal-three-years": {
        "task": "workflows.listing.tasks.check_abnormal_three_years",
        "schedule": 86400,
    },
}

# --- Credit district, park and street pilots -----------------------------
# Experts on a scoring panel at least; the mean score an application needs to be
# recommended; a total this far from the median of the panel is shown as an outlier.
PILOT_MIN_SCORERS = env.int("PILOT_MIN_SCORERS", default=3)
PILOT_PASS_SCORE = env.int("PILOT_PASS_SCORE", default=60)
PILOT_OUTLIER_POINTS = env.int("PILOT_OUTLIER_POINTS", default=15)
CELERY_BEAT_SCHEDULE |= {
    "pilot-reports": {"task": "workflows.pilot.tasks.schedule_pilot_reports", "schedule": 86400},
}

# --- Enterprise credit alliance ------------------------------------------
# Average expert score (0–100) a candidate needs when the regional review asks experts.
ALLIANCE_EXPERT_PASS_SCORE = env.float("ALLIANCE_EXPERT_PASS_SCORE", default=80)
# The incentive flags of a member in good standing (workflows.alliance.selectors.incentives_of).
ALLIANCE_MEMBER_INCENTIVES = env.list(
    "ALLIANCE_MEMBER_INCENTIVES",
    default=["lower_sampling_ratio", "green_channel", "pledge_priority"],
)
CELERY_BEAT_SCHEDULE |= {
    # Members' new list entries, penalties and false pledges open a review.
    "alliance-monitor": {
        "task": "workflows.alliance.tasks.monitor_members",
        "schedule": env.int("ALLIANCE_MONITOR_SECONDS", default=300),
    },
}

"""Login throttling, security headers and the production settings, from the outside."""

import io
import os
import secrets
import subprocess
import sys
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.test import Client, override_settings

from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]
LOCKED = "Too many failed log-in attempts for this account or from this address."
WRONG = "Please enter a correct username and password."

pytestmark = pytest.mark.django_db


@pytest.fixture
def address():
    """A client address of its own (the cache is shared by every test and test run)."""
    return f"198.51.{secrets.randbelow(250)}.{secrets.randbelow(250) + 1}"


@pytest.fixture
def user():
    user = UserFactory(username=f"throttle-{uuid.uuid4().hex[:10]}")
    user.set_password("correct-Horse-9")
    user.save()
    return user


def _login(address: str, username: str, password: str, url="/accounts/login/"):
    client = Client(REMOTE_ADDR=address, HTTP_ACCEPT_LANGUAGE="en")
    response = client.post(url, {"username": username, "password": password})
    return response, "_auth_user_id" in client.session


LIMITS = {"LOGIN_FAILURE_LIMIT": 5, "LOGIN_FAILURE_IP_LIMIT": 30, "LOGIN_LOCKOUT_SECONDS": 900}


@override_settings(**LIMITS)
def test_five_failed_logins_lock_the_account_even_for_the_right_password(user, address):
    for _ in range(5):
        response, logged_in = _login(address, user.username, "wrong")
        assert (response.status_code, logged_in) == (200, False)
        assert WRONG in response.content.decode()
    response, logged_in = _login(address, user.username, "correct-Horse-9")
    assert (response.status_code, logged_in) == (200, False)
    assert LOCKED in response.content.decode()
    assert "Wait 15 minutes and try again." in response.content.decode()


@override_settings(**LIMITS)
def test_the_lock_holds_from_another_address_and_on_the_admin_login(user, address):
    for _ in range(5):
        _login(address, user.username, "wrong")
    user.is_staff = True
    user.save()
    _response, logged_in = _login("192.0.2.77", user.username, "correct-Horse-9", "/admin/login/")
    assert logged_in is False


@override_settings(**LIMITS)
def test_a_successful_login_clears_the_failures_of_the_account(user, address):
    for _ in range(4):
        _login(address, user.username, "wrong")
    assert _login(address, user.username, "correct-Horse-9")[1] is True
    for _ in range(4):
        _login(address, user.username, "wrong")
    assert _login(address, user.username, "correct-Horse-9")[1] is True


@override_settings(LOGIN_FAILURE_LIMIT=5, LOGIN_FAILURE_IP_LIMIT=3, LOGIN_LOCKOUT_SECONDS=900)
def test_one_address_trying_many_accounts_is_locked_out(user, address):
    for n in range(3):
        _login(address, f"nobody-{uuid.uuid4().hex[:8]}-{n}", "wrong")
    response, logged_in = _login(address, user.username, "correct-Horse-9")
    assert logged_in is False
    assert LOCKED in response.content.decode()
    assert _login("192.0.2.78", user.username, "correct-Horse-9")[1] is True  # others may


@override_settings(LOGIN_FAILURE_LIMIT=2, LOGIN_FAILURE_IP_LIMIT=30, LOGIN_LOCKOUT_SECONDS=900)
def test_the_lock_ends_when_its_time_is_up_and_not_before(user, address):
    with time_machine.travel(datetime(2026, 12, 4, 9, 30, tzinfo=UTC), tick=False) as clock:
        for _ in range(2):
            _login(address, user.username, "wrong")
        clock.shift(timedelta(seconds=899))
        assert _login(address, user.username, "correct-Horse-9")[1] is False
        clock.shift(timedelta(seconds=1))
        assert _login(address, user.username, "correct-Horse-9")[1] is True


@override_settings(
    CACHES={
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        }
    },
    **LIMITS,
)
def test_with_redis_down_staff_still_log_in_and_the_outage_is_logged(user, address, caplog):
    _response, logged_in = _login(address, user.username, "correct-Horse-9")
    assert logged_in is True
    assert "login throttling suspended: the cache is unreachable" in caplog.text


def test_pages_carry_the_security_headers(client):
    response = client.get("/accounts/login/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "csrftoken" in response.cookies


def test_a_post_without_the_csrf_token_is_refused():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403


def _production(*args: str) -> subprocess.CompletedProcess:
    db = settings.DATABASES["default"]
    # The browser tests allow the ORM under Playwright's event loop for this process
    # only; a production process must not inherit that.
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "project.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": "postgres://{USER}:{PASSWORD}@{HOST}:{PORT}/{NAME}".format(**db),
    }
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_clean_with_the_production_settings():
    result = _production("manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_cookies_are_secure_and_sessions_end():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, "
        "s.SESSION_EXPIRE_AT_BROWSER_CLOSE, s.SESSION_COOKIE_AGE, s.SECURE_SSL_REDIRECT, "
        "s.SECURE_HSTS_SECONDS, s.X_FRAME_OPTIONS, s.DEBUG)"
    )
    result = _production("-c", code)
    assert result.stdout.split() == [
        "True", "True", "True", "True", "28800", "True", "31536000", "DENY", "False"
    ]  # fmt: skip


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env["DJANGO_SETTINGS_MODULE"] = "project.settings.production"
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "Set the SECRET_KEY environment variable" in result.stderr


def test_production_static_files_keep_a_reference_to_a_font_nobody_ships(tmp_path):
    """viewflow's roboto-fontface CSS refers to font files the package does not ship; the
    production storage hashes and compresses the rest instead of failing collectstatic
    (which failed every production build)."""
    from django.core.files.storage import FileSystemStorage

    from project.storage import StaticFilesStorage

    source = FileSystemStorage(location=tmp_path / "src")
    css = b'@font-face{src:url("Roboto-Thin.woff2")}\n@font-face{src:url("Roboto-Bold.woff2")}'
    source.save("fonts/roboto.css", io.BytesIO(css))
    source.save("fonts/Roboto-Bold.woff2", io.BytesIO(b"font"))
    storage = StaticFilesStorage(location=tmp_path / "static")
    paths = {}
    for name in ("fonts/roboto.css", "fonts/Roboto-Bold.woff2"):
        with source.open(name) as handle:
            storage.save(name, handle)
        paths[name] = (source, name)

    results = list(storage.post_process(paths))

    assert [error for _name, _hashed, error in results if isinstance(error, Exception)] == []
    css = storage.open(storage.stored_name("fonts/roboto.css")).read().decode()
    assert 'url("Roboto-Thin.woff2")' in css  # kept as written
    assert 'url("Roboto-Bold.' in css and 'url("Roboto-Bold.woff2")' not in css  # hashed

"""Login throttling: after repeated failed log-ins, further attempts are refused for a while.

Two counters in the cache (Redis in production, so every web worker shares them), each
counting failures within ``LOGIN_LOCKOUT_SECONDS`` of its first: one per user name (slows
guessing one account's password) and one per client address (slows trying one password
on many accounts). Each counter keeps the time of its first failure beside it, and the
window ends by this process's clock, not by the cache's expiry (which only cleans up):
so a test moves the clock instead of waiting out the lock.

While either counter is at its limit, every attempt is refused without checking the
password, the correct one included, and the login page says why and for how long. A
successful log-in clears the user name's counter.

The backend guards every path that authenticates with a password (the login page and
the admin's); the form only turns the refusal into a clear message.
"""

import hashlib
import logging
import time

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from viewflow.contrib.auth import AuthenticationForm

logger = logging.getLogger(__name__)


def _keys(request, username: str | None) -> list[tuple[str, int]]:
    """(cache key, limit) of each counter that applies to this attempt."""
    keys = []
    if username:
        digest = hashlib.sha256(username.strip().lower().encode()).hexdigest()[:32]
        keys.append((f"login-failures:user:{digest}", settings.LOGIN_FAILURE_LIMIT))
    address = request.META.get("REMOTE_ADDR") if request is not None else None
    if address:
        keys.append((f"login-failures:ip:{address}", settings.LOGIN_FAILURE_IP_LIMIT))
    return keys


def _since(key: str) -> str:
    return f"{key}:since"


def _window_open(since: float | None) -> bool:
    return since is not None and time.time() < since + settings.LOGIN_LOCKOUT_SECONDS


def login_locked(request, username: str | None) -> bool:
    """Whether attempts for ``username`` or from the request's address are refused now.

    While the cache is unreachable (Redis down) nobody is locked out: staff can still log
    in, and the outage is logged.
    """
    keys = _keys(request, username)
    try:
        values = cache.get_many([name for key, _limit in keys for name in (key, _since(key))])
    except Exception:  # noqa: BLE001 - any cache failure: fail open, loudly
        logger.warning("login throttling suspended: the cache is unreachable", exc_info=True)
        return False
    return any(
        values.get(key, 0) >= limit and _window_open(values.get(_since(key))) for key, limit in keys
    )


def login_failed(request, username: str | None) -> None:
    """Count one failed attempt; a counter whose window has ended starts again at one."""
    timeout = settings.LOGIN_LOCKOUT_SECONDS
    try:
        for key, _limit in _keys(request, username):
            now = time.time()
            if cache.add(_since(key), now, timeout=timeout):  # the first failure
                cache.set(key, 1, timeout=timeout)
            elif not _window_open(cache.get(_since(key))):
                cache.set_many({_since(key): now, key: 1}, timeout=timeout)
            else:
                try:
                    cache.incr(key)
                except ValueError:  # expired between the two reads
                    cache.set(key, 1, timeout=timeout)
    except Exception:  # noqa: BLE001
        logger.warning("failed log-in not counted: the cache is unreachable", exc_info=True)


def login_succeeded(request, username: str | None) -> None:
    keys = _keys(request, username)
    if keys and keys[0][0].startswith("login-failures:user:"):
        try:
            cache.delete_many([keys[0][0], _since(keys[0][0])])
        except Exception:  # noqa: BLE001
            logger.warning("log-in counter not cleared: the cache is unreachable")


class ThrottledModelBackend(ModelBackend):
    """Django's model backend, refusing attempts while the user name or address is locked."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(self._username_field())
        if login_locked(request, username):
            raise PermissionDenied  # stops authenticate(); no password is checked
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            login_failed(request, username)
        else:
            login_succeeded(request, username)
        return user

    @staticmethod
    def _username_field() -> str:
        from django.contrib.auth import get_user_model

        return get_user_model().USERNAME_FIELD


class ThrottledAuthenticationForm(AuthenticationForm):
    """The login form, saying plainly when attempts are refused for a while."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "locked": _(
            "Too many failed log-in attempts for this account or from this address. "
            "Wait %(minutes)s and try again."
        ),
    }

    def clean(self):
        username = self.cleaned_data.get("username")
        if login_locked(self.request, username):
            minutes = max(1, settings.LOGIN_LOCKOUT_SECONDS // 60)
            raise ValidationError(
                self.error_messages["locked"],
                code="locked",
                params={"minutes": ngettext("%d minute", "%d minutes", minutes) % minutes},
            )
        return super().clean()

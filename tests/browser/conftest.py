"""Browser tests: Debian's Chromium driven by Playwright against a live server.

The live server runs in a thread of this process on the real PostgreSQL; documents
render in the real Celery worker of ``celery_worker_process``; search uses the real
Elasticsearch. Each journey leaves screenshots of its steps in ``var/artifacts/screenshots``.
"""

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.urls import get_resolver
from playwright.sync_api import Browser, Page, sync_playwright

from tests.workflows.core.task_queue import private_queue, routed_to

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# between browser steps are ordinary blocking calls, so Django may allow them.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ROOT = Path(__file__).resolve().parent.parent.parent
SCREENSHOTS = ROOT / "var" / "artifacts" / "screenshots"
PASSWORD = "demo"  # the staff fixture's (seed_core) password in the test settings


@pytest.fixture(autouse=True)
def _mounted_flows():
    """Flows learn their URL namespace when the URLconf loads; load it before reversing."""
    assert get_resolver().url_patterns


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


class Session:
    """One user's browser context, logged in through the real login page."""

    def __init__(self, browser: Browser, base_url: str, screenshots: Path, username: str):
        self.base_url = base_url
        self.screenshots = screenshots
        self.context = browser.new_context(
            base_url=base_url,
            locale="zh-CN",
            timezone_id="Asia/Shanghai",
            viewport={"width": 1400, "height": 900},
            accept_downloads=True,
        )
        self.context.set_default_timeout(15_000)
        self.page: Page = self.context.new_page()
        # Scripts the Content-Security-Policy blocked, and uncaught script errors: a
        # page whose behaviour silently broke fails its journey.
        self.script_problems: list[str] = []
        self.page.on("console", self._console)
        self.page.on(
            "pageerror", lambda error: self.script_problems.append(f"{error}\n{error.stack}")
        )
        self.page.goto("/accounts/login/")
        self.page.get_by_label("用户名").fill(username)
        self.page.get_by_label("密码").fill(PASSWORD)
        self.page.get_by_label("密码").press("Enter")
        self.page.wait_for_url("**/app/**")

    def _console(self, message) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            self.script_problems.append(message.text)

    def go(self, path: str) -> Page:
        self.page.goto(path)
        return self.page

    def shot(self, name: str) -> Path:
        path = self.screenshots / f"{name}.png"
        self.page.screenshot(path=path, full_page=True)
        return path

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def login(browser, live_server, screenshots) -> Iterator:
    """``login("clerk")`` → a ``Session`` of that user (users of the ``staff`` fixture)."""
    sessions: list[Session] = []

    def open_session(username: str) -> Session:
        session = Session(browser, live_server.url, screenshots, username)
        sessions.append(session)
        return session

    yield open_session
    problems = [problem for session in sessions for problem in session.script_problems]
    for session in sessions:
        session.close()
    assert problems == [], "script errors or CSP violations in the browser"


@pytest.fixture
def worker(celery_worker_process) -> Iterator[str]:
    """Tasks scheduled by the live server (documents to render) go to the real worker."""
    with routed_to(celery_worker_process["queue"]):
        yield celery_worker_process["queue"]


@pytest.fixture
def demo_cases(staff):
    """The repair demo: cases in every step of the Ürümqi and Kashgar bureaus, some
    overdue, with their documents (their rendering is not needed here: discarded)."""
    from workflows.repair import demo

    with private_queue():
        demo.seed()
    return staff


@pytest.fixture
def search_index(settings) -> Iterator[None]:
    """Empty indices of this test's own behind their aliases in the real Elasticsearch;
    ``relay(refresh=True)`` then sends what the database holds."""
    from search.client import get_client
    from search.indexing import ensure_indices

    settings.ELASTICSEARCH_INDEX_PREFIX = (
        f"{settings.ELASTICSEARCH_INDEX_PREFIX}-browser-{uuid.uuid4().hex[:8]}"
    )
    get_client.cache_clear()
    ensure_indices(get_client())
    yield
    get_client().indices.delete(
        index=f"{settings.ELASTICSEARCH_INDEX_PREFIX}-*", ignore_unavailable=True
    )
    get_client.cache_clear()

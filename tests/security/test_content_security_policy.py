"""The Content-Security-Policy: HTML pages allow scripts from this site only, and no
template of ours relies on inline script (which the policy would block). The browser
journeys (tests/browser) fail on any CSP violation the pages cause."""

import re
from pathlib import Path

import pytest
from django.test import Client, override_settings

ROOT = Path(__file__).resolve().parent.parent.parent
TEMPLATE_DIRS = [ROOT / "workflows", ROOT / "search", ROOT / "forms", ROOT / "templates"]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)[^>]*>")
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=\s*[\"']", re.IGNORECASE)


def _directives(header: str) -> dict[str, str]:
    return dict(part.strip().split(" ", 1) for part in header.split(";") if part.strip())


@pytest.mark.django_db
def test_html_pages_allow_scripts_from_this_site_only(client):
    response = client.get("/accounts/login/")
    policy = _directives(response["Content-Security-Policy"])
    assert policy["script-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["form-action"] == "'self'"
    assert "unsafe-inline" not in policy["default-src"]


@pytest.mark.django_db
def test_json_responses_carry_no_page_policy(client):
    response = client.get("/healthz/")
    assert response["Content-Type"].startswith("application/json")
    assert "Content-Security-Policy" not in response


def test_no_template_has_inline_script_or_event_handler_attributes():
    offenders = []
    for base in TEMPLATE_DIRS:
        for path in base.rglob("*.html"):
            if "/pdf/" in str(path):  # documents are rendered by WeasyPrint, no scripts
                continue
            text = path.read_text(encoding="utf-8")
            for pattern in (INLINE_SCRIPT, INLINE_HANDLER):
                offenders += [
                    f"{path.relative_to(ROOT)}: {m.group(0)}" for m in pattern.finditer(text)
                ]
    assert offenders == []


@pytest.mark.django_db
def test_an_empty_setting_switches_the_policy_off():
    with override_settings(CONTENT_SECURITY_POLICY=""):
        response = Client().get("/accounts/login/")  # a new client loads the middleware anew
    assert response.status_code == 200
    assert "Content-Security-Policy" not in response

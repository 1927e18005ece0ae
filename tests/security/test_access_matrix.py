"""The authorisation matrix: every URL of the URL conf, requested by every role of two
prefecture bureaus (and regional staff, supervisors, auditors, both outside API
clients, the superuser and an anonymous visitor), against the rules of
``access_rules.RULES``.

Each URL is requested with GET, and with an empty POST inside a savepoint that is
rolled back, so a permitted POST changes nothing for the next caller. A URL without a
rule fails the suite: a new endpoint must say who may use it.
"""

import re

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from tests.security.access_rules import ALLOW, DENY, ERROR, MISSING, rule_for
from tests.security.world import PROFILES, build_world, load_reference_data, url_patterns

ROUTES = [(name, route) for name, route, _callback in url_patterns()]
LOGIN_PAGES = ("/accounts/login/", "/admin/login/")
HOME_PAGES = ("/", "/app/")


def outcome(response, path: str) -> str:
    """denied / allowed / method (405) / conflict (409: a closed task, nothing done) /
    error (5xx) for one response to ``path``, redirects followed (a redirect to a login
    page, or viewflow's redirect of a task page to the home page, is a refusal; the home
    pages' own redirects to the inbox are not)."""
    status = response.status_code
    if status >= 500:
        return "error"
    chain = [url for url, _status in response.redirect_chain]
    to_home = path not in HOME_PAGES and any(url in HOME_PAGES for url in chain)
    if to_home or any(url.startswith(LOGIN_PAGES) for url in chain):
        return "denied"
    if status == 409:
        return "conflict"
    if status in (401, 403, 404):
        return "denied"
    if status == 405:
        return "method"
    return "allowed"


def _client() -> Client:
    return Client(HTTP_ACCEPT_LANGUAGE="en", raise_request_exception=False)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The demo plus the matrix users, committed once for the module, flushed after."""
    with django_db_blocker.unblock():
        load_reference_data()
        world = build_world()
        for profile in PROFILES:
            client, api = _client(), _client()
            if not profile.anonymous:  # a browser session, and a token for the API
                client.force_login(world.users[profile.key])
                token, _ = Token.objects.get_or_create(user=world.users[profile.key])
                api.defaults["HTTP_AUTHORIZATION"] = f"Token {token.key}"
            world.clients[profile.key], world.api_clients[profile.key] = client, api
    yield world
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


def test_every_url_has_an_access_rule():
    missing = [name for name, _route in ROUTES if rule_for(name) is None]
    assert missing == [], f"add rules to tests/security/access_rules.py for: {missing}"


def _path(name: str, route: str, kwargs: dict) -> str:
    if name == route:  # unnamed route: any value for its parameters
        route = re.sub(r"\(\?P<\w+>[^)]*\)", "x", route)
        return "/" + re.sub(r"<[^>]+>", "1", route).strip("^$")
    return reverse(name, kwargs=kwargs or None)


def _post(client: Client, path: str):
    with transaction.atomic():
        response = client.post(path, follow=True)
        transaction.set_rollback(True)
    return response


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "route"), ROUTES, ids=[name for name, _ in ROUTES])
def test_url_answers_each_caller_as_its_rule_says(world, name, route):
    rule = rule_for(name)
    assert rule is not None, f"no access rule for {name}"
    kwargs, bureau = rule.target(world, name)
    path = _path(name, route, kwargs)
    problems = []
    access = rule.observed or rule.access
    for profile in PROFILES:
        client = (
            world.api_clients[profile.key]
            if path.startswith("/api/")
            else world.clients[profile.key]
        )
        if bureau == MISSING:  # the demo has no such object: nobody is shown one
            expected = DENY if rule.observed is None else access(profile, None)
        else:
            expected = access(profile, bureau)
        got = {"GET": outcome(client.get(path, follow=True), path)}
        if rule.post:
            got["POST"] = outcome(_post(client, path), path)
        outcomes = set(got.values())
        if expected == ERROR:  # a known failure (see the rule's note): anything goes
            continue
        if "error" in outcomes:
            problems.append(f"{profile.key}: server error {got}")
        elif rule.write and got.get("POST") == "allowed" and rule.write(profile, bureau) == DENY:
            problems.append(f"{profile.key}: may read but not write, got {got}")
        elif expected == ALLOW and "allowed" not in outcomes:
            problems.append(f"{profile.key}: expected access, got {got}")
        elif expected == DENY and "allowed" in outcomes:
            problems.append(f"{profile.key}: expected refusal, got {got}")
    assert problems == [], f"{path} ({name}):\n  " + "\n  ".join(problems)

"""Every operation of the REST API fuzzed with schemathesis, as its real callers call it.

For each operation of the OpenAPI schema, the access rules of the authorisation matrix
(``access_rules.RULES``) name an entitled caller (the court for referrals, the online
channel for applications, a supervisor for pauses, the task's handler for its
actions...) and an unentitled one (an auditor where one is refused, else staff of
another bureau, else an anonymous client). Each generated request is sent as both,
in process through the whole Django stack, on the demo data and the matrix's users:

- as the entitled caller: no server error, and a response that matches the schema;
- as the unentitled caller: a refusal, 401, 403 or 404, never 400 (which would tell a
  caller without the right to fix its input).

Every other request names the object the matrix names (a real task, case, deadline...)
instead of a generated id, so that the entitled caller reaches the operation's logic.
Each request runs in a savepoint that is rolled back, so the operations do not feed one
another: the schema has no OpenAPI links for stateful sequences.
"""

import itertools
import json
import re
from dataclasses import dataclass

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import close_old_connections, transaction
from django.urls import resolve
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, Phase, given, settings, strategies
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from tests.security.access_rules import ALLOW, DENY, EITHER, MISSING, rule_for
from tests.security.world import PROFILES, Profile, World, build_world, load_reference_data

EXAMPLES = 50
REFUSALS = (401, 403, 404)


@dataclass(frozen=True)
class Callers:
    entitled: Profile
    refused: Profile
    path_parameters: dict


@pytest.fixture(scope="module")
def fuzz_world(django_db_setup, django_db_blocker):
    """The demo and the matrix's users with their tokens, committed once, flushed after."""
    with django_db_blocker.unblock():
        load_reference_data()
        world = build_world()
        tokens = {
            key: Token.objects.get_or_create(user=user)[0].key for key, user in world.users.items()
        }
    yield world, tokens
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


def _schema():
    """The schema that /api/schema/ serves, called in process through the WSGI app."""
    generated = SchemaGenerator().get_schema(request=None, public=True)
    loaded = schemathesis.openapi.from_dict(
        json.loads(json.dumps(generated, cls=DjangoJSONEncoder))
    )
    loaded.app = WSGIHandler()
    return loaded


schema = _schema()


@pytest.fixture
def _connection_kept():
    """Django closes the database connection at the end of each request; in a test the
    connection holds the test's transaction, so keep it (as Django's test client does)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def _refusal_order(profile: Profile) -> int:
    """An authenticated caller without the right first: that is where a 400 hides."""
    if profile.read_only:
        return 0
    if profile.staff:
        return 1
    return 3 if profile.anonymous else 2


def callers_of(world: World, method: str, path: str) -> Callers:
    """The entitled and the unentitled caller of one operation, by the matrix's rules."""
    sample = re.sub(r"\{[^}]+\}", "1", path)  # any value for each parameter
    name = resolve(sample).view_name
    rule = rule_for(name)
    assert rule is not None, f"no access rule for {name}"
    kwargs, bureau = rule.target(world, name)
    access = rule.write if method != "GET" and rule.write else (rule.observed or rule.access)
    answers = {
        profile: access(profile, None if bureau == MISSING else bureau) for profile in PROFILES
    }
    entitled = sorted(
        (p for p, answer in answers.items() if answer in (ALLOW, EITHER)),
        key=lambda p: (answers[p] != ALLOW, p.superuser),
    )
    refused = sorted((p for p, answer in answers.items() if answer == DENY), key=_refusal_order)
    assert entitled and refused, f"{method} {path}: entitled {entitled}, refused {refused}"
    parameters = {} if bureau == MISSING else {k: str(v) for k, v in kwargs.items()}
    return Callers(entitled[0], refused[0], parameters)


def _call(case, token: str | None):
    headers = {"Authorization": f"Token {token}"} if token else {}
    with transaction.atomic():
        response = case.call(headers=headers)
        transaction.set_rollback(True)
    return response


def _valid_and_invalid(operation):
    """Requests that follow the schema, and requests that break it (a 400 then)."""
    return strategies.one_of(
        operation.as_strategy(GenerationMode.POSITIVE),
        operation.as_strategy(GenerationMode.NEGATIVE),
    )


def _operations() -> list:
    return [result.ok() for result in schema.get_all_operations()]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "operation", _operations(), ids=lambda op: f"{op.method.upper()} {op.path}"
)
def test_each_operation_serves_its_caller_and_refuses_the_others(
    operation, fuzz_world, _connection_kept
):
    world, tokens = fuzz_world
    callers = callers_of(world, operation.method.upper(), operation.path)
    examples = itertools.count()

    @given(case=_valid_and_invalid(operation))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def answers_as_the_rules_say(case):
        if callers.path_parameters and next(examples) % 2 == 0:
            case.path_parameters = {**(case.path_parameters or {}), **callers.path_parameters}

        response = _call(case, tokens.get(callers.entitled.key))
        case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])

        response = _call(case, tokens.get(callers.refused.key))
        assert response.status_code in REFUSALS, (
            f"{case.method} {case.formatted_path} as {callers.refused.key}: "
            f"{response.status_code} {response.text[:300]}"
        )

    answers_as_the_rules_say()

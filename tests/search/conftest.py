"""Search tests run against the real Elasticsearch, under an index prefix of their own.

The prefix is unique per test session (concurrent runs never meet) and every index under
it is deleted at the end. A test that needs the index asks for ``es``: it starts from
empty indices behind their aliases.
"""

import os
import uuid

import pytest
from django.conf import settings
from elasticsearch.helpers import scan

from search.client import get_client
from search.indexing import KINDS, alias, ensure_indices, relay
from tests.factories import SubjectFactory, UserFactory, bureau
from tests.testapp.flows import SampleFlow
from workflows.core.flow import start_flow
from workflows.core.models import Case, User
from workflows.core.roles import Role
from workflows.core.services.cases import case_open
from workflows.core.services.roles import roles_ensure_groups

URUMQI, KASHGAR, REGION = "650100", "653100", "650000"


def pytest_configure(config):
    """A fresh index prefix for the session, set as soon as this directory is collected, so
    that a Celery worker process started later by any test gets it too."""
    prefix = f"{settings.ELASTICSEARCH_INDEX_PREFIX}-{uuid.uuid4().hex[:8]}".lower()
    settings.ELASTICSEARCH_INDEX_PREFIX = prefix
    os.environ["ELASTICSEARCH_INDEX_PREFIX"] = prefix


@pytest.fixture(scope="session", autouse=True)
def search_prefix():
    """The session's prefix; every index under it is deleted at the end."""
    prefix = settings.ELASTICSEARCH_INDEX_PREFIX
    yield prefix
    get_client.cache_clear()
    get_client().indices.delete(index=f"{prefix}-*", ignore_unavailable=True)


def drop_indices() -> None:
    get_client().indices.delete(
        index=f"{settings.ELASTICSEARCH_INDEX_PREFIX}-*", ignore_unavailable=True
    )


@pytest.fixture
def es(search_prefix):
    """Empty indices behind their aliases; the client. Documents left by an earlier test
    are deleted (cheaper than new indices); ``fresh_es`` starts from new indices."""
    get_client.cache_clear()
    client = get_client()
    ensure_indices(client)
    client.indices.refresh(index=",".join(alias(kind) for kind in KINDS))
    for kind in KINDS:
        left = [hit["_id"] for hit in scan(client, index=alias(kind), _source=False)]
        if left:
            delete = [{"delete": {"_index": alias(kind), "_id": pk}} for pk in left]
            client.bulk(operations=delete, refresh=True)
    yield client
    get_client.cache_clear()


@pytest.fixture
def fresh_es(search_prefix):
    """Version 1 of each index, new and empty, behind its alias."""
    get_client.cache_clear()
    drop_indices()
    client = get_client()
    ensure_indices(client)
    yield client
    get_client.cache_clear()


def sync() -> None:
    """Send the outbox and make it searchable, as the relay and a refresh would."""
    report = relay(refresh=True)
    assert report.error == "" and report.failed == 0, report


@pytest.fixture
def make_user(db):
    groups = roles_ensure_groups()

    def make(role: Role | None, bureau_code: str = URUMQI, **fields) -> User:
        user = UserFactory(bureau=bureau(bureau_code), **fields)
        if role is not None:
            user.groups.add(groups[role])
        return user

    return make


@pytest.fixture
def people(make_user):
    return {
        "clerk": make_user(Role.CLERK, URUMQI, username="s_clerk", last_name="李", first_name="娜"),
        "leader": make_user(
            Role.LEADER, URUMQI, username="s_leader", last_name="陈", first_name="志强"
        ),
        "handler": make_user(
            Role.HANDLER, URUMQI, username="s_handler", last_name="王", first_name="磊"
        ),
        "kashgar": make_user(
            Role.HANDLER, KASHGAR, username="s_kashgar", last_name="艾", first_name="力江"
        ),
        "kashgar_clerk": make_user(
            Role.CLERK, KASHGAR, username="s_kclerk", last_name="热", first_name="娜"
        ),
        "auditor": make_user(
            Role.AUDITOR, REGION, username="s_auditor", last_name="周", first_name="明"
        ),
        "court": make_user(Role.COURT, REGION, username="s_court", last_name="法院"),
    }


def open_case(
    *,
    bureau_code: str = URUMQI,
    name: str = "乌鲁木齐天山雪莲商贸有限公司",
    summary: str = "申请移出经营异常名录",
    procedure: str = "repair",
    actor: User | None = None,
    flow: bool = True,
) -> Case:
    """A case of the sample procedure: opened, its first task (accept) created."""
    subject = SubjectFactory(name=name, region=bureau(bureau_code))
    case = case_open(
        procedure=procedure, bureau=bureau(bureau_code), source=Case.Source.APPLICATION,
        subject=subject, actor=actor, summary=summary,
    )  # fmt: skip
    if flow:
        start_flow(SampleFlow, case)
    case.refresh_from_db()
    return case


def task_of(case: Case, step: str):
    return case.process.task_set.get(flow_task=getattr(SampleFlow, step), finished__isnull=True)

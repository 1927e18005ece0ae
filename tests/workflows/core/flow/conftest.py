import pytest
from django.urls import get_resolver

from tests.factories import SubjectFactory, bureau
from tests.testapp.flows import SampleFlow
from workflows.core.flow import start_flow
from workflows.core.models import Case
from workflows.core.services.cases import case_open


@pytest.fixture
def sample_case(staff):
    case = case_open(
        procedure="repair", bureau=bureau("650100"), source=Case.Source.APPLICATION,
        subject=SubjectFactory(), actor=staff["clerk"],
    )  # fmt: skip
    start_flow(SampleFlow, case)
    case.refresh_from_db()
    return case


@pytest.fixture(autouse=True)
def _mounted_flows():
    """Flows learn their URL namespace when the URLconf loads; load it before reversing."""
    assert get_resolver().url_patterns


def open_task(case: Case, step: str):
    return case.process.task_set.get(flow_task=getattr(SampleFlow, step), finished__isnull=True)

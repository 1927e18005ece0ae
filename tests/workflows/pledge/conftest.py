from datetime import date

import pytest
from django.urls import get_resolver
from django.utils import timezone

from tests.factories import SubjectFactory, bureau
from workflows.core.services.tasks import task_claim, task_complete
from workflows.pledge.flows import PledgeFlow
from workflows.pledge.models import Pledge, PledgeType
from workflows.pledge.services import pledge_register


@pytest.fixture(autouse=True)
def _mounted_flows():
    """Flows learn their URL namespace when the URLconf loads; load it before reversing."""
    assert get_resolver().url_patterns


def today() -> date:
    return timezone.localdate()


@pytest.fixture
def make_pledge(db):
    def make(pledge_type=PledgeType.LICENSING, *, subject=None, risk_class="B",
             bureau_code="650100", **fields) -> Pledge:  # fmt: skip
        subject = subject or SubjectFactory(region=bureau(bureau_code), risk_class=risk_class)
        defaults = {
            "content": "本企业承诺具备食品经营许可所需的经营场所、设备设施和管理制度，承诺内容真实",
            "matter": "食品经营许可", "licence_no": "JY16501020012345",
            "source": Pledge.Source.COUNTER, "actor": None,
        }  # fmt: skip
        if pledge_type != PledgeType.LICENSING:
            defaults |= {"matter": "", "licence_no": ""}
        return pledge_register(subject=subject, pledge_type=pledge_type, **(defaults | fields))

    return make


def open_task(case, step: str):
    return case.process.task_set.get(flow_task=getattr(PledgeFlow, step), finished__isnull=True)


def run_step(case, step: str, user, data: dict):
    task = open_task(case, step)
    task_claim(task=task, user=user)
    return task_complete(task=task, user=user, data=data)


# The repair suite's record factory, for the repair procedure's pledges.
from tests.workflows.repair.conftest import make_record  # noqa: E402, F401

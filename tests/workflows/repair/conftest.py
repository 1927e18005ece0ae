from datetime import date, timedelta

import pytest
from django.urls import get_resolver

from tests.factories import SubjectFactory, bureau
from workflows.core.models import CreditRecord
from workflows.core.services.credit_records import credit_record_create
from workflows.core.services.tasks import task_claim, task_complete
from workflows.repair.flows import RepairFlow


@pytest.fixture(autouse=True)
def _mounted_flows():
    """Flows learn their URL namespace when the URLconf loads; load it before reversing."""
    assert get_resolver().url_patterns


@pytest.fixture
def make_record(db):
    def make(kind=CreditRecord.Kind.SERIOUS_LIST, *, years_ago: float = 2, risk_class="B",
             penalty_class="", subject=None, bureau_code="650100") -> CreditRecord:  # fmt: skip
        subject = subject or SubjectFactory(region=bureau(bureau_code), risk_class=risk_class)
        return credit_record_create(
            subject=subject, kind=kind, reason="测试事由", listed_on=date.today() - timedelta(
                days=int(365 * years_ago)), deciding_bureau=bureau(bureau_code), actor=None,
            penalty_class=penalty_class, decision_no="乌市监处罚〔2024〕9号",
        )  # fmt: skip

    return make


def open_task(case, step: str, flow_class=RepairFlow):
    return case.process.task_set.get(flow_task=getattr(flow_class, step), finished__isnull=True)


def run_step(case, step: str, user, data: dict, flow_class=RepairFlow):
    task = open_task(case, step, flow_class)
    task_claim(task=task, user=user)
    return task_complete(task=task, user=user, data=data)

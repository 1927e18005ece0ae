from datetime import date, timedelta

import pytest
from django.urls import get_resolver
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from viewflow.workflow.models import Task
from viewflow.workflow.timers import fire_due_timers

from tests.factories import SubjectFactory, bureau
from workflows.alliance.flows import AllianceFlow, MembershipReviewFlow
from workflows.alliance.models import Admission
from workflows.core.models import Case
from workflows.core.services.tasks import task_claim, task_complete


@pytest.fixture(autouse=True)
def _mounted_flows():
    """Flows learn their URL namespace when the URLconf loads; load it before reversing."""
    assert get_resolver().url_patterns


@pytest.fixture
def online_client(staff) -> APIClient:
    """The online service platform (新疆政务服务网), authenticated by its token."""
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=staff["online"])
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def good_subject(db):
    """A class-A Ürümqi enterprise with a clean record: it passes every screening item."""
    return SubjectFactory(
        name="新疆天山乳业有限公司", legal_rep="王建国", risk_class="A", region=bureau("650100")
    )


def today() -> date:
    return timezone.localdate()


def application(subject, **overrides) -> dict:
    data = {
        "uscc": subject.uscc,
        "established_on": (today() - timedelta(days=365 * 6)).isoformat(),
        "contact_name": "王建国",
        "contact_phone": "13899880000",
        "statement": "企业建立了信用管理制度，连续多年信用风险分类为A类。",
        "pledge_signed": True,
    }
    return data | overrides


def apply(client, subject, **overrides) -> Case:
    response = client.post("/api/v1/alliance/applications/", application(subject, **overrides))
    assert response.status_code == 201, response.json()
    return Case.objects.get(case_no=response.json()["case_no"])


def open_task(case, step: str, flow_class=AllianceFlow):
    return case.process.task_set.get(flow_task=getattr(flow_class, step), finished__isnull=True)


def run_step(case, step: str, user, data: dict, flow_class=AllianceFlow):
    task = open_task(case, step, flow_class)
    task_claim(task=task, user=user)
    return task_complete(task=task, user=user, data=data)


def end_notice(case) -> int:
    """The notice period is over: its timer is due now, and the dispatcher fires it."""
    Task.objects.filter(
        process=case.process, flow_task=AllianceFlow.notice, status="SCHEDULED"
    ).update(scheduled=timezone.now() - timedelta(seconds=1))
    return fire_due_timers()


def to_notice(case, staff) -> None:
    run_step(
        case,
        "prefecture_check",
        staff["handler"],
        {"opinion": "recommend", "findings": "材料齐全，经营规范"},
    )
    run_step(case, "prefecture_signoff", staff["section_head"], {"result": "agree"})
    run_step(
        case,
        "regional_review",
        staff["region_handler"],
        {"decision": "shortlist", "opinion": "符合入盟条件"},
    )


def admit(client, subject, staff) -> Admission:
    """Drive an application through to membership (no objection)."""
    case = apply(client, subject)
    to_notice(case, staff)
    end_notice(case)
    run_step(
        case, "approve", staff["region_leader"], {"decision": "admit", "member_pledge_signed": "on"}
    )
    return Admission.objects.select_related("membership").get(case=case)


def review_task(case, step: str):
    return open_task(case, step, MembershipReviewFlow)


def run_review_step(case, step: str, user, data: dict):
    return run_step(case, step, user, data, MembershipReviewFlow)

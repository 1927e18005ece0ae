"""Fixtures of the pilot tests: the regional panel, a call, and driving steps through the
real application page and the real task API."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import get_resolver, reverse
from django.utils import timezone
from rest_framework.test import APIClient

from tests.forms.test_uploads import MINIMAL_PDF
from tests.workflows.repair.people import user_with
from workflows.core.models import Case
from workflows.core.roles import Role
from workflows.pilot.flows import PilotFlow
from workflows.pilot.models import PilotApplication, PilotCall


@pytest.fixture(autouse=True)
def _mounted_flows():
    """Flows learn their URL namespace when the URLconf loads; load it before reversing."""
    assert get_resolver().url_patterns


def today() -> date:
    return timezone.localdate()


@pytest.fixture
def people(staff) -> dict:
    """The demo staff plus the regional 处长 and two more regional experts."""
    return staff | {
        "region_head": user_with(Role.SECTION_HEAD, "650000", username="region_head"),
        "expert_a": user_with(Role.HANDLER, "650000", username="expert_a"),
        "expert_b": user_with(Role.HANDLER, "650000", username="expert_b"),
    }


@pytest.fixture
def call(people) -> PilotCall:
    return PilotCall.objects.create(
        title="2026年度信用商圈、园区、街区建设试点申报", year=today().year,
        doc_number="新市监信函〔2026〕12号", description="各地州市局择优推荐1至2个试点",
        kinds=["district", "park", "street"], opened_on=today() - timedelta(days=10),
        deadline=today() + timedelta(days=20), created_by=people["region_leader"],
    )  # fmt: skip


def application_post(call, **overrides) -> dict:
    start = today() - timedelta(days=200)
    data = {
        "call": call.pk, "kind": "district", "name": "乌鲁木齐大巴扎信用商圈",
        "area": "天山区解放南路以东、和平南路以西、二道桥片区",
        "area_km2": "1.20", "managing_body": "乌鲁木齐国际大巴扎商业运营管理有限公司",
        "merchant_count": "642",
        "plan": "建立商户信用档案，实行红黄绿三色分级管理，绿色商户免于日常检查。",
        "indicators": "商户信用承诺率100%；信用分级覆盖率100%；消费投诉按期办结率98%以上。",
        "budget": "350.00", "period_start": start.isoformat(),
        "period_end": (start + timedelta(days=600)).isoformat(),
        "contact_name": "王磊", "contact_phone": "0991-2345678",
        "attachments_application": SimpleUploadedFile("申报书.pdf", MINIMAL_PDF),
        "attachments_plan": SimpleUploadedFile("建设方案.pdf", MINIMAL_PDF),
    }  # fmt: skip
    return data | overrides


def apply(client, user, call, **overrides) -> PilotApplication:
    """Apply through the real page as ``user``; the new application."""
    client.force_login(user)
    response = client.post(reverse("pilot:apply:index"), application_post(call, **overrides))
    assert response.status_code == 302, response.content.decode()[:3000]
    return PilotApplication.objects.get(
        case_id=int(response["Location"].rstrip("/").split("/")[-1])
    )


def open_tasks(case: Case, step: str):
    return case.process.task_set.filter(
        flow_task=getattr(PilotFlow, step), finished__isnull=True
    ).order_by("pk")


def act(case: Case, step: str, user, data: dict, expect: int = 200):
    """Claim (unless already the user's) and complete ``step`` through the task API."""
    tasks = open_tasks(case, step)
    task = tasks.filter(owner=user).first() or tasks.filter(owner__isnull=True).first()
    assert task is not None, f"no open {step} task for {user}"
    client = APIClient()
    client.force_authenticate(user)
    if task.owner_id != user.pk:
        claimed = client.post(f"/api/v1/tasks/{task.pk}/claim/")
        assert claimed.status_code == 200, claimed.json()
    response = client.post(f"/api/v1/tasks/{task.pk}/complete/", data, format="json")
    assert response.status_code == expect, response.json()
    return response


def score(case: Case, user, points: tuple[int, ...], comment: str = "") -> None:
    names = ("foundation", "plan", "indicators", "budget", "timeline", "demonstration")
    act(case, "score", user, dict(zip(names, points, strict=True)) | {"comment": comment})


def panel(people) -> list[int]:
    return [people[name].pk for name in ("region_handler", "expert_a", "expert_b")]


def approved_pilot(client, people, call, **overrides) -> PilotApplication:
    """An application taken straight through check, scoring, review and approval."""
    application = apply(client, people["handler"], call, **overrides)
    case = application.case
    act(case, "check", people["region_handler"],
        {"result": "complete", "opinion": "材料齐全", "scorers": panel(people)})  # fmt: skip
    for name in ("region_handler", "expert_a", "expert_b"):
        score(case, people[name], (16, 20, 16, 12, 8, 8))
    act(case, "review", people["region_head"], {"recommendation": "approve", "opinion": "同意"})
    act(case, "approve", people["region_leader"], {
        "decision": "approve", "opinion": "同意开展试点",
        "period_start": application.period_start.isoformat(),
        "period_end": application.period_end.isoformat(),
    })  # fmt: skip
    application.refresh_from_db()
    return application

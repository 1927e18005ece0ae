import base64
from datetime import date

import pytest
from django.urls import get_resolver
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import SubjectFactory, bureau
from workflows.core.services.tasks import task_claim, task_complete
from workflows.listing.flows import ListingFlow
from workflows.listing.models import Court

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _mounted_flows():
    """Flows learn their URL namespace when the URLconf loads; load it before reversing."""
    assert get_resolver().url_patterns


@pytest.fixture(autouse=True)
def _outbox_dir(settings, tmp_path):
    """The file endpoints of the publicity system and the departments write here."""
    settings.OUTBOUND_FILE_DIR = tmp_path / "outbound"


@pytest.fixture
def court(staff) -> Court:
    """The demo court user registered as 乌鲁木齐市中级人民法院."""
    return Court.objects.create(
        code="650100-ZY", name="乌鲁木齐市中级人民法院", user=staff["court"],
        bureau=bureau("650000"),
    )  # fmt: skip


@pytest.fixture
def court_client(court) -> APIClient:
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=court.user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def subject(db):
    return SubjectFactory(name="乌鲁木齐天山雪莲商贸有限公司", region=bureau("650100"))


def payload(subject, **overrides) -> dict:
    data = {
        "court_code": "650100-ZY",
        "court_name": "乌鲁木齐市中级人民法院",
        "court_case_number": "（2026）新01民初123号",
        "judgment_number": "（2026）新01民初123号民事判决书",
        "judgment_date": "2026-03-02",
        "uscc": subject.uscc,
        "subject_name": subject.name,
        "cause": "生产销售不符合食品安全标准的食品，判决已生效",
        "document": base64.b64encode(PDF).decode(),
    }
    return data | overrides


def today() -> date:
    return timezone.localdate()


def open_task(case, step: str):
    return case.process.task_set.get(flow_task=getattr(ListingFlow, step), finished__isnull=True)


def run_step(case, step: str, user, data: dict):
    task = open_task(case, step)
    task_claim(task=task, user=user)
    return task_complete(task=task, user=user, data=data)

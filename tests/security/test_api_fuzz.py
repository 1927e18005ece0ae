"""Bugs the fuzzing of the API found (tests/security/test_api_schema_fuzz.py), pinned as
regressions."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from workflows.core.models import Deadline, User


def _client(user: User) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("body", [{"reason": {"x": 1}}, {"reason": ["a"]}, ["reason"]])
def test_a_pause_whose_body_is_not_a_text_reason_is_a_400_not_a_500(sample_case, staff, body):
    deadline = Deadline.objects.filter(case=sample_case).first()
    response = _client(staff["handler"]).post(
        f"/api/v1/sla/deadlines/{deadline.pk}/pause/", body, format="json"
    )
    assert response.status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize("body", [{"to_user": {"x": 1}, "reason": "换人"}, ["to_user"]])
def test_a_reassignment_whose_body_is_malformed_is_a_400_not_a_500(sample_case, staff, body):
    task = sample_case.process.task_set.filter(finished__isnull=True).first()
    response = _client(staff["supervisor"]).post(
        f"/api/v1/sla/tasks/{task.pk}/reassign/", body, format="json"
    )
    assert response.status_code == 400


@pytest.mark.django_db
def test_only_supervisors_may_reassign_and_others_are_refused_before_the_body_is_read(
    sample_case, staff
):
    task = sample_case.process.task_set.filter(finished__isnull=True).first()
    response = _client(staff["section_head"]).post(
        f"/api/v1/sla/tasks/{task.pk}/reassign/", {"to_user": "nobody"}, format="json"
    )
    assert response.status_code == 403
    assert response.json() == {"detail": "Only supervisors may reassign tasks."}


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["cases", "events"])
def test_an_export_while_the_index_is_missing_comes_from_the_database(staff, settings, kind):
    settings.ELASTICSEARCH_INDEX_PREFIX = "security-no-such-index"
    response = _client(staff["auditor"]).get(f"/api/v1/search/{kind}/export/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")


@pytest.mark.django_db
def test_an_auditor_registering_a_pledge_is_refused_before_the_body_is_read(staff):
    response = _client(staff["auditor"]).post("/api/v1/pledges/", {}, format="json")
    assert response.status_code == 403


@pytest.mark.django_db
def test_a_referral_with_true_or_a_list_where_text_belongs_is_a_400_naming_the_fields(court):
    client = _client(court.user)
    response = client.post(
        "/api/v1/court-referrals/",
        {"court_code": court.code, "uscc": True, "cause": ["拒不履行"]},
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()) == {"uscc", "cause"}


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["date=0355-01-01&count=1", "date=2013-12-31&count=1"])
def test_working_days_before_the_recorded_holiday_law_are_a_400(staff, query):
    response = _client(staff["handler"]).get(f"/api/v1/calendar/add-workdays/?{query}")
    assert response.status_code == 400

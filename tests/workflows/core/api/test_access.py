"""Who may call the staff API, and which bureaus' records each caller sees through it."""

import pytest
from rest_framework.test import APIClient

from tests.factories import SubjectFactory, bureau, next_uscc
from tests.workflows.core.api.conftest import KASHGAR, REGION, URUMQI
from workflows.core.models import Case
from workflows.core.roles import Role
from workflows.core.services.cases import case_open

pytestmark = pytest.mark.django_db

ENDPOINTS = (
    "/api/v1/subjects/",
    "/api/v1/cases/",
    "/api/v1/calendar/add-workdays/?date=2025-09-30&count=5",
    "/api/v1/calendar/workdays-between/?start=2025-09-30&end=2025-10-14",
)


@pytest.fixture
def urumqi_case():
    subject = SubjectFactory(name="乌鲁木齐天山雪莲商贸有限公司")
    return case_open(
        procedure="repair",
        bureau=bureau(URUMQI),
        source=Case.Source.APPLICATION,
        actor=None,
        subject=subject,
    )


def test_a_token_authenticates_an_api_client(make_user, api_client):
    response = api_client(make_user(Role.HANDLER)).get("/api/v1/cases/")
    assert response.status_code == 200
    assert response.json() == {"count": 0, "next": None, "previous": None, "results": []}


def test_a_logged_in_session_authenticates_the_browser(make_user):
    client = APIClient()
    client.force_login(make_user(Role.CLERK))
    assert client.get("/api/v1/subjects/").status_code == 200


@pytest.mark.parametrize("url", ENDPOINTS)
def test_anonymous_callers_get_401_json_asking_for_a_token(api_client, url):
    response = api_client().get(url)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json() == {"detail": "Authentication credentials were not provided."}


def test_a_wrong_token_is_refused(api_client):
    client = api_client()
    client.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")
    response = client.get("/api/v1/cases/")
    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid token."}


@pytest.mark.parametrize("role", [Role.COURT, Role.ONLINE])
@pytest.mark.parametrize("url", ENDPOINTS)
def test_outside_api_clients_are_refused_the_staff_endpoints(make_user, api_client, url, role):
    client_user = make_user(role, REGION)
    response = api_client(client_user).get(url)
    assert response.status_code == 403
    assert response.json() == {"detail": "This endpoint is for bureau staff only."}


@pytest.mark.parametrize("role", [Role.COURT, Role.ONLINE])
def test_outside_api_clients_cannot_fetch_a_case_even_by_id(
    make_user, api_client, urumqi_case, role
):
    response = api_client(make_user(role, REGION)).get(f"/api/v1/cases/{urumqi_case.pk}/")
    assert response.status_code == 403


def test_online_channel_holding_a_staff_role_too_is_still_refused(make_user, api_client):
    from workflows.core.services.roles import roles_ensure_groups

    user = make_user(Role.ONLINE, REGION)
    user.groups.add(roles_ensure_groups()[Role.HANDLER])
    assert api_client(user).get("/api/v1/cases/").status_code == 403


def test_a_user_without_any_role_is_refused(make_user, api_client):
    response = api_client(make_user(None)).get("/api/v1/cases/")
    assert response.status_code == 403


def test_a_superuser_without_a_role_is_allowed(make_user, api_client):
    admin = make_user(None, REGION, is_superuser=True)
    assert api_client(admin).get("/api/v1/cases/").status_code == 200


def test_kashgar_handler_cannot_list_or_fetch_urumqi_cases(make_user, api_client, urumqi_case):
    kashgar_subject = SubjectFactory(
        uscc=next_uscc(county="653101"), name="喀什古城文化旅游发展有限公司", region=bureau(KASHGAR)
    )
    kashgar_case = case_open(
        procedure="repair",
        bureau=bureau(KASHGAR),
        source=Case.Source.APPLICATION,
        actor=None,
        subject=kashgar_subject,
    )
    client = api_client(make_user(Role.HANDLER, KASHGAR))

    listed = client.get("/api/v1/cases/").json()
    assert [row["case_no"] for row in listed["results"]] == [kashgar_case.case_no]
    assert client.get(f"/api/v1/cases/{kashgar_case.pk}/").status_code == 200

    hidden = client.get(f"/api/v1/cases/{urumqi_case.pk}/")
    missing = client.get(f"/api/v1/cases/{urumqi_case.pk + 1000}/")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json() == {"detail": "No Case matches the given query."}


def test_kashgar_handler_cannot_list_or_fetch_urumqi_subjects(make_user, api_client, urumqi_case):
    kashgar_subject = SubjectFactory(uscc=next_uscc(county="653101"), region=bureau(KASHGAR))
    client = api_client(make_user(Role.HANDLER, KASHGAR))

    listed = client.get("/api/v1/subjects/").json()
    assert [row["uscc"] for row in listed["results"]] == [kashgar_subject.uscc]
    by_code = client.get("/api/v1/subjects/", {"uscc": urumqi_case.subject.uscc}).json()
    assert by_code["count"] == 0

    hidden = client.get(f"/api/v1/subjects/{urumqi_case.subject.uscc}/")
    missing = client.get(f"/api/v1/subjects/{next_uscc()}/")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()


@pytest.mark.parametrize(
    ("role", "bureau_code"),
    [
        (Role.HANDLER, REGION),  # regional bureau staff
        (Role.SUPERVISOR, KASHGAR),  # the role, not the bureau, opens every bureau
        (Role.AUDITOR, KASHGAR),
    ],
)
def test_regional_staff_supervisors_and_auditors_see_every_bureau(
    make_user, api_client, urumqi_case, role, bureau_code
):
    client = api_client(make_user(role, bureau_code))
    cases = client.get("/api/v1/cases/").json()
    assert [row["case_no"] for row in cases["results"]] == [urumqi_case.case_no]
    assert client.get(f"/api/v1/cases/{urumqi_case.pk}/").status_code == 200
    uscc = urumqi_case.subject.uscc
    assert client.get(f"/api/v1/subjects/{uscc}/").json()["cases"][0]["id"] == urumqi_case.pk


def test_api_is_read_only(handler_client, urumqi_case):
    assert handler_client.post("/api/v1/cases/", {}).status_code == 405
    assert handler_client.delete(f"/api/v1/cases/{urumqi_case.pk}/").status_code == 405

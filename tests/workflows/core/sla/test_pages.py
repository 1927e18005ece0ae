"""The dashboard pages: figures, drill-down links to exactly their rows, reassignment
from a list, report downloads by bureau; who may open them."""

import html
import re
from datetime import date

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import UserFactory, bureau
from tests.workflows.core.sla import seed
from tests.workflows.core.sla.conftest import at
from workflows.core.roles import Role
from workflows.core.services.roles import roles_ensure_groups
from workflows.core.sla.figures import Period
from workflows.core.sla.reports import sla_report_generate

pytestmark = pytest.mark.django_db
PERIOD = {"date_from": seed.PERIOD[0].isoformat(), "date_to": seed.PERIOD[1].isoformat()}
WEEK = Period(date(2026, 3, 2), date(2026, 3, 8))


@pytest.fixture
def cases(db):
    return seed.seed()


@pytest.fixture
def supervisor(cases):
    from workflows.core.models import User

    return User.objects.get(username="sup")


def _user(username: str, role: Role, code: str):
    user = UserFactory(username=username, bureau=bureau(code))
    user.groups.set([roles_ensure_groups()[role]])
    return user


def _api(user) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def test_the_dashboard_page_shows_the_figures_and_each_number_links_to_its_list(client, supervisor):
    client.force_login(supervisor)
    page = client.get("/app/sla/dashboard/", PERIOD)
    assert page.status_code == 200
    text = page.content.decode()
    assert 'id="xy-chart-compliance"' in text and "plotly.min.js?v=7.1.0" in text
    links = re.findall(r'<a href="(/app/sla/dashboard/(?:steps|cases)/\?[^"]*)">(\d+)</a>', text)
    assert len(links) >= 20
    for url, number in links:
        listing = client.get(html.unescape(url))
        assert listing.status_code == 200, url
        shown = re.search(r'data-count="(\d+)"', listing.content.decode())
        assert shown and shown.group(1) == number, url
    total = seed.expected()["compliance"]
    met = sum(v["steps_met"] for v in total.values())
    steps_total = sum(v["steps_total"] for v in total.values())
    assert f"{100 * met / steps_total:.1f}%" in text
    js = client.get("/app/sla/dashboard/plotly.min.js")
    assert js.status_code == 200 and js["Cache-Control"].startswith("max-age=")


def test_the_drill_down_page_lists_overdue_steps_in_working_days(client, supervisor, cases):
    client.force_login(supervisor)
    text = client.get("/app/sla/dashboard/steps/", {**PERIOD, "state": "overdue"}).content
    text = text.decode()
    for n in seed.expected()["overdue"]:
        assert cases[n].case_no in text
    assert "个工作日" in text  # the overdue badge counts working days


def test_a_supervisor_reassigns_from_the_list_with_a_reason(client, supervisor, cases):
    from tests.workflows.core.sla.conftest import open_task
    from workflows.core.models import AuditEvent, Deadline

    task = open_task(cases[4], "accept")
    other = _user("clerk2", Role.CLERK, "650100")
    client.force_login(supervisor)
    page = client.get("/app/sla/dashboard/steps/", {"case": cases[4].pk}).content.decode()
    # Each candidate with the role and bureau, for the supervisor choosing.
    option = re.search(rf'<option value="{other.pk}">([^<]*)</option>', page).group(1)
    assert option.startswith(f"{other}（") and option.endswith(f" · {other.bureau.name}）")
    response = client.post(
        "/app/sla/dashboard/reassign/",
        {"task": task.pk, "to_user": other.pk, "reason": "原承办人出差",
         "next": f"/app/sla/dashboard/steps/?case={cases[4].pk}"},
    )  # fmt: skip
    assert response.status_code == 302
    assert Deadline.objects.get(task=task).assignee == other
    event = AuditEvent.objects.get(case=cases[4], event_type="task.assigned")
    assert (event.actor, event.comment) == (supervisor, "原承办人出差")


@pytest.mark.parametrize(
    ("role", "code", "status"),
    [
        (Role.CLERK, "650100", 403),
        (Role.HANDLER, "650100", 403),
        (Role.SECTION_HEAD, "650100", 200),
        (Role.AUDITOR, "650000", 200),
    ],
)
def test_who_sees_the_dashboard(client, cases, role, code, status):
    user = _user(f"u_{role}", role, code)
    client.force_login(user)
    assert client.get("/app/sla/dashboard/", PERIOD).status_code == status
    assert _api(user).get("/api/v1/sla/summary/", PERIOD).status_code == status


def test_reports_are_downloaded_by_bureau_and_refused_when_altered(client, cases):
    urumqi = sla_report_generate(bureau=bureau("650100"), week=WEEK, now=at("2026-03-09", 1))
    kashgar_leader = _user("kl", Role.LEADER, "653100")
    client.force_login(kashgar_leader)
    assert client.get(f"/app/sla/reports/{urumqi.pk}/pdf/").status_code == 404
    assert client.get("/api/v1/sla/reports/").json()["count"] == 0
    supervisor = _user("sv", Role.SUPERVISOR, "650000")
    client.force_login(supervisor)
    listing = client.get("/app/sla/reports/").content.decode()
    assert f"/app/sla/reports/{urumqi.pk}/xlsx/" in listing
    pdf = client.get(f"/app/sla/reports/{urumqi.pk}/pdf/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    xlsx = client.get(f"/app/sla/reports/{urumqi.pk}/xlsx/")
    assert xlsx.status_code == 200
    assert 'filename="SLA-650100-20260302.xlsx"' in xlsx["Content-Disposition"]

    with urumqi.pdf.open("wb") as stored:
        stored.write(b"%PDF-1.7 forged")
    assert client.get(f"/app/sla/reports/{urumqi.pk}/pdf/").status_code == 409


def test_a_section_head_pauses_and_resumes_from_the_list(client, cases):
    from workflows.core.models import AuditEvent, Deadline

    head = _user("head", Role.SECTION_HEAD, "650100")
    # A REP-ACCEPT deadline that is running today (the seed's ones lie in March 2026).
    from tests.workflows.core.sla.conftest import open_task, sample_case

    case = sample_case()
    row = Deadline.objects.get(task=open_task(case, "accept"))
    client.force_login(head)
    page = client.get("/app/sla/dashboard/steps/", {"case": case.pk}).content.decode()
    assert 'value="pause"' in page
    back = f"/app/sla/dashboard/steps/?case={case.pk}"
    client.post(
        "/app/sla/dashboard/pause/", {"deadline": row.pk, "reason": "等待补正", "next": back}
    )
    row.refresh_from_db()
    assert row.status == "paused"
    assert 'value="resume"' in client.get(back).content.decode()
    client.post("/app/sla/dashboard/pause/", {"deadline": row.pk, "action": "resume"})
    row.refresh_from_db()
    assert row.status != "paused"
    events = AuditEvent.objects.filter(case=case, event_type__startswith="deadline.")
    assert {"deadline.paused", "deadline.resumed"} <= set(
        events.values_list("event_type", flat=True)
    )
    # Supervisors never act: no pause control, and the service refuses.
    sup = _user("sup2", Role.SUPERVISOR, "650000")
    client.force_login(sup)
    assert 'value="pause"' not in client.get(back).content.decode()
    client.post("/app/sla/dashboard/pause/", {"deadline": row.pk, "reason": "x"})
    row.refresh_from_db()
    assert row.status != "paused"

"""The dashboard and the API show the seeded figures, and every number drills down to
exactly the rows it counts; who may see what."""

from datetime import date, timedelta

import pytest
import time_machine
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import UserFactory, bureau
from tests.workflows.core.sla import seed
from workflows.core.roles import Role
from workflows.core.services.roles import roles_ensure_groups

pytestmark = pytest.mark.django_db
PERIOD = {"date_from": seed.PERIOD[0].isoformat(), "date_to": seed.PERIOD[1].isoformat()}


@pytest.fixture
def cases(db):
    return seed.seed()


def _user(username: str, role: Role, code: str):
    user = UserFactory(username=username, bureau=bureau(code))
    user.groups.set([roles_ensure_groups()[role]])
    return user


def _api(user) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


@pytest.fixture
def supervisor(cases):
    from workflows.core.models import User

    return User.objects.get(username="sup")


def test_the_api_gives_the_figures_computed_independently(supervisor):
    want = seed.expected()
    data = _api(supervisor).get("/api/v1/sla/summary/", PERIOD).json()
    got = {
        (r["bureau"], r["procedure"]): {
            k: r[k] for k in ("steps_met", "steps_total", "cases_met", "cases_total")
        }
        for r in data["compliance"]["rows"]
    }
    assert got == want["compliance"]
    handling = {
        (r["procedure"], r["step"]): {
            k: r[k] for k in ("count", "average", "p90", "limit", "over_limit")
        }
        for r in data["handling_times"]
    }
    assert handling == want["handling"]
    assert [
        {"week_start": w["week_start"], "created": w["created"], "completed": w["completed"],
         "met": w["met"]}
        for w in data["weekly_trend"]
    ] == [{**w, "week_start": w["week_start"].isoformat()} for w in want["weeks"]]  # fmt: skip
    opened = {
        (r["procedure"], r["step"], r["bureau"], r["status"]): r["count"]
        for r in data["open_steps"]["rows"]
    }
    assert opened == want["open_steps"]


def test_every_api_figure_drills_down_to_exactly_its_rows(supervisor):
    client = _api(supervisor)
    data = client.get("/api/v1/sla/summary/", PERIOD).json()

    def count(path: str, **params) -> int:
        response = client.get(path, {**PERIOD, **params})
        assert response.status_code == 200, response.content
        return response.json()["count"]

    # The seed has figures in every table, so none of the loops below runs empty.
    for table in (
        data["open_steps"]["rows"],
        data["open_cases"]["rows"],
        data["compliance"]["rows"],
        data["handling_times"],
        data["weekly_trend"],
    ):
        assert table
    for row in data["open_steps"]["rows"]:
        assert row["count"] == count(
            "/api/v1/sla/steps/", state="open", bureau=row["bureau"],
            procedure=row["procedure"], step=row["step"], status=row["status"],
        )  # fmt: skip
    for row in data["open_cases"]["rows"]:
        assert row["count"] == count(
            "/api/v1/sla/cases/", bureau=row["bureau"], procedure=row["procedure"],
            status=row["status"],
        )  # fmt: skip
    for row in data["compliance"]["rows"]:
        scope = {"bureau": row["bureau"], "procedure": row["procedure"]}
        assert row["steps_total"] == count("/api/v1/sla/steps/", state="completed", **scope)
        assert row["steps_total"] - row["steps_met"] == count(
            "/api/v1/sla/steps/", state="completed", status="breached", **scope
        )
        assert row["cases_total"] == count("/api/v1/sla/cases/", state="closed", **scope)
        assert row["cases_met"] == count(
            "/api/v1/sla/cases/", state="closed", compliant="true", **scope
        )
    for row in data["handling_times"]:
        assert row["count"] == count(
            "/api/v1/sla/steps/", state="completed", procedure=row["procedure"], step=row["step"]
        )
    for week in data["weekly_trend"]:
        assert week["completed"] == count(
            "/api/v1/sla/steps/", state="completed", week=week["week_start"]
        )
    assert data["open_steps"]["total"]["overdue"] == count("/api/v1/sla/steps/", state="overdue")
    assert data["open_steps"]["total"]["overdue"] > 0
    overdue = client.get("/api/v1/sla/steps/", {**PERIOD, "state": "overdue"}).json()["results"]
    assert {row["status"] for row in overdue} == {"overdue"}


def test_reassign_pause_and_resume_through_the_api(supervisor, cases):
    from tests.workflows.core.sla.conftest import at, open_task
    from workflows.core.models import Deadline

    task = open_task(cases[3], "decide")
    row = Deadline.objects.get(task=task)
    # REP-DECIDE from 10 Mar 2026 runs to 31 Mar: still running on the seed's "today".
    assert row.due_date == seed.nth_workday(date(2026, 3, 10), seed.DECIDE_LIMIT)
    assert row.due_date == date(2026, 3, 31)
    leader = _user("leader2", Role.LEADER, "650100")
    handler = _user("handler2", Role.HANDLER, "650100")
    kashgar = _user("kashgar_handler", Role.HANDLER, "653100")

    with time_machine.travel(at(seed.TODAY), tick=False):  # Friday 27 March 2026
        assert _api(leader).post(
            f"/api/v1/sla/tasks/{task.pk}/reassign/", {"to_user": "sup", "reason": "x"}
        ).status_code in (400, 403)
        response = _api(supervisor).post(
            f"/api/v1/sla/tasks/{task.pk}/reassign/", {"to_user": "leader2", "reason": "督办"}
        )
        assert response.status_code == 200, response.content
        assert Deadline.objects.get(task=task).assignee == leader

        pause = f"/api/v1/sla/deadlines/{row.pk}/pause/"
        assert _api(supervisor).post(pause, {"reason": "补正"}
                                     ).status_code == 403  # supervisors never act  # fmt: skip
        no_reason = _api(handler).post(pause, {"reason": ""})
        assert no_reason.status_code == 409 and "reason" in no_reason.json()["detail"]
        paused = _api(handler).post(pause, {"reason": "补正"})
        assert paused.status_code == 200, paused.content
        assert paused.json() == {"id": row.pk, "status": "paused"}
        row.refresh_from_db()
        assert (row.status, row.paused_at) == (Deadline.Status.PAUSED, at(seed.TODAY))
        assert _api(kashgar).post(f"/api/v1/sla/deadlines/{row.pk}/resume/").status_code == 404

    # Resumed on Tuesday 31 March: the day of pausing counted as run, the day of
    # resuming does not, so two working days were paused (Monday 30 and Tuesday 31).
    with time_machine.travel(at(date(2026, 3, 31)), tick=False):
        resumed = _api(handler).post(f"/api/v1/sla/deadlines/{row.pk}/resume/")
        assert resumed.status_code == 200, resumed.content
        assert resumed.json()["status"] != "paused"
        row.refresh_from_db()
        assert row.status != Deadline.Status.PAUSED and row.paused_at is None
        assert (row.paused_workdays, row.due_date) == (2, seed.nth_workday(date(2026, 3, 31), 2))

    # Once its (moved) last day has passed, it can no longer be paused.
    with time_machine.travel(at(row.due_date + timedelta(days=1)), tick=False):
        late = _api(handler).post(f"/api/v1/sla/deadlines/{row.pk}/pause/", {"reason": "补正"})
        assert late.status_code == 409 and "overdue" in late.json()["detail"]


def test_a_prefecture_leader_sees_only_their_bureau(cases):
    leader = _user("kashgar_leader", Role.LEADER, "653100")
    data = _api(leader).get("/api/v1/sla/summary/", PERIOD).json()
    assert {r["bureau"] for r in data["compliance"]["rows"]} == {"653100"}
    assert {r["bureau"] for r in data["open_steps"]["rows"]} == {"653100"}
    refused = _api(leader).get("/api/v1/sla/steps/", {"bureau": "650100"})
    assert refused.status_code == 400  # not a bureau the leader may choose


def test_bad_filters_answer_400(supervisor):
    response = _api(supervisor).get(
        "/api/v1/sla/summary/", {"date_from": "2026-03-27", "date_to": "2026-03-01"}
    )
    assert response.status_code == 400

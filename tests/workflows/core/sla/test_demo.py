"""The SLA demo gives the dashboard numbers for several prefectures, once."""

from datetime import date

import pytest

from workflows.core.models import SlaReport
from workflows.core.sla import demo, figures
from workflows.core.sla.figures import Period, Scope

pytestmark = pytest.mark.django_db


def test_the_demo_fills_every_figure_and_is_idempotent(staff):
    today = date(2026, 3, 27)
    counts = demo.seed(today)
    assert counts["sla_demo_cases"] > 100
    assert counts["sla_reports"] == len(demo.BUREAUS)
    assert SlaReport.objects.count() == len(demo.BUREAUS)
    data = figures.summary(Scope(), Period.weeks_back(today), today)
    rows = data["compliance"]["rows"]
    assert {row["bureau"] for row in rows} == set(demo.BUREAUS)
    assert 0 < data["compliance"]["total"]["steps_rate"] < 1
    assert {row["step"] for row in data["handling_times"]} >= {"publicity", "decision"}
    totals = data["open_steps"]["total"]
    assert totals["overdue"] > 0 and totals["on_track"] > 0 and totals["paused"] > 0
    assert sum(week["completed"] for week in data["weekly_trend"]) > 50
    assert demo.seed(today) == {"sla_demo_cases": 0}


def test_make_demo_runs_the_sla_demo_command(staff):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("seed_sla_demo", stdout=out)
    assert "SLA demo ready" in out.getvalue()

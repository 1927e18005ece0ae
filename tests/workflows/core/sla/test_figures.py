"""Dashboard figures on the seeded data set equal the ones worked out independently."""

from datetime import date

import pytest

from tests.workflows.core.sla import seed
from workflows.core.sla import figures
from workflows.core.sla.figures import Period, Scope

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(db):
    return seed.seed()


@pytest.fixture
def summary(cases):
    return figures.summary(Scope(), Period(*seed.PERIOD), seed.TODAY)


def test_the_expected_figures_are_what_the_spec_says():
    """A hand check of the independent computation itself, for a few numbers."""
    want = seed.expected()
    assert want["compliance"][("650100", "repair")] == {
        "steps_met": 4, "steps_total": 5, "cases_met": 1, "cases_total": 2,
    }  # fmt: skip
    assert want["handling"][("repair", "accept")] == {
        "count": 4, "average": 1.75, "p90": 4, "limit": 2, "over_limit": 1,
    }  # fmt: skip
    assert want["overdue"][4] == 2  # last day Wed 25 Mar; 26, 27 Mar


def test_compliance_per_bureau_and_procedure(summary):
    want = seed.expected()["compliance"]
    got = {
        (row["bureau"], row["procedure"]): {
            k: row[k] for k in ("steps_met", "steps_total", "cases_met", "cases_total")
        }
        for row in summary["compliance"]["rows"]
    }
    assert got == want
    rates = {(r["bureau"], r["procedure"]): r["steps_rate"] for r in summary["compliance"]["rows"]}
    assert rates == {key: round(v["steps_met"] / v["steps_total"], 4) for key, v in want.items()}
    total = summary["compliance"]["total"]
    assert (total["steps_met"], total["steps_total"]) == (
        sum(v["steps_met"] for v in want.values()),
        sum(v["steps_total"] for v in want.values()),
    )
    assert total["cases_rate"] == round(
        sum(v["cases_met"] for v in want.values()) / sum(v["cases_total"] for v in want.values()),
        4,
    )


def test_handling_time_average_and_90th_percentile_per_step(summary):
    want = seed.expected()["handling"]
    got = {
        (row["procedure"], row["step"]): {
            k: row[k] for k in ("count", "average", "p90", "limit", "over_limit")
        }
        for row in summary["handling_times"]
    }
    assert got == want


def test_open_steps_and_cases_by_status(summary):
    want = seed.expected()
    got_steps = {
        (r["procedure"], r["step"], r["bureau"], r["status"]): r["count"]
        for r in summary["open_steps"]["rows"]
    }
    assert got_steps == want["open_steps"]
    got_cases = {
        (r["procedure"], r["bureau"], r["status"]): r["count"]
        for r in summary["open_cases"]["rows"]
    }
    assert got_cases == want["open_cases"]
    assert summary["open_steps"]["total"]["overdue"] == len(want["overdue"])


def test_overdue_list_in_working_days(cases):
    want = seed.expected()["overdue"]
    items = figures.overdue_items(Scope(), seed.TODAY)
    by_spec = {n: case.pk for n, case in cases.items()}
    got = {n: item.workdays_overdue for item in items for n, pk in by_spec.items()
           if item.case_id == pk}  # fmt: skip
    assert got == want
    assert [item.workdays_overdue for item in items] == sorted(want.values(), reverse=True)


def test_weekly_trend(summary):
    want = seed.expected()["weeks"]
    got = [
        {k: row[k] for k in ("week_start", "created", "completed", "met")}
        for row in summary["weekly_trend"]
    ]
    assert got == want


def test_a_bureau_and_procedure_filter_narrows_every_figure(cases):
    scope = Scope(bureau="653100")
    data = figures.summary(scope, Period(*seed.PERIOD), seed.TODAY)
    assert {r["bureau"] for r in data["compliance"]["rows"]} == {"653100"}
    assert data["open_steps"]["total"] == {
        "overdue": 0, "due_soon": 1, "paused": 1, "on_track": 0,
    }  # fmt: skip
    listing = figures.summary(Scope(procedure="listing"), Period(*seed.PERIOD), seed.TODAY)
    assert [(r["procedure"], r["step"]) for r in listing["handling_times"]] == [
        ("listing", "accept"),
        ("listing", "decide"),
    ]


def test_a_prefecture_user_sees_only_their_bureau(cases):
    from tests.factories import UserFactory, bureau

    kashgar = UserFactory(username="k_lead", bureau=bureau("653100"))
    scope = Scope.for_user(kashgar)
    rows = figures.compliance(scope, Period(*seed.PERIOD))["rows"]
    assert {r["bureau"] for r in rows} == {"653100"}


def test_weeks_run_monday_to_sunday():
    weeks = figures.weeks_of(Period(date(2026, 3, 4), date(2026, 3, 16)))
    assert [(w.date_from, w.date_to) for w in weeks] == [
        (date(2026, 3, 2), date(2026, 3, 8)),
        (date(2026, 3, 9), date(2026, 3, 15)),
        (date(2026, 3, 16), date(2026, 3, 22)),
    ]
    assert figures.percentile([5, 1, 3, 2, 4, 6, 7, 8, 9, 10]) == 9
    assert figures.percentile([3]) == 3 and figures.percentile([]) is None


def test_open_steps_pivot_sums_the_bureaus_per_step_with_a_column_per_status(summary):
    want: dict[tuple[str, str], dict[str, int]] = {}
    for (procedure, step, _bureau, status), n in seed.expected()["open_steps"].items():
        counts = want.setdefault((procedure, step), dict.fromkeys(map(str, figures.OPEN_ORDER), 0))
        counts[status] += n
    pivot = figures.by_status(summary["open_steps"]["rows"], "procedure", "step")
    assert [(r["procedure"], r["step"]) for r in pivot] == sorted(want)
    assert {(r["procedure"], r["step"]): r["counts"] for r in pivot} == want
    assert all(list(r["counts"]) == ["overdue", "due_soon", "paused", "on_track"] for r in pivot)
    assert sum(r["total"] for r in pivot) == sum(summary["open_steps"]["total"].values())

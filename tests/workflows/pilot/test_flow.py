"""A call's two applications end to end through the application page and the task API:
one approved after supplements with parallel expert scoring, one rejected on its score."""

from decimal import Decimal

from django.urls import reverse
from rest_framework.test import APIClient

from tests import calendar_oracle
from tests.workflows.pilot.conftest import act, apply, open_tasks, panel, score, today
from workflows.core.models import AuditEvent, Case, CaseDocument, Deadline
from workflows.pilot.models import Pilot, PilotApplication, PilotScore
from workflows.pilot.selectors import score_summary


def _due(case, step) -> Deadline:
    return Deadline.objects.get(case=case, task=open_tasks(case, step).get())


def test_an_application_is_approved_after_supplements_with_parallel_scoring(
    pinned_day, client, people, call
):
    application = apply(client, people["handler"], call)
    case, year = application.case, today().year
    assert case.bureau.code == "650100"
    assert [a.kind for a in application.attachments.order_by("pk")] == ["application", "plan"]
    check = _due(case, "check")
    assert check.due_date == calendar_oracle.workday_after(today(), 5)
    assert check.bureau.code == "650000"  # the regional bureau's queue

    # A prefecture handler may not take the regional formal check.
    prefecture = APIClient()
    prefecture.force_authenticate(people["handler"])
    refused = prefecture.post(f"/api/v1/tasks/{check.task_id}/claim/")
    assert refused.status_code == 403
    act(case, "check", people["region_handler"],
        {"result": "supplement", "opinion": "缺少资金来源证明"})  # fmt: skip
    application.refresh_from_db()
    assert (application.check_result, application.supplement_rounds) == ("supplement", 1)
    assert _due(case, "supplement").due_date == calendar_oracle.workday_after(today(), 10)
    act(case, "supplement", people["handler"], {"response": "已补充区财政配套资金承诺函"})

    # The formal check again: complete, and a panel of three experts scores in parallel.
    act(case, "check", people["region_handler"],
        {"result": "complete", "opinion": "材料齐全", "scorers": panel(people)})  # fmt: skip
    sheets = open_tasks(case, "score")
    assert sorted(task.owner.username for task in sheets) == [
        "expert_a", "expert_b", "region_handler",
    ]  # fmt: skip
    review_due = calendar_oracle.workday_after(today(), 20)
    assert {d.due_date for d in Deadline.objects.filter(task__in=sheets)} == {review_due}
    # Nobody completes another expert's sheet.
    sheet_a = sheets.get(owner=people["expert_a"])
    outsider = APIClient()
    outsider.force_authenticate(people["region_head"])
    taken = outsider.post(f"/api/v1/tasks/{sheet_a.pk}/complete/", {"foundation": 1})
    assert taken.status_code == 403
    score(case, people["expert_a"], (18, 22, 17, 13, 8, 8), "方案扎实")  # 86
    score(case, people["region_handler"], (16, 20, 16, 12, 8, 8))  # 80
    assert not open_tasks(case, "review").exists()  # the join waits for the last sheet
    score(case, people["expert_b"], (8, 12, 10, 8, 6, 6), "指标偏弱")  # 50: an outlier
    application.refresh_from_db()
    assert application.score_mean == Decimal("72.00")
    assert PilotScore.objects.filter(application=application).count() == 3
    assert _due(case, "review").due_date == review_due
    summary = score_summary(application)
    assert [(r.score.scorer.username, r.score.total, r.outlier) for r in summary.rows] == [
        ("expert_a", 86, False), ("region_handler", 80, False), ("expert_b", 50, True),
    ]  # fmt: skip
    client.force_login(people["region_head"])
    page = client.get(reverse("pilot:cases:detail", args=[case.pk])).content.decode()
    assert page.count('class="xy-outlier"') == 1 and "72.00" in page
    assert f"暂定：{review_due.year}年节假日安排尚未录入" in page

    act(case, "review", people["region_head"],
        {"recommendation": "approve", "opinion": "建议批复"})  # fmt: skip
    act(case, "approve", people["region_leader"], {
        "decision": "approve", "opinion": "同意", "period_start": str(application.period_start),
        "period_end": str(application.period_end),
    })  # fmt: skip

    application.refresh_from_db()
    pilot = Pilot.objects.get(application=application)
    assert application.outcome == PilotApplication.Outcome.APPROVED
    assert (pilot.state, pilot.started_on) == (Pilot.State.RUNNING, today())
    assert open_tasks(case, "midterm").exists()
    documents = dict(CaseDocument.objects.filter(case=case).values_list("kind", "doc_number"))
    assert documents == {
        "pilot.application_form": f"乌市监试点申〔{year}〕1号",
        "pilot.check_opinion": f"新市监试点审〔{year}〕1号",
        "pilot.scoring_summary": f"新市监试点评〔{year}〕1号",
        "pilot.approval": f"新市监试点批〔{year}〕1号",
    }
    opinion = CaseDocument.objects.filter(case=case, kind="pilot.check_opinion")
    assert list(opinion.order_by("version").values_list("version", flat=True)) == [1, 2]
    events = set(AuditEvent.objects.filter(case=case).values_list("event_type", flat=True))
    assert {"pilot.applied", "pilot.check_supplement", "pilot.supplements_received",
            "pilot.check_complete", "pilot.scored", "pilot.scoring_completed",
            "pilot.reviewed", "pilot.approved", "pilot.start"} <= events  # fmt: skip


def test_an_application_below_the_pass_mark_is_rejected_on_its_score(client, people, call):
    application = apply(client, people["handler_kashgar"], call, name="喀什古城信用街区")
    case = application.case
    act(case, "check", people["region_handler"],
        {"result": "complete", "opinion": "材料齐全", "scorers": panel(people)})  # fmt: skip
    for name, points in (
        ("region_handler", (10, 12, 10, 8, 5, 5)),
        ("expert_a", (9, 12, 9, 7, 5, 4)),
        ("expert_b", (8, 10, 8, 6, 4, 4)),
    ):  # 50, 46, 40
        score(case, people[name], points)
    application.refresh_from_db()
    assert application.score_mean == Decimal("45.33")

    refused = act(case, "review", people["region_head"],
                  {"recommendation": "approve", "opinion": "建议批复"}, expect=400)  # fmt: skip
    assert "45.33" in refused.json()["recommendation"][0]
    act(case, "review", people["region_head"],
        {"recommendation": "reject", "opinion": "评审平均分未达到60分"})  # fmt: skip

    application.refresh_from_db()
    case.refresh_from_db()
    assert application.outcome == PilotApplication.Outcome.REJECTED
    assert (case.status, case.decision) == (Case.Status.CLOSED, "rejected")
    assert not Pilot.objects.filter(application=application).exists()
    assert set(CaseDocument.objects.filter(case=case).values_list("kind", flat=True)) == {
        "pilot.application_form", "pilot.check_opinion", "pilot.scoring_summary",
        "pilot.rejection",
    }  # fmt: skip
    assert not Deadline.objects.filter(case=case, status__in=Deadline.OPEN_STATUSES).exists()

"""Periodic reports of a running pilot: core deadlines, reminders, overdue on the SLA
dashboard, submission by the pilot's own bureau."""

from datetime import date, timedelta

from django.urls import reverse
from rest_framework.test import APIClient

from tests.workflows.pilot.conftest import approved_pilot, today
from workflows.core.models import AuditEvent, Deadline, Notification
from workflows.core.sla.escalation import deadlines_escalate
from workflows.core.workdays import add_workdays, next_workday_on_or_after
from workflows.pilot.models import PilotReport
from workflows.pilot.services import pilots_schedule_all


def _quarter_end(day: date) -> date:
    quarter = (day.month - 1) // 3
    first_of_next = date(day.year + (quarter == 3), 1 if quarter == 3 else 3 * quarter + 4, 1)
    return first_of_next - timedelta(days=1)


def test_a_late_quarterly_report_is_overdue_on_the_sla_dashboard(client, people, call):
    application = approved_pilot(client, people, call)
    pilot, case = application.pilot, application.case
    first = pilot.reports.filter(kind=PilotReport.Kind.QUARTERLY).order_by("period_start").first()
    quarter_end = _quarter_end(pilot.period_start)
    assert (first.period_start <= pilot.period_start, first.period_end) == (True, quarter_end)
    deadline = first.deadline
    expected = next_workday_on_or_after(quarter_end + timedelta(days=15)).value
    assert (deadline.rule.code, deadline.due_date) == ("PILOT-QUARTERLY", expected)
    assert (deadline.status, deadline.bureau.code, deadline.role, deadline.task_id) == (
        Deadline.Status.OVERDUE, "650100", "handler", None,
    )  # fmt: skip
    annuals = list(pilot.reports.filter(kind=PilotReport.Kind.ANNUAL))
    # The period began 200 days ago, before this year's 31 October: this year's is owed.
    assert str(today().year) in [annual.period for annual in annuals]
    for annual in annuals:
        assert annual.deadline.due_date == date(int(annual.period), 10, 31)
        assert annual.deadline.rule.code == "XJ-REPORT"
    assert (
        Notification.objects.filter(
            recipient=people["handler"], kind="pilot.report_due", case=case
        ).count()
        == pilot.reports.count()
    )

    # The supervisor's SLA dashboard (API and page) lists the late report as overdue.
    api = APIClient()
    api.force_authenticate(people["supervisor"])
    rows = api.get("/api/v1/sla/steps/", {"state": "overdue", "procedure": "pilot"}).json()
    late = [r for r in rows["results"] if r["id"] == deadline.pk]
    assert [(r["case_no"], r["step"], r["rule"]) for r in late] == [
        (case.case_no, "report_quarterly", "PILOT-QUARTERLY")
    ]
    client.force_login(people["supervisor"])
    page = client.get(reverse("sla:dashboard:steps"), {"state": "overdue", "procedure": "pilot"})
    assert case.case_no in page.content.decode()
    listed = client.get(reverse("pilot:reports:index"), {"status": "overdue"})
    assert first in listed.context["object_list"]

    # The prefecture submits it late: recorded, the deadline breached, no longer overdue.
    client.force_login(people["handler"])
    url = reverse("pilot:reports:detail", args=[first.pk])
    assert client.post(url, {"progress": ""}).status_code == 400
    response = client.post(url, {"progress": "完成商户信用建档412户，公示红黄绿分级结果"})
    assert response.status_code == 302
    first.refresh_from_db()
    assert (first.status, first.submitted_by) == (PilotReport.Status.SUBMITTED, people["handler"])
    assert first.deadline.status == Deadline.Status.BREACHED
    submitted = AuditEvent.objects.get(case=case, event_type="pilot.report_submitted")
    assert submitted.after == {"report": first.pk, "kind": "quarterly", "period": first.period,
                               "on_time": False}  # fmt: skip
    rows = api.get("/api/v1/sla/steps/", {"state": "overdue", "procedure": "pilot"}).json()
    assert deadline.pk not in [r["id"] for r in rows["results"]]


def test_reports_fall_due_as_quarters_begin_and_only_once(client, people, call):
    application = approved_pilot(client, people, call)
    pilot = application.pilot
    before = set(pilot.reports.values_list("kind", "period"))
    next_quarter = _quarter_end(today()) + timedelta(days=1)
    assert pilots_schedule_all(today=next_quarter) == 1 + (next_quarter.month == 1)
    new = [r for r in pilot.reports.all() if (r.kind, r.period) not in before]
    (quarterly,) = [r for r in new if r.kind == PilotReport.Kind.QUARTERLY]
    assert quarterly.period_start == next_quarter
    assert quarterly.deadline.status == Deadline.Status.ON_TRACK
    assert pilots_schedule_all(today=next_quarter) == 0


def test_the_escalation_sweep_reminds_the_prefecture_of_a_report_due_soon(client, people, call):
    application = approved_pilot(client, people, call)
    current = application.pilot.reports.filter(status="due").order_by("-deadline__due_date")[0]
    eve = add_workdays(current.deadline.due_date, -1).value
    assert deadlines_escalate(today=eve) >= 1
    reminder = Notification.objects.get(
        case=application.case, kind="deadline.escalated.l0", recipient=people["handler"],
        title__contains=current.deadline.due_date.isoformat(),
    )  # fmt: skip
    assert reminder.url == "/app/work/inbox/"


def test_only_the_pilots_own_bureau_submits_its_reports(client, people, call):
    application = approved_pilot(client, people, call)
    report = application.pilot.reports.first()
    url = reverse("pilot:reports:detail", args=[report.pk])
    client.force_login(people["handler_kashgar"])
    assert client.get(url).status_code == 404
    client.force_login(people["region_handler"])
    assert client.get(url).status_code == 200
    assert client.post(url, {"progress": "代报"}).status_code == 403
    report.refresh_from_db()
    assert report.status == PilotReport.Status.DUE

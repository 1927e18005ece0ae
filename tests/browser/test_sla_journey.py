"""Journey 3: the supervisor opens the SLA dashboard, drills into the overdue steps and
hands a late task to a colleague, with a reason."""

import re

import pytest
from playwright.sync_api import expect

from workflows.core.models import AuditEvent, Deadline

pytestmark = pytest.mark.django_db(transaction=True)


def test_supervisor_drills_into_the_overdue_steps_and_reassigns_one(login, demo_cases):
    late = (
        Deadline.objects.filter(status=Deadline.Status.OVERDUE, task__isnull=False)
        .select_related("case")
        .order_by("due_date", "pk")
        .first()
    )
    assert late is not None, "the repair demo has overdue steps"
    supervisor = login("supervisor")
    page = supervisor.go("/app/sla/dashboard/")
    heading = page.locator(".xy-h", has_text="已逾期")
    expect(heading).to_contain_text(re.compile(r"已逾期（[1-9][0-9]*）"))
    overdue = int(re.search(r"已逾期（(\d+)）", heading.inner_text()).group(1))
    expect(page.locator("#xy-chart-open .main-svg").first).to_be_visible()  # plotly drew
    supervisor.shot("sla-1-dashboard")

    page.locator("[data-kpi=overdue-days]").click()
    page.wait_for_url("**/app/sla/dashboard/steps/?*state=overdue*")
    expect(page.locator(".xy-count")).to_have_attribute("data-count", str(overdue))
    row = page.locator(f"tr[data-deadline='{late.pk}']")
    expect(row).to_contain_text(late.case.case_no)
    expect(row.locator(".xy-badge")).to_contain_text("已逾期")
    supervisor.shot("sla-2-overdue-steps")

    to_user = row.get_by_label("改派给")
    option = to_user.locator("option").nth(1).inner_text()
    colleague, _, who = option.partition("（")  # 李娜（受理人员 · 乌鲁木齐市市场监督管理局）
    assert who == "受理人员 · 乌鲁木齐市市场监督管理局）"
    to_user.select_option(index=1)
    row.get_by_label("改派理由").fill("原承办人休假，改派他人办理")
    row.get_by_role("button", name="改派").click()

    expect(page.get_by_text(f"任务已交由{colleague}办理。")).to_be_visible()
    row = page.locator(f"tr[data-deadline='{late.pk}']")
    expect(row.locator("td").nth(7)).to_have_text(colleague)
    supervisor.shot("sla-3-reassigned")

    late.refresh_from_db()
    assert str(late.assignee) == colleague
    event = AuditEvent.objects.filter(case=late.case, event_type="task.assigned").latest("seq")
    assert (event.actor.username, event.comment) == ("supervisor", "原承办人休假，改派他人办理")

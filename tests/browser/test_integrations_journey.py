"""系统对接 as its people use it: a supervisor watches a receiving system fall behind;
the administrator pauses it for its maintenance, resumes it and sends a dead letter
again, each act confirmed; delivery then reaches the real receiver."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.receiver import deliver_all
from workflows.core.models import OutboundMessage, OutboundTarget
from workflows.core.services.outbound import outbound_enqueue

pytestmark = pytest.mark.django_db(transaction=True)
PAGE = "/app/integrations/status/"


def _dead_letter() -> OutboundMessage:
    message = outbound_enqueue(
        case=None, target="publicity", message_type="abnormal.listed",
        payload={"uscc": "91650102MA7J9001X", "name": "乌鲁木齐雪域商贸有限公司"},
    )  # fmt: skip
    OutboundMessage.objects.filter(pk=message.pk).update(
        status="dead",
        attempts=12,
        last_error="HTTPStatusError: Server error '503 Service Unavailable'",
        last_attempt_at=timezone.now(),
    )
    return message


def test_the_administrator_pauses_resumes_and_retries_what_the_supervisor_sees(
    login, staff, receiver
):
    dead = _dead_letter()

    supervisor = login("supervisor").go(PAGE)
    publicity = supervisor.locator("[data-table=outbound] tr[data-target=publicity]")
    expect(publicity).to_contain_text("国家企业信用信息公示系统")
    expect(publicity).to_contain_text("推送中")
    expect(supervisor.locator("[data-table=dead]")).to_contain_text("列入经营异常名录")
    expect(supervisor.locator("[data-table=dead]")).to_contain_text("503")
    expect(supervisor.get_by_role("button", name="暂停推送")).to_have_count(0)

    admin = login("admin")
    page = admin.go(PAGE)
    row = page.locator("[data-table=outbound] tr[data-target=publicity]")
    row.get_by_role("button", name="暂停推送").click()  # the browser asks for the reason
    expect(row).to_contain_text("推送中")
    row.get_by_label("暂停原因").fill("公示系统停机维护（周六 22:00—24:00）")
    row.get_by_label("确认暂停：消息排队等待，恢复后推送").check()
    row.get_by_role("button", name="暂停推送").click()
    expect(page.locator("vf-snackbar")).to_contain_text("已暂停向国家企业信用信息公示系统推送")
    row = page.locator("[data-table=outbound] tr[data-target=publicity]")
    expect(row).to_contain_text("已暂停")
    expect(row).to_contain_text("公示系统停机维护（周六 22:00—24:00）")
    admin.shot("integrations-paused")
    assert OutboundTarget.objects.get(code="publicity").paused

    row.get_by_label("确认恢复向国家企业信用信息公示系统推送").check()
    row.get_by_role("button", name="恢复推送").click()
    expect(page.locator("[data-table=outbound] tr[data-target=publicity]")).to_contain_text(
        "推送中"
    )

    retry = page.locator(f"[data-table=dead] tr[data-message='{dead.pk}']")
    retry.get_by_label("确认故障已排除").check()
    retry.get_by_role("button", name="重新推送").click()
    expect(page.locator("vf-snackbar")).to_contain_text(f"消息 {dead.pk} 已重新排队推送")
    expect(page.locator(".xy-empty").first).to_contain_text("没有死信")
    [(target, body)] = deliver_all(receiver)
    assert (target, body["id"], body["name"]) == ("publicity", dead.pk, "乌鲁木齐雪域商贸有限公司")

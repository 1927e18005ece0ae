"""The integrations page, its API and its command: the outbox per receiving system and
what came in per sender, for administrators and supervisors."""

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import next_uscc
from workflows.core.integrations.figures import inbound_figures, outbound_figures
from workflows.core.models import InboundCall, OutboundMessage, OutboundTarget
from workflows.core.services.outbound import outbound_enqueue
from workflows.core.services.subjects import subjects_receive

pytestmark = pytest.mark.django_db
PAGE = "/app/integrations/status/"


def _queue(target="publicity", kind="serious_list.listed", **fields) -> OutboundMessage:
    message = outbound_enqueue(case=None, target=target, message_type=kind, payload={})
    OutboundMessage.objects.filter(pk=message.pk).update(**fields)
    return message


def _outbox():
    now = timezone.now()
    _queue(created_at=now - timedelta(hours=5))  # the oldest unsent
    _queue(attempts=2, last_error="ConnectError: 拒绝连接", last_attempt_at=now)
    _queue(status="sent", sent_at=now)
    _queue(status="dead", attempts=12, last_error="HTTPStatusError: 503",
           last_attempt_at=now - timedelta(hours=1))  # fmt: skip
    _queue(target="credit_china", kind="repair.granted", status="sent", sent_at=now)
    return now


def test_each_receiving_system_shows_its_counts_oldest_unsent_age_and_last_error():
    now = _outbox()
    rows = {row["target"]: row for row in outbound_figures(now=now)}

    assert list(rows) == ["credit_china", "publicity", "sharing", "cross_province", "portal"]
    publicity = rows["publicity"]
    assert (publicity["queued"], publicity["failing"], publicity["sent"], publicity["dead"]) == (
        2, 1, 1, 1,
    )  # fmt: skip
    assert 5 * 3600 - 5 <= publicity["oldest_unsent_seconds"] <= 5 * 3600 + 5
    assert publicity["last_error"] == "ConnectError: 拒绝连接"  # the latest attempt's
    assert publicity["name"] == "国家企业信用信息公示系统"
    assert rows["credit_china"] | {"last_sent_at": None} == {
        "target": "credit_china", "name": "信用中国", "channel": "file", "address": "file",
        "paused": False,
        "pause_reason": "", "paused_by": "", "queued": 0, "failing": 0, "sent": 1, "dead": 0,
        "oldest_unsent_seconds": None, "last_sent_at": None, "last_error": "",
        "last_error_at": None,
    }  # fmt: skip


def test_each_sender_shows_its_last_delivery_counts_and_rejects(staff):
    good = {"uscc": next_uscc(), "name": "乌鲁木齐推送有限公司", "legal_rep": "古丽",
            "region_code": "650102", "subject_type": "有限责任公司"}  # fmt: skip
    bad = {"uscc": "123", "name": "", "legal_rep": "", "region_code": "999999"}
    subjects_receive(rows=[good, bad], actor=staff["registration"])
    subjects_receive(rows=[good], actor=staff["registration"])

    [pushed] = [row for row in inbound_figures() if row["client"] == "registration"]
    assert pushed | {"last_call_at": None} == {
        "kind": "subjects", "kind_name": "经营主体登记信息", "channel": "api",
        "channel_name": "接口", "client": "registration",
        "client_name": staff["registration"].get_full_name() or "registration",
        "last_call_at": None, "calls": 2, "rows": 3, "accepted": 2, "rejected": 1,
    }  # fmt: skip
    assert (
        pushed["last_call_at"]
        == InboundCall.objects.filter(client=staff["registration"])
        .latest("received_at")
        .received_at
    )


def test_a_court_api_call_is_recorded_with_its_reject(staff):
    from workflows.core.models import Bureau
    from workflows.listing.models import Court

    Court.objects.create(code="650100-ZY", name="乌鲁木齐市中级人民法院", user=staff["court"],
                         bureau=Bureau.objects.get(code="650000"))  # fmt: skip
    client = APIClient()
    client.force_authenticate(staff["court"])
    response = client.post("/api/v1/court-referrals/", {"court_code": "650100-ZY"}, format="json")

    assert response.status_code == 400
    call = InboundCall.objects.get(client=staff["court"])
    assert (call.kind, call.channel, call.rows, call.accepted, call.rejected) == (
        "court_referrals", "api", 1, 0, 1,
    )  # fmt: skip


def test_the_supervisor_reads_the_page_in_chinese_and_a_handler_is_refused(client, staff):
    _outbox()
    client.force_login(staff["supervisor"])
    page = client.get(PAGE, HTTP_ACCEPT_LANGUAGE="zh-hans")
    text = page.content.decode()

    assert page.status_code == 200
    shown = ("系统对接", "接收系统", "国家企业信用信息公示系统", "死信", "HTTPStatusError: 503",
             "接收数据")  # fmt: skip
    for words in shown:
        assert words in text, words
    assert "5小时" in text  # the oldest unsent message's age
    assert "文件（演示环境）" in text  # the channel, in words
    assert "暂停推送" not in text  # only an administrator operates
    client.force_login(staff["handler"])
    assert client.get(PAGE).status_code == 403


def test_an_administrator_pauses_with_a_reason_resumes_and_retries_a_dead_letter(
    client, staff, django_user_model
):
    admin = django_user_model.objects.get(username="admin")
    dead = _queue(status="dead", attempts=12, last_error="HTTPStatusError: 503")
    client.force_login(admin)

    assert "暂停推送" in client.get(PAGE).content.decode()
    unconfirmed = client.post(f"{PAGE}targets/publicity/pause/", {"reason": "维护"}, follow=True)
    assert "请勾选确认" in unconfirmed.content.decode()
    refused = client.post(
        f"{PAGE}targets/publicity/pause/", {"reason": "", "confirm": "on"}, follow=True
    )
    assert "请填写暂停的原因" in refused.content.decode()
    assert not OutboundTarget.objects.filter(code="publicity", paused=True).exists()
    client.post(f"{PAGE}targets/publicity/pause/", {"reason": "公示系统停机维护", "confirm": "on"})
    target = OutboundTarget.objects.get(code="publicity")
    assert (target.paused, target.pause_reason) == (True, "公示系统停机维护")
    assert target.paused_by == admin
    assert "公示系统停机维护" in client.get(PAGE).content.decode()
    assert "恢复推送" in client.get(PAGE).content.decode()
    client.post(f"{PAGE}targets/publicity/resume/", {"confirm": "on"})
    assert not OutboundTarget.objects.filter(code="publicity", paused=True).exists()

    client.post(f"{PAGE}messages/{dead.pk}/retry/", {"confirm": "on"})
    dead.refresh_from_db()
    assert (dead.status, dead.attempts) == ("pending", 0)
    assert client.get(f"{PAGE}targets/publicity/pause/").status_code == 405
    client.force_login(staff["supervisor"])
    assert client.post(f"{PAGE}targets/publicity/pause/", {"reason": "x"}).status_code == 403


def test_the_api_and_the_command_give_the_same_figures(staff):
    _outbox()
    api = APIClient()
    token, _ = Token.objects.get_or_create(user=staff["supervisor"])
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    body = api.get("/api/v1/integrations/").json()
    out = StringIO()
    call_command("integrations", "--json", stdout=out)
    printed = json.loads(out.getvalue())

    def counts(summary):
        return [(r["target"], r["queued"], r["sent"], r["dead"]) for r in summary["outbound"]]

    assert counts(body) == counts(printed)
    assert counts(body)[1] == ("publicity", 2, 1, 1)
    token, _ = Token.objects.get_or_create(user=staff["handler"])
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get("/api/v1/integrations/").status_code == 403

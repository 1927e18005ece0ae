"""The register, import and planning pages, and /api/v1/pledges/, from the outside:
bureau scoping, roles, bad input next to the field, refusals with their reasons."""

from datetime import timedelta

import pytest
from django.contrib import messages
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from tests.factories import SubjectFactory, bureau
from tests.workflows.pledge.conftest import open_task, run_step, today
from workflows.core.models import CreditRecord
from workflows.core.services.credit_records import credit_record_create
from workflows.pledge.flows import PledgeFlow
from workflows.pledge.models import Pledge, PledgeType
from workflows.pledge.services import pledges_draw

pytestmark = pytest.mark.django_db

REGISTER, DRAWS, IMPORT = "/app/pledge/register/", "/app/pledge/draws/", "/app/pledge/import/"


def test_the_register_shows_only_the_users_bureaus_with_overdue_marked(client, staff, make_pledge):
    urumqi = make_pledge(content="乌鲁木齐的告知承诺", pledged_on=today() - timedelta(days=90),
                         verification_due=today() - timedelta(days=5))  # fmt: skip
    kashgar = make_pledge(PledgeType.VOLUNTARY, bureau_code="653100", content="喀什的主动承诺")

    client.force_login(staff["clerk"])
    page = client.get(REGISTER).content.decode()
    assert "乌鲁木齐的告知承诺" in page and "喀什的主动承诺" not in page
    assert 'class="xy-overdue"' in page
    overdue = client.get(REGISTER, {"state": "overdue"}).content.decode()
    assert f'data-pledge="{urumqi.pk}"' in overdue
    assert "xy-empty" in client.get(REGISTER, {"state": "false"}).content.decode()

    client.force_login(staff["supervisor"])  # reads every bureau
    page = client.get(REGISTER).content.decode()
    assert f'data-pledge="{kashgar.pk}"' in page and f'data-pledge="{urumqi.pk}"' in page


def test_a_handler_draws_for_the_bureau_and_sees_the_draw_re_derived(client, staff, make_pledge):
    pledge = make_pledge(risk_class="D")
    client.force_login(staff["clerk"])
    assert client.get(DRAWS).status_code == 403

    client.force_login(staff["handler"])
    assert client.post(DRAWS).status_code == 302
    pledge.refresh_from_db()
    assert pledge.state == Pledge.State.UNDER_VERIFICATION
    page = client.get(DRAWS).content.decode()
    assert f'data-draw="{pledge.draw.draw_id}"' in page and pledge.draw.draw.seed in page
    assert "xy-reproduced" in page and "#b00020" not in page
    again = client.post(DRAWS)  # nothing left to plan
    assert again.status_code == 400 and "xy-error" in again.content.decode()


def test_the_import_page_reports_rows_and_a_broken_file_next_to_the_field(client, staff):
    subject = SubjectFactory(region=bureau("650100"))
    far = SubjectFactory(region=bureau("653100"))
    lines = [
        "统一社会信用代码,承诺类型,承诺内容,承诺日期,来源编号",
        f"{subject.uscc},主动型承诺,诚信经营承诺,{today():%Y/%m/%d},ZD-1",
        f"{far.uscc},主动型承诺,诚信经营承诺,{today():%Y/%m/%d},ZD-2",
    ]
    client.force_login(staff["handler"])
    upload = SimpleUploadedFile("pledges.csv", "\n".join(lines).encode("gbk"))
    page = client.post(IMPORT, {"file": upload}).content.decode()
    assert 'data-row="2"' in page and 'data-row="3"' in page
    assert Pledge.objects.filter(source_ref="ZD-1", subject=subject).exists()
    assert not Pledge.objects.filter(source_ref="ZD-2").exists()  # another prefecture's

    broken = client.post(IMPORT, {"file": SimpleUploadedFile("x.csv", b"\x00\x01binary")})
    assert broken.status_code == 400 and "xy-error" in broken.content.decode()


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_api_registers_refuses_with_reasons_and_is_idempotent(staff):
    subject = SubjectFactory(region=bureau("650100"))
    body = {
        "uscc": subject.uscc.lower(), "pledge_type": "licensing", "content": "具备许可条件",
        "licence_no": "JY99", "pledged_on": today().isoformat(), "source_ref": "ZWFW-0001",
    }  # fmt: skip
    client = _api(staff["clerk"])
    created = client.post("/api/v1/pledges/", body, format="json")
    assert created.status_code == 201, created.json()
    assert (created.json()["state"], created.json()["source"]) == ("registered", "api")
    assert client.post("/api/v1/pledges/", body, format="json").status_code == 200
    assert Pledge.objects.filter(source_ref="ZWFW-0001").count() == 1

    bad = client.post(
        "/api/v1/pledges/", body | {"licence_no": "", "source_ref": "2"}, format="json"
    )
    assert bad.status_code == 400 and list(bad.json()) == ["licence_no"]

    credit_record_create(
        subject=subject, kind=CreditRecord.Kind.FALSE_PLEDGE, reason="承诺不实",
        listed_on=today(), deciding_bureau=subject.region, actor=None,
        decision_no="乌市监承诺定〔2026〕9号",
    )  # fmt: skip
    refused = client.post("/api/v1/pledges/", body | {"source_ref": "ZWFW-0002"}, format="json")
    assert refused.status_code == 400
    assert "乌市监承诺定〔2026〕9号" in refused.json()["uscc"][0]

    kashgar = _api(staff["clerk_kashgar"])
    assert kashgar.get("/api/v1/pledges/").json()["count"] == 0
    assert (
        kashgar.post("/api/v1/pledges/", body | {"source_ref": "3"}, format="json").status_code
        == 400
    )
    listed = client.get("/api/v1/pledges/", {"uscc": subject.uscc}).json()
    assert [row["source_ref"] for row in listed["results"]] == ["ZWFW-0001"]
    assert _api(staff["online"]).get("/api/v1/pledges/").status_code == 403


def test_the_review_step_through_its_task_page_shows_errors_next_to_the_field(
    client, staff, make_pledge
):
    pledge = make_pledge(risk_class="D")
    pledges_draw(bureau=pledge.bureau, actor=staff["handler"])
    case = Pledge.objects.get(pk=pledge.pk).case
    day = today().isoformat()
    run_step(case, "plan", staff["handler"], {"method": "online", "planned_on": day})
    run_step(case, "verify", staff["handler"], {
        "verified_on": day, "findings": "网络核查发现许可条件不符", "evidence": "系统截图",
        "result": "false",
    })  # fmt: skip
    run_step(case, "serve_notice", staff["handler"], {"served_on": day, "method": "electronic"})
    run_step(case, "statement", staff["handler"], {"statement": "waived"})

    task = open_task(case, "review")
    client.force_login(staff["section_head"])
    assert client.post(task.reverse("assign")).status_code == 302
    page = client.get(task.reverse("execute"))
    assert page.status_code == 200 and 'name="measures"' in page.content.decode()
    wrong = client.post(task.reverse("execute"), {
        "proposal": "false", "measures": ["rectification"], "reasons": "不实",
    })  # fmt: skip
    assert wrong.status_code == 200 and "rectify_by" in wrong.context["form"].errors
    done = client.post(task.reverse("execute"), {"proposal": "false", "reasons": "承诺不实"})
    assert done.status_code == 302
    assert open_task(case, "decide")
    process_page = client.get(PledgeFlow.instance.reverse("process_detail", args=[case.process_id]))
    assert process_page.status_code == 200 and case.case_no in process_page.content.decode()
    assert client.get("/app/pledge/").status_code == 200


def test_a_handler_orders_a_full_check_of_one_pledge_from_the_register(client, staff, make_pledge):
    pledge = make_pledge(risk_class="A")
    url = f"/app/pledge/register/{pledge.pk}/check/"
    client.force_login(staff["clerk"])
    assert "xy-check" not in client.get(REGISTER).content.decode()
    assert client.post(url).status_code == 403

    client.force_login(staff["handler_kashgar"])
    assert client.post(url).status_code == 404  # another prefecture's pledge

    client.force_login(staff["handler"])
    assert "xy-check" in client.get(REGISTER).content.decode()
    ordered = client.post(url, follow=True)
    assert ordered.redirect_chain == [(REGISTER, 302)]
    assert [m.level for m in get_messages(ordered.wsgi_request)] == [messages.SUCCESS]
    pledge.refresh_from_db()
    assert (pledge.state, pledge.check_mode) == ("under_verification", "full")
    assert open_task(pledge.case, "plan")
    # Twice: the second is refused with a message, nothing changes.
    again = client.post(url, follow=True)
    assert again.redirect_chain == [(REGISTER, 302)]
    refusals = list(get_messages(again.wsgi_request))
    assert [m.level for m in refusals] == [messages.ERROR]
    assert refusals[0].message in again.content.decode()
    assert Pledge.objects.get(pk=pledge.pk).case_id == pledge.case_id

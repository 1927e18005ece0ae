"""The pages: a handler uploads a court's GBK file and matches a lead by hand."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import SubjectFactory, bureau
from tests.workflows.listing.conftest import today
from tests.workflows.listing.test_import import HEADER, _row
from workflows.core.models import Case
from workflows.listing.models import Lead

pytestmark = pytest.mark.django_db


def _upload(client, content: bytes):
    url = reverse("listing:court_import:index")
    return client.post(url, {"file": SimpleUploadedFile("court.csv", content)})


def test_a_handler_imports_a_gbk_file_and_sees_every_row(client, staff):
    known = SubjectFactory(name="乌鲁木齐雪峰商贸有限公司", region=bureau("650100"))
    content = "\r\n".join([HEADER, _row(known, 1), _row(known, 2, date="昨天")]).encode("gbk")
    client.force_login(staff["handler"])

    response = _upload(client, content)

    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-row="2"' in page and 'data-row="3"' in page
    assert "<strong>裁判日期</strong>" in page  # the rejected field, by its label
    assert Case.objects.filter(procedure="listing").count() == 1


def test_a_file_that_cannot_be_read_is_refused_with_its_reason(client, staff):
    client.force_login(staff["handler"])
    response = _upload(client, b"\x00\x01binary")
    assert response.status_code == 400
    assert 'class="xy-error"' in response.content.decode()


def test_only_handlers_import_or_match(client, staff):
    for username in ("clerk", "auditor", "court"):
        client.force_login(staff[username])
        assert client.get(reverse("listing:court_import:index")).status_code in (302, 403)
        assert client.get(reverse("listing:leads:index")).status_code in (302, 403)


def test_a_lead_is_matched_by_hand_on_the_leads_page(client, staff, court_client, subject):
    from tests.workflows.listing.conftest import payload

    court_client.post("/api/v1/court-referrals/", payload(subject, subject_name="雪莲公司"),
                      format="json")  # fmt: skip
    lead = Lead.objects.get()
    client.force_login(staff["region_handler"])
    url = reverse("listing:leads:index")
    assert f'data-lead="{lead.pk}"' in client.get(url).content.decode()

    wrong = client.post(url, {"lead": lead.pk, "uscc": "123"})
    assert 'class="xy-error"' in wrong.content.decode()
    response = client.post(url, {"lead": lead.pk, "uscc": subject.uscc.lower()})

    assert response.status_code == 302
    lead.refresh_from_db()
    assert (lead.status, lead.case.subject) == ("case_opened", subject)


def test_an_objection_task_opens_from_the_inbox(client, staff):
    from datetime import timedelta

    from workflows.listing.services.abnormal import abnormal_list, abnormal_object

    subject = SubjectFactory(region=bureau("650100"))
    entry = abnormal_list(subject=subject, ground="unreachable",
                          fact_date=today() - timedelta(days=1), actor=None)  # fmt: skip
    objection = abnormal_object(entry=entry, grounds="异议", actor=staff["clerk"])
    task = objection.case.process.task_set.get(finished__isnull=True, flow_task_type="HUMAN")
    url = task.reverse("execute")
    assert url.startswith("/app/listing/")
    client.force_login(staff["clerk"])
    queue = client.get(reverse("work:queue:index"))
    assert queue.status_code == 200
    page = queue.content.decode()
    assert objection.case.case_no in page
    assert f'name="task" value="{task.pk}"' in page  # its "take" button

    taken = client.post(reverse("work:queue:index"), {"task": task.pk})
    assert (taken.status_code, taken["Location"]) == (302, url)
    task.refresh_from_db()
    assert task.owner == staff["clerk"]
    assert f'href="{url}"' in client.get(reverse("work:inbox:index")).content.decode()
    assert client.get(url).status_code == 200


def test_listing_tasks_open_and_complete_through_the_pages(client, staff, court_client, subject):
    from tests.workflows.listing.conftest import open_task, payload, run_step, today

    response = court_client.post("/api/v1/court-referrals/", payload(subject), format="json")
    case = Case.objects.get(case_no=response.json()["case_no"])
    register = open_task(case, "register")
    client.force_login(staff["handler"])
    assert client.post(register.reverse("assign")).status_code == 302
    assert client.get(register.reverse("execute")).status_code == 200
    assert client.post(register.reverse("execute"), {"decision": "register"}).status_code == 302
    case.refresh_from_db()
    assert case.current_step == "assess"

    # The rest of the way through the services, then the upper level's page.
    run_step(case, "assess", staff["handler"], {
        "intent": "intentional", "frequency": 1, "duration_days": 30,
        "penalty_type": "court_judgment", "fine_amount": "1", "confiscated_amount": "0",
        "goods_value": "0", "health_harm": "no", "property_loss": "0",
        "social_impact": "minor", "proposal": "list", "findings": "属实",
    })  # fmt: skip
    run_step(case, "notice", staff["section_head"], {"facts": "属实", "basis": "第五条"})
    run_step(case, "serve_notice", staff["handler"],
             {"served_on": today().isoformat(), "method": "direct"})  # fmt: skip
    run_step(case, "statement", staff["handler"],
             {"statement": "waived", "hearing_requested": "waived"})  # fmt: skip
    run_step(case, "recheck", staff["handler"], {"result": "maintain", "reasons": "无申辩"})
    run_step(case, "legal", staff["legal"], {"opinion": "pass", "reasons": "合法"})
    run_step(case, "business", staff["section_head"], {"result": "agree"})
    upper = open_task(case, "upper")
    client.force_login(staff["leader"])  # the case bureau's own leader may not
    assert client.post(upper.reverse("assign")).status_code in (302, 403)
    upper.refresh_from_db()
    assert upper.owner is None
    client.force_login(staff["region_leader"])
    assert client.post(upper.reverse("assign")).status_code == 302
    page = client.get(upper.reverse("execute"))
    assert page.status_code == 200 and 'name="result"' in page.content.decode()


def test_the_admin_registers_courts_for_court_users_only(client, staff):
    client.force_login(staff["admin"])
    url = reverse("admin:listing_court_add")
    data = {"code": "653100-ZY", "name": "喀什地区中级人民法院", "bureau": bureau("650000").pk}

    refused = client.post(url, data | {"user": staff["handler"].pk})
    assert refused.status_code == 200  # the form again, with the error
    assert client.post(url, data | {"user": staff["court"].pk}).status_code == 302
    assert client.get(reverse("admin:listing_courtreferral_changelist")).status_code == 200
    assert client.get(reverse("admin:core_outboundmessage_changelist")).status_code == 200

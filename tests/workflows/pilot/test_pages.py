"""The pilot pages: issuing a call, applying (bad input refused next to its field, nothing
stored), and who sees which cases."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.workflows.pilot.conftest import application_post, apply, today
from workflows.core.models import AuditEvent, Case, Notification
from workflows.pilot.models import PilotApplication, PilotAttachment, PilotCall


def test_the_regional_bureau_issues_a_call_and_the_prefectures_are_told(client, people):
    url = reverse("pilot:calls:create")
    client.force_login(people["handler"])
    assert client.get(url).status_code == 403
    client.force_login(people["region_leader"])
    data = {
        "title": "2027年度信用建设试点申报", "year": "2027", "doc_number": "新市监信函〔2026〕30号",
        "description": "每个地州市局限报2个", "kinds": ["district", "street"],
        "opened_on": str(today()), "deadline": str(today() - timedelta(days=1)),
        "max_per_bureau": "2",
    }  # fmt: skip
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert "deadline" in refused.context["form"].errors
    assert (
        client.post(url, data | {"deadline": str(today() + timedelta(days=30))}).status_code == 302
    )
    call = PilotCall.objects.get()
    assert (call.kinds, call.created_by) == (["district", "street"], people["region_leader"])
    assert AuditEvent.objects.filter(stream=f"pilotcall:{call.pk}",
                                     event_type="pilot.call_issued").exists()  # fmt: skip
    assert set(
        Notification.objects.filter(kind="pilot.call_issued").values_list(
            "recipient__username", flat=True
        )
    ) == {"handler", "handler_kashgar"}
    client.force_login(people["handler"])
    assert call.title in client.get(reverse("pilot:calls:index")).content.decode()


def test_a_fake_pdf_and_bad_fields_are_refused_next_to_their_fields(client, people, call):
    client.force_login(people["handler"])
    data = application_post(
        call, merchant_count="0", period_end=str(today() - timedelta(days=300)),
        attachments_plan=SimpleUploadedFile("建设方案.pdf", "这不是PDF".encode()),
    )  # fmt: skip
    response = client.post(reverse("pilot:apply:index"), data)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) == {"merchant_count", "period_end", "attachments_plan"}
    assert "PDF" in errors["attachments_plan"][0]
    assert not Case.objects.exists() and not PilotAttachment.objects.exists()


def test_an_application_after_the_deadline_or_over_the_quota_is_refused(client, people, call):
    apply(client, people["handler"], call)
    apply(client, people["handler"], call, name="乌鲁木齐高新区信用园区", kind="park")
    third = client.post(
        reverse("pilot:apply:index"), application_post(call, name="水磨沟信用街区", kind="street")
    )
    assert third.status_code == 400
    assert "2" in third.context["form"].errors["call"][0]
    PilotCall.objects.filter(pk=call.pk).update(deadline=today() - timedelta(days=1))
    client.force_login(people["handler_kashgar"])
    late = client.post(reverse("pilot:apply:index"), application_post(call))
    assert late.status_code == 400 and late.context["form"].errors["call"]
    assert PilotApplication.objects.count() == 2


def test_a_prefecture_sees_only_its_own_pilot_cases(client, people, call):
    mine = apply(client, people["handler"], call)
    theirs = apply(client, people["handler_kashgar"], call, name="喀什古城信用街区")
    client.force_login(people["handler"])
    listed = client.get(reverse("pilot:cases:index")).context["object_list"]
    assert list(listed) == [mine]
    assert client.get(reverse("pilot:cases:detail", args=[theirs.case_id])).status_code == 404
    attachment = mine.attachments.first()
    download = client.get(reverse("pilot:cases:attachment", args=[mine.case_id, attachment.pk]))
    assert download.status_code == 200
    client.force_login(people["region_handler"])
    assert len(client.get(reverse("pilot:cases:index")).context["object_list"]) == 2
    client.force_login(people["clerk"])
    assert client.get(reverse("pilot:apply:index")).status_code == 403


def test_the_admin_lists_pilot_records_read_only(client, people, call):
    apply(client, people["handler"], call)
    client.force_login(people["admin"])
    for model in ("pilotcall", "pilotapplication", "pilot", "pilotreport", "pilotscore"):
        assert client.get(f"/admin/pilot/{model}/").status_code == 200
    assert client.get("/admin/pilot/pilotcall/add/").status_code == 403

"""The task pages: claim and complete in the browser; a second submit gets a clear page."""

import re

from tests.workflows.core.flow.conftest import open_task
from workflows.core.models import AuditEvent


def test_clerk_claims_and_completes_a_task_through_the_pages(client, sample_case, staff):
    client.force_login(staff["clerk"])
    task = open_task(sample_case, "accept")

    response = client.post(task.reverse("assign"))
    assert response.status_code == 302
    page = client.get(task.reverse("execute"))
    assert page.status_code == 200
    assert "受理日期" in page.content.decode()

    response = client.post(
        task.reverse("execute"), {"accepted_on": "2026-03-02", "comment": "齐全"}
    )
    assert response.status_code == 302
    completed = AuditEvent.objects.get(case=sample_case, event_type="task.completed")
    assert completed.actor == staff["clerk"]


def test_a_second_submit_of_a_done_task_gets_a_409_page_naming_who_did_it(
    client, sample_case, staff
):
    client.force_login(staff["clerk"])
    task = open_task(sample_case, "accept")
    client.post(task.reverse("assign"))
    client.post(task.reverse("execute"), {"accepted_on": "2026-03-02"})

    again = client.post(task.reverse("execute"), {"accepted_on": "2026-03-02"})
    assert again.status_code == 409
    body = again.content.decode()
    assert "李娜" in body
    assert AuditEvent.objects.filter(case=sample_case, event_type="task.completed").count() == 1


def test_form_errors_are_shown_next_to_the_field(client, sample_case, staff):
    client.force_login(staff["clerk"])
    task = open_task(sample_case, "accept")
    client.post(task.reverse("assign"))
    response = client.post(task.reverse("execute"), {"accepted_on": "not a date"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["accepted_on"]
    message = errors["accepted_on"][0]
    assert message
    # The message is an attribute of the field's own element, not a list at the top.
    field = re.search(r'<vf-field-date [^>]*name="accepted_on"[^>]*>', response.content.decode())
    assert field is not None
    assert f'error="{message}"' in field.group(0)
    assert not AuditEvent.objects.filter(case=sample_case, event_type="task.completed").exists()


def test_process_page_of_another_prefecture_is_refused(client, sample_case, staff):
    url = sample_case.process.flow_class.instance.reverse(
        "process_detail", args=[sample_case.process_id]
    )
    client.force_login(staff["handler"])
    assert client.get(url).status_code == 200
    client.force_login(staff["handler_kashgar"])
    assert client.get(url).status_code == 403
    client.force_login(staff["auditor"])
    assert client.get(url).status_code == 200

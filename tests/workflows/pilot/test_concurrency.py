"""The last two experts' sheets submitted at the same moment: the join continues once
(PostgreSQL, under the case lock)."""

import threading
from datetime import date

import pytest
from django.db import connection

from tests.workflows.pilot.conftest import application_post, open_tasks, panel
from workflows.core.models import Bureau, CaseDocument
from workflows.core.services.tasks import task_claim, task_complete
from workflows.pilot.models import PilotApplication, PilotCall
from workflows.pilot.services import pilot_apply

SERVICE_FIELDS = ("kind", "name", "area", "area_km2", "managing_body", "plan", "indicators",
                  "budget", "contact_name", "contact_phone")  # fmt: skip
SHEET = {"foundation": 15, "plan": 20, "indicators": 15, "budget": 12, "timeline": 8,
         "demonstration": 7}  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_simultaneous_last_sheets_open_one_review(people, call: PilotCall):
    posted = application_post(call)
    data = {name: value for name, value in posted.items() if name in SERVICE_FIELDS}
    data |= {"merchant_count": 642, "period_start": date.fromisoformat(posted["period_start"]),
             "period_end": date.fromisoformat(posted["period_end"])}  # fmt: skip
    application = pilot_apply(call=call, bureau=Bureau.objects.get(code="650100"), data=data,
                              attachments=[], actor=people["handler"])  # fmt: skip
    case = application.case
    check = open_tasks(case, "check").get()
    task_claim(task=check, user=people["region_handler"])
    complete = {"result": "complete", "opinion": "齐全", "scorers": panel(people)}
    task_complete(task=check, user=people["region_handler"], data=complete)
    first = open_tasks(case, "score").get(owner=people["region_handler"])
    task_complete(task=first, user=people["region_handler"], data=SHEET)

    barrier, errors = threading.Barrier(2), []

    def submit(username: str) -> None:
        try:
            task = open_tasks(case, "score").get(owner=people[username])
            barrier.wait()
            task_complete(task=task, user=people[username], data=SHEET)
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(name,)) for name in ("expert_a", "expert_b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert open_tasks(case, "review").count() == 1
    application = PilotApplication.objects.get(pk=application.pk)
    assert (application.scores.count(), str(application.score_mean)) == (3, "77.00")
    assert CaseDocument.objects.filter(case=case, kind="pilot.scoring_summary").count() == 1

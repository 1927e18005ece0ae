"""viewflow's pages of one flow (its kanban, process and task lists, queue) show the
user's bureaus only, and the queue only tasks the user may claim."""

import re

import pytest
from django.urls import reverse
from viewflow.workflow.models import Task

from tests.workflows.core.task_queue import private_queue
from workflows.core.models import Case

pytestmark = pytest.mark.django_db

PAGES = ("index", "process_list", "task_list", "queue")


@pytest.fixture
def repair_demo(staff):
    """Repair cases in every step, in Ürümqi and in Kashgar."""
    from workflows.repair import demo

    with private_queue():
        demo.seed()
    return staff


def _linked(client, page: str) -> tuple[set[int], set[int]]:
    """(process ids, task ids) the flow page links to."""
    body = client.get(reverse(f"repair:{page}")).content.decode()
    tasks = {int(pk) for pk in re.findall(r"/app/repair/\d+/[a-z_]+/(\d+)/", body)}
    processes = {int(pk) for pk in re.findall(r"/app/repair/(\d+)/", body)}
    return processes, tasks


def _of_bureau(code: str) -> tuple[set[int], set[int]]:
    cases = Case.objects.filter(procedure="repair", bureau__code=code)
    processes = set(cases.values_list("process_id", flat=True))
    tasks = set(Task.objects.filter(process_id__in=processes).values_list("pk", flat=True))
    return processes, tasks


def test_prefecture_staff_see_only_their_bureaus_processes_and_tasks(client, repair_demo):
    urumqi_processes, urumqi_tasks = _of_bureau("650100")
    kashgar_processes, kashgar_tasks = _of_bureau("653100")
    assert urumqi_processes and kashgar_processes
    client.force_login(repair_demo["handler_kashgar"])
    seen_processes, seen_tasks = set(), set()
    for page in PAGES:
        processes, tasks = _linked(client, page)
        seen_processes |= processes
        seen_tasks |= tasks
    assert seen_processes and seen_processes <= kashgar_processes
    assert seen_tasks and seen_tasks <= kashgar_tasks
    assert not seen_processes & urumqi_processes and not seen_tasks & urumqi_tasks


def test_the_flow_queue_offers_only_tasks_the_user_may_claim(client, repair_demo):
    from workflows.core.selectors import queue_of

    offers = {}
    for username in ("clerk", "handler", "supervisor"):
        user = repair_demo[username]
        client.force_login(user)
        _processes, offers[username] = _linked(client, "queue")
        claimable = set(queue_of(user).filter(procedure="repair").values_list("task_id", flat=True))
        assert offers[username] == claimable, username
    assert offers["clerk"] and offers["handler"] and not offers["clerk"] & offers["handler"]
    assert offers["supervisor"] == set()  # supervisors act on no task


def test_regional_supervisors_see_every_bureau(client, repair_demo):
    client.force_login(repair_demo["supervisor"])
    processes, _tasks = _linked(client, "process_list")
    assert processes & _of_bureau("650100")[0] and processes & _of_bureau("653100")[0]


def test_a_process_chart_is_drawn_only_for_a_case_the_user_sees(client, repair_demo):
    urumqi = Case.objects.filter(procedure="repair", bureau__code="650100").first()
    chart = reverse("repair:process_chart", kwargs={"process_pk": urumqi.process_id})
    client.force_login(repair_demo["handler_kashgar"])
    assert client.get(chart).status_code == 404
    client.force_login(repair_demo["handler"])
    assert client.get(chart).status_code == 200

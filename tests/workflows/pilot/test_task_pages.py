"""viewflow's task pages and task list of the pilot flow, once the panel's scoring tasks
exist (they link to the ``scoring`` split's task page, which must exist)."""

import pytest
from django.urls import reverse

from tests.workflows.pilot.conftest import act, apply, open_tasks, panel
from workflows.pilot.flows import PilotFlow

pytestmark = pytest.mark.django_db


def test_task_list_and_the_score_and_route_check_pages_open_once_scoring_began(
    client, people, call
):
    case = apply(client, people["handler"], call).case
    act(case, "check", people["region_handler"],
        {"result": "complete", "opinion": "材料齐全", "scorers": panel(people)})  # fmt: skip
    score = open_tasks(case, "score").get(owner=people["expert_a"])
    route_check = case.process.task_set.get(flow_task=PilotFlow.route_check)
    pages = [
        reverse(f"pilot:{task.flow_task.name}:detail", args=[case.process.pk, task.pk])
        for task in (score, route_check)
    ]
    for name in ("handler", "region_handler", "expert_a"):
        client.force_login(people[name])
        assert client.get(reverse("pilot:task_list")).status_code == 200
        assert [client.get(page).status_code for page in pages] == [200, 200]

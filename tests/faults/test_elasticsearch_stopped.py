"""Elasticsearch stopped and started again."""

import pytest

from tests.faults.instances import wait_for

pytestmark = pytest.mark.faults

UNSENT = "SELECT count(*) FROM search_outboxentry WHERE sent_at IS NULL"


def _search(stack, case_no: str) -> dict:
    response = stack.api("auditor").get(
        f"{stack.app.url}/api/v1/search/cases/", params={"q": case_no}, timeout=60
    )
    assert response.status_code == 200, response.text
    return response.json()


def _hits(stack, case_no: str) -> list:
    return _search(stack, case_no)["results"]


def test_while_elasticsearch_is_stopped_case_work_goes_on_and_search_falls_back(stack):
    stack.drained()
    stack.es.stop()

    status, health = stack.health()
    assert status == 503
    assert (health["database"], health["cache"]) == ("ok", "ok")
    assert health["search"].startswith("error: ")

    during = stack.refer()
    assert during.status_code == 201, during.text
    case_no = during.json()["case_no"]
    stack.wait_rendered(case_no)

    # The auditor's search answers from PostgreSQL and says so.
    found = _search(stack, case_no)
    assert (found["backend"], found["fallback"]) == ("database", "unavailable")
    assert [hit["document"]["case_no"] for hit in found["results"]] == [case_no]

    # The relay tried after the commit; the rows wait in the outbox with their error,
    # and a sweep while Elasticsearch is down leaves them there.
    stack.wait_until(f"{UNSENT} AND attempts > 0 AND last_error <> ''", stack.scalar(UNSENT))
    unsent = int(stack.scalar(UNSENT))
    assert unsent > 0
    stack.run_task("search.tasks.sweep_outbox")
    assert int(stack.scalar(UNSENT)) == unsent

    stack.es.start()
    stack.run_task("search.tasks.sweep_outbox")
    stack.drained()

    # Searchable again from the index once it refreshes (every second).
    found = wait_for(lambda: _search(stack, case_no) if _hits(stack, case_no) else None,
                     seconds=30, what="the case found in the index")  # fmt: skip
    assert (found["backend"], found["fallback"]) == ("elasticsearch", "")
    assert [hit["document"]["case_no"] for hit in found["results"]] == [case_no]
    verify = stack.app.manage("search_verify")
    assert "The search index matches PostgreSQL." in verify.stdout

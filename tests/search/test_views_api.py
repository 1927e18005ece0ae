"""The auditor's search page and API: results, timeline, export, fallbacks, refusals."""

import csv
import io

import pytest
from openpyxl import load_workbook
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from search.client import get_client
from search.params import EVENTS, SearchParams
from search.selectors import search
from search.timeline import check_chain
from tests.search.conftest import KASHGAR, open_case, sync
from workflows.core.models import AuditEvent

pytestmark = pytest.mark.django_db

PAGE = "/app/audit/search/"
API = "/api/v1/search/"


@pytest.fixture
def two_cases(es, people):
    urumqi = open_case(name="乌鲁木齐天山雪莲商贸有限公司", actor=people["clerk"])
    kashgar = open_case(
        bureau_code=KASHGAR, name="喀什古城文化旅游发展有限公司", actor=people["kashgar_clerk"]
    )
    sync()
    return urumqi, kashgar


def api(user=None) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def test_the_search_page_shows_highlighted_hits_facets_and_the_index_lag(client, two_cases, people):
    urumqi, _kashgar = two_cases
    client.force_login(people["auditor"])
    page = client.get(PAGE, {"q": "天山雪莲"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert urumqi.case_no in page
    assert "<mark>" in page
    assert "喀什古城" not in page
    assert 'data-facet="procedure"' in page and 'data-facet="deadline"' in page
    assert "Index up to date" in page
    assert "Searching the database" not in page

    open_case(flow=False)  # one change not yet sent
    page = client.get(PAGE, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Index lag: 2 changes waiting" in page

    events = client.get(f"{PAGE}events/", {"q": "喀什"}, HTTP_ACCEPT_LANGUAGE="en")
    assert events.status_code == 200
    assert "case.opened" in events.content.decode()


def test_the_timeline_shows_every_event_and_the_chain_check_within_the_region(
    client, two_cases, people
):
    urumqi, kashgar = two_cases
    client.force_login(people["auditor"])
    page = client.get(f"{PAGE}cases/{urumqi.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    count = AuditEvent.objects.filter(case=urumqi).count()
    assert f"Audit chain intact: {count} events verified." in page
    assert page.count('class="mdc-data-table__row xy-event"') == count

    client.force_login(people["kashgar"])
    assert client.get(f"{PAGE}cases/{urumqi.pk}/").status_code == 404
    assert client.get(f"{PAGE}cases/{kashgar.pk}/").status_code == 200
    client.force_login(people["court"])
    assert client.get(PAGE).status_code == 403


def test_the_timeline_shows_event_data_whatever_its_keys(client, two_cases, people):
    """Audit data with a key named "items" (a score sheet's) is shown like any other
    (a template loop over ``.items`` once looked that key up instead and failed)."""
    from django.db import transaction

    from workflows.core import audit

    urumqi, _kashgar = two_cases
    with transaction.atomic():
        audit.record(
            "pilot.scored", case=urumqi, actor=people["clerk"], after={"items": [20, 18, 9]}
        )
    client.force_login(people["auditor"])
    response = client.get(f"{PAGE}cases/{urumqi.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "items: [20, 18, 9]" in response.content.decode()


def test_a_broken_chain_is_reported_event_by_event(two_cases):
    urumqi, _ = two_cases
    events = list(AuditEvent.objects.filter(case=urumqi).order_by("seq"))
    assert check_chain(events).ok
    events[1].comment = "事后篡改"
    assert check_chain(events).breaks == [
        {"event_id": events[1].pk, "seq": 2, "reason": "modified"}
    ]
    assert [b["reason"] for b in check_chain([events[0], *events[2:]]).breaks][0] == "missing"


def test_the_api_answers_results_facets_and_lag_within_the_callers_region(two_cases, people):
    urumqi, kashgar = two_cases
    response = api(people["auditor"]).get(f"{API}cases/", {"q": "雪莲", "procedure": "repair"})
    assert response.status_code == 200
    body = response.json()
    assert (body["count"], body["backend"], body["fallback"]) == (1, "elasticsearch", "")
    assert body["lag"] == {"pending": 0, "oldest_seconds": 0.0, "failing": 0}
    [hit] = body["results"]
    assert hit["id"] == urumqi.pk and hit["document"]["case_no"] == urumqi.case_no
    assert "subject_name" in hit["highlights"]
    facets = {f["name"]: f for f in body["facets"]}
    assert facets["procedure"]["buckets"][0] == {
        "value": "repair", "label": "Credit repair", "count": 1, "selected": True,
    }  # fmt: skip

    kashgar_view = api(people["kashgar"]).get(f"{API}cases/").json()
    assert [hit["id"] for hit in kashgar_view["results"]] == [kashgar.pk]
    events = api(people["kashgar"]).get(f"{API}events/", {"page_size": 100}).json()
    assert {hit["document"]["case_id"] for hit in events["results"]} == {kashgar.pk}

    timeline = api(people["auditor"]).get(f"{API}cases/{urumqi.pk}/timeline/").json()
    assert timeline["chain"] == {
        "ok": True, "checked": len(timeline["events"]), "breaks": [],
    }  # fmt: skip
    assert timeline["events"][0]["event_type"] == "case.opened"
    assert api(people["kashgar"]).get(f"{API}cases/{urumqi.pk}/timeline/").status_code == 404
    status = api(people["auditor"]).get(f"{API}status/").json()
    assert status == {"backend": "elasticsearch", "lag": body["lag"]}


def test_the_api_refuses_bad_parameters_strangers_and_the_court(two_cases, people):
    auditor = api(people["auditor"])
    bad = auditor.get(f"{API}cases/", {"procedure": "nope", "date_from": "2026-02-30"})
    assert bad.status_code == 400
    assert set(bad.json()) == {"procedure", "date_from"}
    reversed_dates = auditor.get(
        f"{API}cases/", {"date_from": "2026-03-02", "date_to": "2026-03-01"}
    )
    assert reversed_dates.json() == {"date_to": ["The end date is before the start date."]}
    too_deep = auditor.get(f"{API}cases/", {"page": 101, "page_size": 100})
    assert too_deep.status_code == 400 and "page" in too_deep.json()
    assert auditor.get(f"{API}cases/", {"ordering": "-occurred_at"}).status_code == 400
    assert auditor.get(f"{API}events/", {"ordering": "-occurred_at"}).status_code == 200
    assert api().get(f"{API}cases/").status_code == 401
    assert api(people["court"]).get(f"{API}cases/").status_code == 403
    assert api(people["court"]).get(f"{API}cases/export/").status_code == 403


def test_results_export_to_csv_for_excel_and_to_xlsx(two_cases, people):
    urumqi, kashgar = two_cases
    response = api(people["auditor"]).get(f"{API}cases/export/", {"ordering": "case_no"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Case number", "Procedure", "Status"]
    assert sorted(row[0] for row in rows[1:]) == sorted([urumqi.case_no, kashgar.case_no])
    assert "X-Export-Truncated" not in response

    xlsx = api(people["kashgar"]).get(f"{API}events/export/", {"file_format": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][:2] == ("Time", "Case number")
    assert {row[1] for row in values[1:]} == {kashgar.case_no}  # the region rule holds
    assert len(values) - 1 == AuditEvent.objects.filter(case=kashgar).count()


def test_an_export_beyond_the_limit_is_truncated_and_says_so(settings, client, two_cases, people):
    settings.SEARCH_EXPORT_MAX_ROWS = 1
    client.force_login(people["auditor"])
    response = client.get(f"{PAGE}export/cases/", {"file_format": "csv"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response["X-Export-Truncated"] == "1/2"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 3
    assert rows[-1] == [
        "Truncated: the first 1 of 2 results. Narrow the filters to export the rest."
    ]


def test_without_elasticsearch_the_database_answers_the_same_and_says_so(
    settings, client, two_cases, people
):
    urumqi, kashgar = two_cases
    queries = [
        {"q": "天山雪莲"}, {"q": urumqi.subject.uscc}, {"q": "李娜"}, {"procedure": "repair"},
        {"bureau": KASHGAR}, {"step": "accept"}, {"deadline": "on_track"}, {},
    ]  # fmt: skip
    users = [people["auditor"], people["kashgar"]]
    indexed = {
        (i, u.pk): [h.id for h in search(u, SearchParams(**q)).hits]
        for i, q in enumerate(queries)
        for u in users
    }
    indexed_events = [h.id for h in search(users[1], SearchParams(kind=EVENTS)).hits]

    settings.ELASTICSEARCH_URL = ""  # the embedded demo
    get_client.cache_clear()
    for i, query in enumerate(queries):
        for user in users:
            page = search(user, SearchParams(**query))
            assert page.backend == "database"
            assert [h.id for h in page.hits] == indexed[(i, user.pk)], (query, user)
    assert [h.id for h in search(users[1], SearchParams(kind=EVENTS)).hits] == indexed_events

    client.force_login(people["auditor"])
    page = client.get(PAGE, {"q": "天山雪莲"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Searching the database (demo)" in page
    assert urumqi.case_no in page and "<mark>天山雪莲</mark>" in page
    assert "Index lag" not in page
    body = api(people["auditor"]).get(f"{API}cases/").json()
    assert (body["backend"], body["fallback"], body["lag"]) == ("database", "demo", None)


def test_when_elasticsearch_is_down_the_page_answers_from_the_database(
    settings, client, two_cases, people
):
    urumqi, _ = two_cases
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    get_client.cache_clear()
    client.force_login(people["auditor"])
    page = client.get(PAGE, {"q": "天山雪莲"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Elasticsearch is not answering" in page
    assert urumqi.case_no in page
    body = api(people["auditor"]).get(f"{API}cases/", {"q": "天山雪莲"}).json()
    assert (body["backend"], body["fallback"], body["count"]) == ("database", "unavailable", 1)

"""Auditor search against the real Elasticsearch: text, filters, facets, regions, paging."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from search.params import CASES, EVENTS, SearchParams
from search.selectors import search
from tests.factories import bureau, next_uscc
from tests.search.conftest import KASHGAR, URUMQI, open_case, sync, task_of
from workflows.core.models import AuditEvent, Case
from workflows.core.services.cases import case_close, case_set_step
from workflows.core.services.deadlines import deadline_start
from workflows.core.services.subjects import subject_upsert
from workflows.core.services.tasks import task_claim, task_complete

pytestmark = pytest.mark.django_db


def full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


@pytest.fixture
def cases(es, people):
    """Four cases of two bureaus in different procedures, steps, states and deadlines."""
    repair = open_case(name="乌鲁木齐天山雪莲商贸有限公司", actor=people["clerk"])
    task = task_of(repair, "accept")
    task_claim(task=task, user=people["clerk"])
    task_complete(
        task=task, user=people["clerk"],
        data={"accepted_on": timezone.localdate(), "comment": "材料齐全，予以受理"},
    )  # fmt: skip
    listing = open_case(
        name="乌鲁木齐红山机械制造有限公司", summary="拒不履行法院判决，列入严重违法失信名单",
        procedure="listing", actor=people["handler"], flow=False,
    )  # fmt: skip
    case_set_step(case=listing, step="investigate", actor=people["handler"])
    deadline_start(
        case=listing, rule_code="REP-ACCEPT", step="investigate", actor=people["handler"],
        started_on=timezone.localdate() - timedelta(days=30),
    )  # fmt: skip
    kashgar = open_case(
        bureau_code=KASHGAR, name="喀什古城文化旅游发展有限公司", actor=people["kashgar_clerk"]
    )
    pledge = open_case(
        name="乌鲁木齐雪莲乳业有限公司", summary="信用承诺履约核查", procedure="pledge",
        actor=people["leader"], flow=False,
    )  # fmt: skip
    case_close(case=pledge, decision="grant", actor=people["leader"], comment="承诺已履行")
    opened = timezone.make_aware(datetime(2025, 3, 1, 10, 0))
    Case.objects.filter(pk=pledge.pk).update(opened_at=opened)
    sync()
    return {"repair": repair, "listing": listing, "kashgar": kashgar, "pledge": pledge}


def ids(page) -> set[int]:
    return {hit.id for hit in page.hits}


def find(user, **params):
    return search(user, SearchParams(**params))


def test_a_chinese_substring_finds_the_case_and_the_characters_reordered_do_not(cases, people):
    auditor = people["auditor"]
    page = find(auditor, q="天山雪莲")
    assert page.backend == "elasticsearch"
    assert ids(page) == {cases["repair"].pk}
    [fragment] = page.hits[0].highlights["subject_name"]
    assert "<mark>" in fragment
    assert fragment.replace("<mark>", "").replace("</mark>", "") == "乌鲁木齐天山雪莲商贸有限公司"

    assert ids(find(auditor, q="雪莲")) == {cases["repair"].pk, cases["pledge"].pk}
    assert ids(find(auditor, q="莲雪")) == set()
    assert ids(find(auditor, q="法院判决")) == {cases["listing"].pk}  # in the summary
    assert ids(find(auditor, q="予以受理")) == {cases["repair"].pk}  # a step's comment


def test_codes_case_numbers_and_people_are_found(cases, people):
    auditor, repair = people["auditor"], cases["repair"]
    uscc = repair.subject.uscc
    assert ids(find(auditor, q=uscc)) == {repair.pk}
    assert ids(find(auditor, q=full_width(uscc))) == {repair.pk}  # NFKC
    assert ids(find(auditor, q=uscc.lower()[10:])) == {repair.pk}  # the end of a code
    assert ids(find(auditor, q=cases["listing"].case_no)) == {cases["listing"].pk}
    assert ids(find(auditor, q=full_width(cases["listing"].case_no))) == {cases["listing"].pk}
    assert ids(find(auditor, q="王磊")) == {cases["listing"].pk}
    assert ids(find(auditor, q="热娜")) == {cases["kashgar"].pk}


def test_each_filter_narrows_the_cases(cases, people):
    auditor = people["auditor"]
    expectations = {
        "procedure=listing": ({"procedure": "listing"}, {"listing"}),
        "bureau=653100": ({"bureau": KASHGAR}, {"kashgar"}),
        "status=closed": ({"status": "closed"}, {"pledge"}),
        "step=decide": ({"step": "decide"}, {"repair"}),
        "step=investigate": ({"step": "investigate"}, {"listing"}),
        "actor": ({"actor": "陈志强"}, {"pledge"}),
        "opened before 2026": ({"date_to": date(2025, 12, 31)}, {"pledge"}),
        "opened since 2025-03-02": (
            {"date_from": date(2025, 3, 2)},
            {"repair", "listing", "kashgar"},
        ),
        "opened on 2025-03-01": (
            {"date_from": date(2025, 3, 1), "date_to": date(2025, 3, 1)},
            {"pledge"},
        ),
        "overdue": ({"deadline": "overdue"}, {"listing"}),
        "on track": ({"deadline": "on_track"}, {"repair", "kashgar"}),
        "no deadline": ({"deadline": "none"}, {"pledge"}),
        "text and filter": ({"q": "雪莲", "status": "open"}, {"repair"}),
    }
    for name, (params, expected) in expectations.items():
        assert ids(find(auditor, **params)) == {cases[key].pk for key in expected}, name


def test_facets_count_the_results_by_procedure_bureau_status_step_deadline_and_actor(cases, people):
    page = find(people["auditor"])
    facets = {f.name: {b.value: b.count for b in f.buckets} for f in page.facets}
    assert facets["procedure"] == {"repair": 2, "listing": 1, "pledge": 1}
    assert facets["bureau"] == {URUMQI: 3, KASHGAR: 1}
    assert facets["status"] == {"open": 3, "closed": 1}
    assert facets["step"] == {"decide": 1, "investigate": 1, "accept": 1}
    assert facets["deadline"] == {"overdue": 1, "due_soon": 0, "on_track": 2, "none": 1}
    assert facets["actor"] == {"李娜": 1, "王磊": 1, "热娜": 1, "陈志强": 1}
    labels = {b.value: b.label for f in page.facets if f.name == "bureau" for b in f.buckets}
    assert labels[KASHGAR] == "喀什地区市场监督管理局"

    # Facets follow the query; the chosen value is marked.
    narrowed = find(people["auditor"], procedure="repair")
    facets = {f.name: {b.value: (b.count, b.selected) for b in f.buckets} for f in narrowed.facets}
    assert facets["procedure"] == {"repair": (2, True)}
    assert facets["bureau"] == {URUMQI: (1, False), KASHGAR: (1, False)}


def test_results_are_sorted_and_paged(cases, people):
    auditor = people["auditor"]
    newest = find(auditor, ordering="-opened_at")
    assert [hit.id for hit in newest.hits][-1] == cases["pledge"].pk
    by_number = find(auditor, ordering="case_no")
    numbers = [hit.source["case_no"] for hit in by_number.hits]
    assert numbers == sorted(numbers)
    first = find(auditor, ordering="-opened_at", page_size=3)
    second = find(auditor, ordering="-opened_at", page_size=3, page=2)
    assert (first.total, first.num_pages, first.has_next, second.has_next) == (4, 2, True, False)
    assert [h.id for h in first.hits] + [h.id for h in second.hits] == [h.id for h in newest.hits]
    assert find(auditor, ordering="next_due_date").hits[0].id == cases["listing"].pk


def test_region_rules_apply_to_results_exactly_as_to_the_database(cases, people):
    kashgar, urumqi = people["kashgar"], people["handler"]
    assert ids(find(kashgar)) == {cases["kashgar"].pk}
    assert ids(find(kashgar, q="雪莲")) == set()
    assert ids(find(kashgar, bureau=URUMQI)) == set()
    assert ids(find(urumqi)) == {cases[k].pk for k in ("repair", "listing", "pledge")}
    assert len(ids(find(people["auditor"]))) == 4
    facets = {f.name: {b.value: b.count for b in f.buckets} for f in find(kashgar).facets}
    assert facets["bureau"] == {KASHGAR: 1}

    # Events follow their case's bureau; events outside any case only for all-bureau users.
    subject_upsert(
        data={
            "uscc": next_uscc(county="653101"), "name": "喀什新设商贸有限公司",
            "subject_type": "enterprise", "legal_rep": "买买提", "region": bureau(KASHGAR),
        }
    )  # fmt: skip
    sync()
    kashgar_events = find(kashgar, kind=EVENTS, page_size=100)
    assert {hit.source["case_id"] for hit in kashgar_events.hits} == {cases["kashgar"].pk}
    assert kashgar_events.total == AuditEvent.objects.filter(case=cases["kashgar"]).count()
    everything = find(people["auditor"], kind=EVENTS, page_size=100)
    assert everything.total == AuditEvent.objects.count()
    assert any(hit.source["case_id"] is None for hit in everything.hits)  # subject events


def test_events_are_searched_by_text_type_step_actor_and_time(cases, people):
    auditor = people["auditor"]
    closed = AuditEvent.objects.get(case=cases["pledge"], event_type="case.closed")
    assert ids(find(auditor, kind=EVENTS, event_type="case.closed")) == {closed.pk}
    assert ids(find(auditor, kind=EVENTS, q="承诺已履行")) == {closed.pk}
    completed = AuditEvent.objects.get(case=cases["repair"], event_type="task.completed")
    assert completed.pk in ids(find(auditor, kind=EVENTS, q="材料齐全"))
    by_leader = find(auditor, kind=EVENTS, actor="陈志强", page_size=50)
    assert {hit.source["case_id"] for hit in by_leader.hits} == {cases["pledge"].pk}
    decide = find(auditor, kind=EVENTS, step="decide", procedure="repair", page_size=50)
    assert decide.total >= 1
    assert {hit.source["step"] for hit in decide.hits} == {"decide"}
    facets = {
        f.name: {b.value: b.count for b in f.buckets} for f in find(auditor, kind=EVENTS).facets
    }
    assert facets["event_type"]["case.opened"] == 4
    tomorrow = timezone.localdate() + timedelta(days=1)
    assert find(auditor, kind=EVENTS, date_from=tomorrow).total == 0
    assert find(auditor, kind=EVENTS, date_to=tomorrow).total == AuditEvent.objects.count()


def test_params_default_to_newest_first_and_relevance_only_with_text():
    assert SearchParams(kind=CASES).effective_ordering == "-opened_at"
    assert SearchParams(kind=EVENTS).effective_ordering == "-occurred_at"
    assert SearchParams(q="雪莲").effective_ordering == "relevance"
    assert SearchParams(ordering="relevance").effective_ordering == "-opened_at"

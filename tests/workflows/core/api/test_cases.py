"""GET /api/v1/cases/: filters, ordering, and the detail with deadlines, documents, history."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from tests.factories import SubjectFactory, bureau, next_uscc
from tests.workflows.core.api.conftest import KASHGAR, URUMQI
from workflows.core.models import AuditEvent, Case, CaseDocument
from workflows.core.roles import Role
from workflows.core.services.cases import case_close, case_open, case_set_step
from workflows.core.services.deadlines import deadline_complete, deadline_start
from workflows.core.services.documents import document_issue

pytestmark = pytest.mark.django_db


@pytest.fixture
def today(monkeypatch):
    """Freeze "today" (Asia/Shanghai) on the last working day before the 2025 National Day."""
    day = date(2025, 9, 30)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)
    return day


def open_case(code: str = URUMQI, **fields) -> Case:
    fields.setdefault("procedure", "repair")
    fields.setdefault("source", Case.Source.APPLICATION)
    return case_open(bureau=bureau(code), actor=None, **fields)


def opened(case: Case, when: str) -> Case:
    """Back-date a case (Shanghai time), as if opened at ``when``."""
    moment = timezone.make_aware(datetime.fromisoformat(when))
    Case.objects.filter(pk=case.pk).update(opened_at=moment)
    return case


def case_nos(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["case_no"] for row in response.json()["results"]]


@pytest.fixture
def supervisor_client(make_user, api_client):
    return api_client(make_user(Role.SUPERVISOR, "650000"))


def test_list_rows_carry_subject_bureau_and_overdue_flag(handler_client):
    subject = SubjectFactory(name="乌鲁木齐天山雪莲商贸有限公司")
    case = open_case(subject=subject)
    row = handler_client.get("/api/v1/cases/").json()["results"][0]
    assert row == {
        "id": case.pk,
        "case_no": case.case_no,
        "procedure": "repair",
        "sub_type": "",
        "status": "open",
        "source": "application",
        "current_step": "",
        "subject": {"uscc": subject.uscc, "name": "乌鲁木齐天山雪莲商贸有限公司"},
        "bureau": {"code": "650100", "name": "乌鲁木齐市市场监督管理局"},
        "opened_at": timezone.localtime(case.opened_at).isoformat(),
        "closed_at": None,
        "overdue": False,
    }


def test_cases_are_newest_first_and_can_be_ordered_by_case_no(handler_client):
    first = opened(open_case(), "2026-03-01T09:00:00")
    second = opened(open_case(), "2026-03-02T09:00:00")
    third = opened(open_case(), "2026-03-02T09:00:00")  # same moment: the id decides
    assert case_nos(handler_client.get("/api/v1/cases/")) == [
        third.case_no,
        second.case_no,
        first.case_no,
    ]
    oldest_first = handler_client.get("/api/v1/cases/", {"ordering": "opened_at"})
    assert case_nos(oldest_first) == [first.case_no, second.case_no, third.case_no]
    by_number = handler_client.get("/api/v1/cases/", {"ordering": "-case_no"})
    assert case_nos(by_number) == sorted([first.case_no, second.case_no, third.case_no])[::-1]


def test_filters_by_procedure_status_source_bureau_and_subject(supervisor_client):
    subject = SubjectFactory()
    repair = open_case(subject=subject)
    listing = open_case(procedure="listing", source=Case.Source.COURT_REFERRAL)
    closed = case_close(case=open_case(), decision="granted", actor=None)
    kashgar = open_case(KASHGAR, source=Case.Source.EX_OFFICIO)

    def filtered(**params) -> list[str]:
        return sorted(case_nos(supervisor_client.get("/api/v1/cases/", params)))

    assert filtered(procedure="listing") == [listing.case_no]
    assert filtered(status="closed") == [closed.case_no]
    assert filtered(source="court_referral") == [listing.case_no]
    assert filtered(bureau=KASHGAR) == [kashgar.case_no]
    assert filtered(subject=subject.uscc.lower()) == [repair.case_no]
    assert filtered(bureau=URUMQI, status="open", procedure="repair") == [repair.case_no]


def test_opened_after_and_before_are_inclusive_days_in_shanghai(handler_client):
    # 23:30 Shanghai on 1 March is 15:30 UTC: the day is 1 March, whatever the server's zone.
    march_1 = opened(open_case(), "2026-03-01T23:30:00")
    march_2 = opened(open_case(), "2026-03-02T00:30:00")
    march_5 = opened(open_case(), "2026-03-05T12:00:00")

    def filtered(**params) -> list[str]:
        return case_nos(handler_client.get("/api/v1/cases/", params))

    assert filtered(opened_after="2026-03-02") == [march_5.case_no, march_2.case_no]
    assert filtered(opened_before="2026-03-01") == [march_1.case_no]
    assert filtered(opened_after="2026-03-02", opened_before="2026-03-04") == [march_2.case_no]


def test_overdue_true_keeps_cases_with_an_overdue_open_deadline(handler_client, today):
    late = open_case()
    deadline_start(
        case=late, rule_code="REP-ACCEPT", step="accept", started_on=date(2025, 9, 1), actor=None
    )
    on_time = open_case()
    deadline_start(
        case=on_time, rule_code="REP-DECIDE", step="decide", started_on=today, actor=None
    )
    late_but_done = open_case()
    done = deadline_start(
        case=late_but_done, rule_code="REP-ACCEPT", step="accept", started_on=date(2025, 9, 1),
        actor=None,
    )  # fmt: skip
    deadline_complete(deadline=done, actor=None)

    assert case_nos(handler_client.get("/api/v1/cases/", {"overdue": "true"})) == [late.case_no]
    not_overdue = handler_client.get("/api/v1/cases/", {"overdue": "false"})
    assert case_nos(not_overdue) == [late_but_done.case_no, on_time.case_no]
    rows = handler_client.get("/api/v1/cases/").json()["results"]
    assert {row["case_no"]: row["overdue"] for row in rows} == {
        late.case_no: True,
        on_time.case_no: False,
        late_but_done.case_no: False,
    }


@pytest.mark.parametrize(
    ("params", "errors"),
    [
        ({"opened_after": "2026-02-30"}, {"opened_after": ["Enter a valid date."]}),
        ({"opened_before": "30/03/2026"}, {"opened_before": ["Enter a valid date."]}),
        ({"overdue": "maybe"}, {"overdue": ["Enter true or false."]}),
        (
            {"procedure": "penalty"},
            {"procedure": ["Select a valid choice. penalty is not one of the available choices."]},
        ),
        (
            {"bureau": "650001"},
            {"bureau": ["Select a valid choice. That choice is not one of the available choices."]},
        ),
        (
            {"subject": "91650102MA0000000"},
            {"subject": ["A unified social credit code has 18 characters; this one has 17."]},
        ),
        (
            {"ordering": "status"},
            {"ordering": ["Select a valid choice. status is not one of the available choices."]},
        ),
    ],
)
def test_invalid_filter_values_are_400_with_the_field_message(handler_client, params, errors):
    response = handler_client.get("/api/v1/cases/", params)
    assert response.status_code == 400
    assert response.json() == errors


def test_case_list_is_paginated(handler_client):
    cases = [open_case() for _ in range(27)]
    first = handler_client.get("/api/v1/cases/").json()
    assert first["count"] == 27
    assert len(first["results"]) == 25
    last = handler_client.get("/api/v1/cases/", {"page": 2}).json()
    assert [row["id"] for row in last["results"]] == [cases[1].pk, cases[0].pk]
    assert handler_client.get("/api/v1/cases/", {"page_size": 0}).status_code == 400


def test_detail_shows_deadlines_with_working_days_left(make_user, api_client, today):
    handler = make_user(Role.HANDLER, URUMQI)
    case = open_case()
    due_soon = deadline_start(
        case=case, rule_code="REP-ACCEPT", step="accept", started_on=date(2025, 9, 29),
        actor=handler, assignee=handler,
    )  # fmt: skip
    overdue = deadline_start(
        case=case, rule_code="REP-ACCEPT", step="check", started_on=date(2025, 9, 1), actor=None
    )
    done = deadline_start(
        case=case, rule_code="REP-ACCEPT", step="register", started_on=today, actor=None
    )
    done = deadline_complete(deadline=done, actor=None)  # really now: after its due moment

    body = api_client(handler).get(f"/api/v1/cases/{case.pk}/").json()
    assert body["case_no"] == case.case_no
    assert body["deadlines"] == [
        {
            "id": overdue.pk,
            "step": "check",
            "rule_code": "REP-ACCEPT",
            "rule_version": 1,
            "rule_title": overdue.rule.title,
            "started_on": "2025-09-01",
            "due_date": "2025-09-03",
            "due_at": "2025-09-04T00:00:00+08:00",
            "status": "overdue",
            "calendar_warning": "",
            "unconfirmed_years": [],
            # 4–5, 8–12, 15–19, 22–26 Sep, Sun 28 Sep (make-up day), 29–30 Sep.
            "workdays_left": -20,
            "completed_at": None,
        },
        {
            "id": due_soon.pk,
            "step": "accept",
            "rule_code": "REP-ACCEPT",
            "rule_version": 1,
            "rule_title": due_soon.rule.title,
            "started_on": "2025-09-29",
            "due_date": "2025-10-09",
            "due_at": "2025-10-10T00:00:00+08:00",
            "status": "due_soon",
            "calendar_warning": "",
            "unconfirmed_years": [],
            "workdays_left": 1,  # 1–8 October are the National Day holidays
            "completed_at": None,
        },
        {
            "id": done.pk,
            "step": "register",
            "rule_code": "REP-ACCEPT",
            "rule_version": 1,
            "rule_title": done.rule.title,
            "started_on": "2025-09-30",
            "due_date": "2025-10-10",
            "due_at": "2025-10-11T00:00:00+08:00",
            "status": "breached",
            "calendar_warning": "",
            "unconfirmed_years": [],
            "workdays_left": None,
            "completed_at": timezone.localtime(done.completed_at).isoformat(),
        },
    ]


def test_detail_shows_the_audit_history_of_the_case_stream_in_order(make_user, api_client):
    handler = make_user(Role.HANDLER, URUMQI, last_name="王", first_name="磊")
    subject = SubjectFactory()
    case = case_open(
        procedure="repair", bureau=bureau(URUMQI), source=Case.Source.APPLICATION,
        actor=handler, subject=subject,
    )  # fmt: skip
    deadline_start(
        case=case, rule_code="REP-ACCEPT", step="accept", started_on=date(2026, 2, 13),
        actor=handler,
    )  # fmt: skip
    case_set_step(case=case, step="accept", actor=handler)
    case_close(case=case, decision="refused", actor=None, comment="材料不全")

    history = api_client(handler).get(f"/api/v1/cases/{case.pk}/").json()["history"]
    events = AuditEvent.objects.filter(stream=f"case:{case.pk}").order_by("seq")
    assert [(e["seq"], e["event_type"], e["actor_name"]) for e in history] == [
        (1, "case.opened", "王磊"),
        (2, "deadline.started", "王磊"),
        (3, "case.step_changed", "王磊"),
        (4, "case.closed", ""),
    ]
    assert [e["hash"] for e in history] == [e.hash for e in events]
    assert history[2]["before"] == {"current_step": ""}
    assert history[2]["after"] == {"current_step": "accept"}
    assert history[1]["after"]["due_date"] == "2026-02-24"
    assert history[3]["comment"] == "材料不全"
    assert history[0]["occurred_at"] == timezone.localtime(events[0].occurred_at).isoformat()


def test_detail_lists_the_case_documents_with_a_download_link_once_rendered(handler_client):
    case = open_case()
    notice = document_issue(
        case=case, kind="repair_acceptance", title="信用修复受理通知书", number_word="信修受",
        context={"paragraphs": ["你单位的信用修复申请已受理。"]}, actor=None,
    )  # fmt: skip
    pending = document_issue(
        case=case, kind="repair_decision", title="信用修复决定书", number_word="信修决",
        context={}, actor=None,
    )  # fmt: skip
    CaseDocument.objects.filter(pk=notice.pk).update(
        status=CaseDocument.Status.RENDERED, sha256="ab" * 32
    )

    documents = handler_client.get(f"/api/v1/cases/{case.pk}/").json()["documents"]
    year = timezone.localdate().year
    assert documents == [
        {
            "id": notice.pk,
            "kind": "repair_acceptance",
            "title": "信用修复受理通知书",
            "doc_number": f"乌市监信修受〔{year}〕1号",
            "version": 1,
            "status": "rendered",
            "sha256": "ab" * 32,
            "issued_at": timezone.localtime(notice.issued_at).isoformat(),
            "download_url": f"/documents/{notice.pk}/download/",
        },
        {
            "id": pending.pk,
            "kind": "repair_decision",
            "title": "信用修复决定书",
            "doc_number": f"乌市监信修决〔{year}〕1号",
            "version": 1,
            "status": "pending",
            "sha256": "",
            "issued_at": timezone.localtime(pending.issued_at).isoformat(),
            "download_url": None,
        },
    ]


def test_a_non_numeric_case_id_is_404(handler_client):
    assert handler_client.get("/api/v1/cases/乌市监信修〔2026〕1号/").status_code == 404


def test_case_list_and_detail_queries_do_not_grow_with_rows(
    handler_client, django_assert_max_num_queries
):
    subject = SubjectFactory(uscc=next_uscc())
    cases = [open_case(subject=subject) for _ in range(30)]
    busy = cases[0]
    for step in ("accept", "check", "decide", "notify"):
        deadline_start(
            case=busy, rule_code="REP-DECIDE", step=step, started_on=date(2026, 3, 2), actor=None
        )
        case_set_step(case=busy, step=step, actor=None)
    for kind, word in (("repair_acceptance", "信修受"), ("repair_decision", "信修决")):
        document_issue(case=busy, kind=kind, title=kind, number_word=word, context={}, actor=None)
    # token + user, groups, bureau, count, page (subjects and bureaus joined, overdue a subquery)
    with django_assert_max_num_queries(5):
        listed = handler_client.get("/api/v1/cases/?page_size=100")
    assert listed.status_code == 200
    assert [row["id"] for row in listed.json()["results"]] == [c.pk for c in reversed(cases)]
    # token + user, groups, bureau, case, deadlines + rules, documents, history, and the
    # calendar (days and year row) of today's year and of 2026
    with django_assert_max_num_queries(12):
        response = handler_client.get(f"/api/v1/cases/{busy.pk}/")
    assert response.status_code == 200
    assert len(response.json()["deadlines"]) == 4
    assert len(response.json()["history"]) == 1 + 2 * 4 + 2
    assert len(response.json()["documents"]) == 2

"""GET /api/v1/subjects/: search, filters, ordering, pagination and the detail view."""

from datetime import date

import pytest

from tests.factories import SubjectFactory, bureau, next_uscc
from tests.workflows.core.api.conftest import KASHGAR, URUMQI
from workflows.core.models import Case, CreditRecord, Subject
from workflows.core.roles import Role
from workflows.core.services.cases import case_open
from workflows.core.services.credit_records import credit_record_create

pytestmark = pytest.mark.django_db


def full_width_lower(code: str) -> str:
    """What users paste from Chinese word processors: ９１６５０１０２ｍａ…"""
    return "".join(chr(ord(c) + 0xFEE0) for c in code.lower())


def uscc_list(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["uscc"] for row in response.json()["results"]]


def test_list_rows_carry_the_subject_and_its_bureau(handler_client):
    subject = SubjectFactory(name="乌鲁木齐天山雪莲商贸有限公司", risk_class="B")
    response = handler_client.get("/api/v1/subjects/")
    assert response.json()["results"] == [
        {
            "uscc": subject.uscc,
            "name": "乌鲁木齐天山雪莲商贸有限公司",
            "subject_type": "enterprise",
            "legal_rep": "张三",
            "region": {"code": "650100", "name": "乌鲁木齐市市场监督管理局"},
            "reg_status": "active",
            "risk_class": "B",
        }
    ]


def test_uscc_search_accepts_full_width_and_lower_case_input(handler_client):
    wanted, _other = SubjectFactory(), SubjectFactory()
    response = handler_client.get("/api/v1/subjects/", {"uscc": full_width_lower(wanted.uscc)})
    assert uscc_list(response) == [wanted.uscc]


def test_an_invalid_uscc_in_the_filter_is_a_400_naming_the_rule(handler_client):
    valid = next_uscc()
    wrong_check = valid[:17] + ("1" if valid[17] != "1" else "2")
    response = handler_client.get("/api/v1/subjects/", {"uscc": wrong_check})
    assert response.status_code == 400
    assert response.json() == {
        "uscc": [
            f"The check character (position 18) is “{wrong_check[17]}” but should be “{valid[17]}”."
        ]
    }
    response = handler_client.get("/api/v1/subjects/", {"uscc": "91650102"})
    assert response.json() == {
        "uscc": ["A unified social credit code has 18 characters; this one has 8."]
    }


def test_q_finds_subjects_by_part_of_their_name(handler_client):
    snow_lotus = SubjectFactory(name="乌鲁木齐天山雪莲商贸有限公司")
    SubjectFactory(name="乌鲁木齐红山建材有限公司")
    assert uscc_list(handler_client.get("/api/v1/subjects/", {"q": "雪莲"})) == [snow_lotus.uscc]


def test_filters_by_region_type_and_registration_status(make_user, api_client):
    client = api_client(make_user(Role.SUPERVISOR))
    kashgar_shop = SubjectFactory(
        uscc=next_uscc("92", "653101"),
        subject_type=Subject.Type.INDIVIDUAL,
        region=bureau(KASHGAR),
    )
    revoked = SubjectFactory(reg_status=Subject.RegStatus.REVOKED)
    active = SubjectFactory()

    assert uscc_list(client.get("/api/v1/subjects/", {"region": KASHGAR})) == [kashgar_shop.uscc]
    assert uscc_list(client.get("/api/v1/subjects/", {"subject_type": "individual"})) == [
        kashgar_shop.uscc
    ]
    assert uscc_list(client.get("/api/v1/subjects/", {"reg_status": "revoked"})) == [revoked.uscc]
    both = client.get("/api/v1/subjects/", {"region": URUMQI, "reg_status": "active"})
    assert uscc_list(both) == [active.uscc]


@pytest.mark.parametrize(
    ("params", "errors"),
    [
        (
            {"subject_type": "company"},
            {
                "subject_type": [
                    "Select a valid choice. company is not one of the available choices."
                ]
            },
        ),
        (
            {"region": "999999"},
            {"region": ["Select a valid choice. That choice is not one of the available choices."]},
        ),
        (
            {"ordering": "legal_rep"},
            {"ordering": ["Select a valid choice. legal_rep is not one of the available choices."]},
        ),
        ({"page_size": "101"}, {"page_size": ["Enter a whole number from 1 to 100."]}),
        ({"page_size": "all"}, {"page_size": ["Enter a whole number from 1 to 100."]}),
    ],
)
def test_invalid_filter_values_are_400_with_the_field_message(handler_client, params, errors):
    SubjectFactory()
    response = handler_client.get("/api/v1/subjects/", params)
    assert response.status_code == 400
    assert response.json() == errors


def test_ordering_by_name_and_by_uscc_descending(handler_client):
    beta = SubjectFactory(name="Beta 商贸有限公司")
    alpha = SubjectFactory(name="Alpha 商贸有限公司")
    gamma = SubjectFactory(name="Gamma 商贸有限公司")
    by_uscc = [beta.uscc, alpha.uscc, gamma.uscc]  # created in this order, serials ascending
    assert uscc_list(handler_client.get("/api/v1/subjects/")) == by_uscc
    descending = handler_client.get("/api/v1/subjects/", {"ordering": "-uscc"})
    assert uscc_list(descending) == by_uscc[::-1]
    by_name = handler_client.get("/api/v1/subjects/", {"ordering": "name"})
    assert uscc_list(by_name) == [alpha.uscc, beta.uscc, gamma.uscc]


def test_pages_hold_25_by_default_and_page_size_up_to_100(handler_client):
    subjects = SubjectFactory.create_batch(30)
    expected = sorted(s.uscc for s in subjects)

    first = handler_client.get("/api/v1/subjects/").json()
    assert first["count"] == 30
    assert [row["uscc"] for row in first["results"]] == expected[:25]
    assert first["next"] == "http://testserver/api/v1/subjects/?page=2"
    second = handler_client.get(first["next"]).json()
    assert [row["uscc"] for row in second["results"]] == expected[25:]

    small = handler_client.get("/api/v1/subjects/", {"page_size": 10, "page": 3}).json()
    assert [row["uscc"] for row in small["results"]] == expected[20:30]
    assert small["next"] is None
    large = handler_client.get("/api/v1/subjects/", {"page_size": 100}).json()
    assert len(large["results"]) == 30
    assert handler_client.get("/api/v1/subjects/", {"page": 9}).status_code == 404


def test_detail_lists_credit_records_and_only_the_cases_the_caller_may_see(make_user, api_client):
    subject = SubjectFactory(
        uscc=next_uscc(county="653101"), name="喀什古城文化旅游发展有限公司", region=bureau(KASHGAR)
    )
    record = credit_record_create(
        subject=subject,
        kind=CreditRecord.Kind.ABNORMAL_LIST,
        reason="通过登记的住所或者经营场所无法联系",
        listed_on=date(2026, 3, 2),
        deciding_bureau=bureau(KASHGAR),
        decision_no="喀地市监异〔2026〕15号",
        actor=None,
    )
    own = case_open(
        procedure="repair",
        bureau=bureau(KASHGAR),
        source=Case.Source.APPLICATION,
        actor=None,
        subject=subject,
    )
    other_bureau = case_open(
        procedure="listing",
        bureau=bureau(URUMQI),
        source=Case.Source.EX_OFFICIO,
        actor=None,
        subject=subject,
    )
    url = f"/api/v1/subjects/{full_width_lower(subject.uscc)}/"

    body = api_client(make_user(Role.HANDLER, KASHGAR)).get(url).json()
    assert body["uscc"] == subject.uscc
    assert body["credit_records"] == [
        {
            "id": record.pk,
            "kind": "abnormal_list",
            "state": "listed",
            "listed_on": "2026-03-02",
            "repairable_from": "2026-03-02",
            "expires_on": None,
            "decision_no": "喀地市监异〔2026〕15号",
            "reason": "通过登记的住所或者经营场所无法联系",
        }
    ]
    assert [(c["case_no"], c["procedure"], c["status"]) for c in body["cases"]] == [
        (own.case_no, "repair", "open")
    ]

    regional = api_client(make_user(Role.LEADER, "650000")).get(url).json()
    assert [c["id"] for c in regional["cases"]] == [other_bureau.pk, own.pk]  # newest first


def test_an_invalid_uscc_in_the_detail_url_is_404(handler_client):
    assert handler_client.get("/api/v1/subjects/NOT-A-CODE/").status_code == 404


def test_subject_list_and_detail_queries_do_not_grow_with_rows(
    handler_client, django_assert_max_num_queries
):
    subjects = SubjectFactory.create_batch(30)
    for subject in subjects[:3]:
        case_open(
            procedure="repair", bureau=bureau(URUMQI), source=Case.Source.APPLICATION,
            actor=None, subject=subject,
        )  # fmt: skip
        credit_record_create(
            subject=subject, kind=CreditRecord.Kind.ABNORMAL_LIST, reason="无法联系",
            listed_on=date(2026, 3, 2), deciding_bureau=bureau(URUMQI), actor=None,
        )  # fmt: skip
    # token + user, groups, bureau, count, page
    with django_assert_max_num_queries(5):
        listed = handler_client.get("/api/v1/subjects/?page_size=100")
    assert listed.status_code == 200
    assert sorted(row["uscc"] for row in listed.json()["results"]) == sorted(
        s.uscc for s in subjects
    )
    # token + user, groups, bureau, subject, credit records, cases
    with django_assert_max_num_queries(6):
        detail = handler_client.get(f"/api/v1/subjects/{subjects[0].uscc}/")
    assert detail.status_code == 200
    assert (len(detail.json()["credit_records"]), len(detail.json()["cases"])) == (1, 1)

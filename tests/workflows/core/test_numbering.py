"""Case numbers and 文号 are unique and gapless per bureau, year and kind."""

import threading

import pytest
from django.db import connection, transaction

from tests.factories import bureau
from workflows.core.models import Case
from workflows.core.services.cases import case_open
from workflows.core.services.numbering import number_next


@pytest.mark.django_db
def test_numbers_count_per_bureau_year_and_kind():
    urumqi, kashgar = bureau("650100"), bureau("653100")
    with transaction.atomic():
        taken = [
            number_next(bureau=urumqi, year=2026, kind="doc:accept"),
            number_next(bureau=urumqi, year=2026, kind="doc:accept"),
            number_next(bureau=urumqi, year=2026, kind="doc:decide"),
            number_next(bureau=kashgar, year=2026, kind="doc:accept"),
            number_next(bureau=urumqi, year=2027, kind="doc:accept"),
        ]
    assert taken == [1, 2, 1, 1, 1]


@pytest.mark.django_db
def test_a_rolled_back_transaction_gives_its_number_back():
    urumqi = bureau("650100")
    with transaction.atomic():
        assert number_next(bureau=urumqi, year=2026, kind="doc:x") == 1
    with pytest.raises(RuntimeError), transaction.atomic():
        assert number_next(bureau=urumqi, year=2026, kind="doc:x") == 2
        raise RuntimeError("the document failed to render")
    with transaction.atomic():
        assert number_next(bureau=urumqi, year=2026, kind="doc:x") == 2


@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_get_distinct_gapless_numbers():
    assert connection.vendor == "postgresql"
    urumqi = bureau("650100")
    results: list[int] = []
    errors: list[Exception] = []
    start = threading.Barrier(10)

    def take() -> None:
        try:
            start.wait()
            for _ in range(5):
                with transaction.atomic():
                    results.append(number_next(bureau=urumqi, year=2026, kind="doc:race"))
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=take) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(results) == list(range(1, 51))


@pytest.mark.django_db
def test_case_numbers_follow_the_bureau_prefix_procedure_and_year(settings):
    first = case_open(
        procedure="repair", bureau=bureau("650100"), source=Case.Source.APPLICATION, actor=None
    )
    second = case_open(
        procedure="repair", bureau=bureau("650100"), source=Case.Source.APPLICATION, actor=None
    )
    listing = case_open(
        procedure="listing", bureau=bureau("653100"), source=Case.Source.COURT_REFERRAL, actor=None
    )
    year = first.opened_at.astimezone().year
    assert first.case_no == f"乌市监信修〔{year}〕1号"
    assert second.case_no == f"乌市监信修〔{year}〕2号"
    assert listing.case_no == f"喀地市监失信〔{year}〕1号"

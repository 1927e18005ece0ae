"""Simultaneous sweeps open one review; simultaneous nominations open one case
(PostgreSQL row locks: SQLite would not show it)."""

import threading

import pytest
from django.db import connection

from tests.factories import SubjectFactory, bureau
from tests.workflows.alliance.conftest import admit, today
from workflows.alliance.models import Admission, Membership, MonitoringHit
from workflows.alliance.services import AllianceRefused, admission_open, alliance_monitor_sweep
from workflows.core.models import Case, CreditRecord
from workflows.core.services.credit_records import credit_record_create


def _together(function, count: int) -> list:
    barrier, results = threading.Barrier(count), []

    def run():
        barrier.wait()
        try:
            results.append(function())
        except AllianceRefused as exc:
            results.append(exc.reasons)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.mark.django_db(transaction=True)
def test_simultaneous_sweeps_open_one_review(online_client, staff):
    subject = SubjectFactory(name="新疆天山乳业有限公司", risk_class="A", region=bureau("650100"))
    admit(online_client, subject, staff)
    record = credit_record_create(
        subject=subject,
        kind=CreditRecord.Kind.SERIOUS_LIST,
        reason="严重违法",
        listed_on=today(),
        deciding_bureau=subject.region,
        actor=None,
    )

    results = _together(alliance_monitor_sweep, 3)

    assert sorted(results) == [0, 0, 1]
    assert Case.objects.filter(subject=subject, sub_type="review").count() == 1
    assert MonitoringHit.objects.get().credit_record_id == record.pk
    assert Membership.objects.get(subject=subject).state == "suspended"


@pytest.mark.django_db(transaction=True)
def test_simultaneous_nominations_of_one_subject_open_one_case(staff):
    subject = SubjectFactory(risk_class="A", region=bureau("650100"))

    def nominate():
        admission = admission_open(
            subject=subject,
            channel=Admission.Channel.NOMINATION,
            established_on=today().replace(year=today().year - 8),
            contact_name="马丽",
            statement="诚信经营",
            pledge_signed=True,
            actor=staff["handler"],
        )
        return admission.case.case_no

    results = _together(nominate, 3)

    assert Case.objects.filter(procedure="alliance").count() == 1
    assert Membership.objects.filter(subject=subject).count() == 1
    refusals = [r for r in results if isinstance(r, list)]
    assert len(refusals) == 2 and all("已在企业信用同盟中" in r[0] for r in refusals)

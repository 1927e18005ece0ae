"""Two deliveries of the same referral at the same moment store it once (PostgreSQL)."""

import threading

import pytest
from django.db import connection

from forms.listing import CourtReferralForm
from tests.factories import SubjectFactory, bureau
from tests.workflows.listing.conftest import payload
from workflows.core.models import Case
from workflows.listing.models import CourtReferral, Lead
from workflows.listing.services import ReferralConflict, referral_receive


@pytest.mark.django_db(transaction=True)
def test_simultaneous_identical_and_conflicting_pushes(staff):
    subject = SubjectFactory(region=bureau("650100"))
    same = payload(subject)
    other = payload(subject, cause="另一个案由")
    barrier = threading.Barrier(3)
    results: list = []

    def push(body):
        form = CourtReferralForm(body)
        assert form.is_valid(), form.errors
        barrier.wait()
        try:
            referral, created = referral_receive(
                data=form.cleaned_data, channel="api", actor=staff["court"]
            )
            results.append(("created" if created else "existing", referral.pk))
        except ReferralConflict as exc:
            results.append(("conflict", exc.existing.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=push, args=(body,)) for body in (same, same, other)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert (CourtReferral.objects.count(), Lead.objects.count()) == (1, 1)
    assert Case.objects.filter(procedure="listing").count() == 1
    stored = CourtReferral.objects.get()
    outcomes = sorted(kind for kind, _pk in results)
    assert len(results) == 3 and {pk for _kind, pk in results} == {stored.pk}
    if stored.cause == same["cause"]:
        assert outcomes == ["conflict", "created", "existing"]
    else:  # the conflicting payload happened to win the race
        assert outcomes == ["conflict", "conflict", "created"]

"""Reads of the credit-alliance procedure, including the flags other procedures read."""

from django.conf import settings
from django.db.models import QuerySet

from workflows.alliance.models import Admission, Membership, MembershipReview, Objection
from workflows.core.flow.activations import case_of
from workflows.core.models import Case, Procedure, Subject, User
from workflows.core.roles import is_staff_member
from workflows.core.selectors import bureaus_visible_to, cases_visible_to


def is_member(subject: Subject) -> bool:
    """True when the subject is an alliance member in good standing (incentives apply).

    Other procedures read this (the pledge procedure lowers its sampling ratio);
    a suspended member, under review, is not one.
    """
    return Membership.objects.filter(subject=subject, state=Membership.State.MEMBER).exists()


def incentives_of(subject: Subject) -> frozenset[str]:
    """The incentive flags a subject enjoys (``ALLIANCE_MEMBER_INCENTIVES`` for members in
    good standing, none otherwise), e.g. ``"lower_sampling_ratio"``."""
    if not is_member(subject):
        return frozenset()
    return frozenset(settings.ALLIANCE_MEMBER_INCENTIVES)


def admission_of(activation) -> Admission:
    """The admission of the case an activation belongs to (locked with the case)."""
    return Admission.objects.select_related("case__subject", "case__bureau", "membership").get(
        case=case_of(activation.process)
    )


def review_of(activation) -> MembershipReview:
    return MembershipReview.objects.select_related(
        "case__subject", "case__bureau", "membership"
    ).get(case=case_of(activation.process))


def pending_objections(case: Case) -> QuerySet[Objection]:
    return Objection.objects.filter(admission__case=case, status=Objection.Status.PENDING).order_by(
        "received_at", "pk"
    )


def alliance_cases_visible_to(user: User) -> QuerySet[Case]:
    if not is_staff_member(user):
        return Case.objects.none()
    return cases_visible_to(user).filter(procedure=Procedure.ALLIANCE)


def memberships_visible_to(user: User) -> QuerySet[Membership]:
    qs = Membership.objects.select_related("subject", "bureau")
    if not is_staff_member(user):
        return qs.none()
    bureaus = bureaus_visible_to(user)
    return qs if bureaus is None else qs.filter(bureau__in=bureaus)


def admissions_on_notice() -> QuerySet[Admission]:
    """Candidates whose public notice is running (what the portal shows)."""
    return (
        Admission.objects.filter(
            membership__state=Membership.State.ON_NOTICE, notice_closed_at__isnull=True
        )
        .select_related("case__subject", "case__bureau")
        .order_by("notice_from", "case__case_no")
    )

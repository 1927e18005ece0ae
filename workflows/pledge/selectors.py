"""Reads of the pledge procedure, scoped to what the user may see."""

from datetime import date

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from workflows.core.flow.activations import case_of
from workflows.core.models import CreditRecord, Subject, User
from workflows.core.roles import is_staff_member
from workflows.core.selectors import bureaus_visible_to
from workflows.pledge.models import (
    RESTRICTED_TYPES,
    Pledge,
    PledgeType,
    SamplingDraw,
    SamplingPolicy,
    Verification,
)

#: Record states in which a false pledge still restricts the subject (not yet repaired,
#: expired, removed or revoked).
UNREPAIRED = (CreditRecord.State.LISTED, CreditRecord.State.REPAIR_REQUESTED)


def restriction_reasons(subject: Subject, pledge_type: str) -> list[str]:
    """Why ``subject`` may not make a pledge of ``pledge_type`` now (empty: it may).

    告知承诺 and 承诺容缺 are not available to a subject with an unrepaired false pledge
    until it is repaired (DOMAIN.md §5.1); 告知承诺 is not available on the serious list
    either (Order 44's measures). 承诺容缺 stays open to a serious-list subject that
    applies to repair that very listing.
    """
    if pledge_type not in RESTRICTED_TYPES:
        return []
    records = CreditRecord.objects.filter(subject=subject, state__in=UNREPAIRED)
    reasons = []
    for record in records.filter(kind=CreditRecord.Kind.FALSE_PLEDGE).order_by("listed_on", "pk"):
        reasons.append(
            _("%(name)s has an unrepaired false-pledge record (%(number)s, recorded on "
              "%(date)s): pledge-based handling is not available until it is repaired.")
            % {"name": subject.name, "number": record.decision_no or record.reason[:40],
               "date": record.listed_on.isoformat()}
        )  # fmt: skip
    serious = records.filter(kind=CreditRecord.Kind.SERIOUS_LIST)
    if pledge_type == PledgeType.LICENSING and serious.exists():
        reasons.append(
            _("%(name)s is on the serious-violation list: pledge-based handling is not "
              "available.") % {"name": subject.name}
        )  # fmt: skip
    return reasons


def pledges_visible_to(user: User) -> QuerySet[Pledge]:
    if not is_staff_member(user):
        return Pledge.objects.none()
    qs = Pledge.objects.select_related("subject", "bureau", "linked_case", "case", "false_record")
    bureaus = bureaus_visible_to(user)
    return qs if bureaus is None else qs.filter(bureau__in=bureaus)


def draws_visible_to(user: User) -> QuerySet[SamplingDraw]:
    if not is_staff_member(user):
        return SamplingDraw.objects.none()
    qs = SamplingDraw.objects.select_related("bureau", "policy", "drawn_by")
    bureaus = bureaus_visible_to(user)
    return qs if bureaus is None else qs.filter(bureau__in=bureaus)


def policy_in_force(on: date) -> SamplingPolicy:
    policy = (
        SamplingPolicy.objects.filter(effective_from__lte=on)
        .order_by("-effective_from", "-version")
        .first()
    )
    if policy is None:
        raise LookupError(f"no sampling policy is in force on {on}")
    return policy


def verification_of(activation) -> Verification:
    """The verification of the case an activation belongs to (locked with the case)."""
    return Verification.objects.select_related(
        "case__subject", "case__bureau", "pledge__subject"
    ).get(case=case_of(activation.process))

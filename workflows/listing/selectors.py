"""Reads of the listing procedure."""

from django.db.models import QuerySet

from workflows.core.flow.activations import case_of
from workflows.core.models import User
from workflows.core.selectors import bureaus_visible_to
from workflows.listing.models import AbnormalEntry, AbnormalObjection, Lead, Listing


def listing_of(activation) -> Listing:
    """The listing of the case an activation belongs to (locked with the case)."""
    return Listing.objects.select_related("case__subject", "case__bureau", "lead").get(
        case=case_of(activation.process)
    )


def leads_to_match(user: User) -> QuerySet[Lead]:
    """Leads waiting for a subject, in the bureaus the user sees."""
    qs = Lead.objects.filter(status=Lead.Status.NEEDS_MATCH).select_related(
        "bureau", "court_referral"
    )
    bureaus = bureaus_visible_to(user)
    return (qs if bureaus is None else qs.filter(bureau__in=bureaus)).order_by("created_at", "pk")


def objection_of(activation) -> AbnormalObjection:
    return AbnormalObjection.objects.select_related(
        "case__subject", "entry__credit_record__subject"
    ).get(case=case_of(activation.process))


def late_annual_report_years(subject, since_year: int) -> list[int]:
    """Report years, newest first, for which ``subject`` was put on the abnormal list for
    not filing its annual report (revoked entries left out): other procedures read the
    list through this, not through listing's models (the alliance's screening)."""
    from workflows.core.models import CreditRecord

    return list(
        AbnormalEntry.objects.filter(
            credit_record__subject=subject,
            ground=AbnormalEntry.Ground.NO_ANNUAL_REPORT,
            report_year__gte=since_year,
        )
        .exclude(credit_record__state=CreditRecord.State.REVOKED)
        .order_by("-report_year")
        .values_list("report_year", flat=True)
    )

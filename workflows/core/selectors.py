"""Reads of the core records, scoped to what the user may see (DESIGN.md §4)."""

from django.db.models import Q, QuerySet

from workflows.core.models import Bureau, Case, Subject, User


def bureaus_visible_to(user: User) -> QuerySet[Bureau] | None:
    """The bureaus whose records the user sees, or None for every bureau.

    Regional staff, supervisors and auditors see all; everyone else sees their own
    bureau and the bureaus under it (Ili administers Tacheng and Altay).
    """
    if user.sees_all_bureaus:
        return None
    if user.bureau_id is None:
        return Bureau.objects.none()
    return Bureau.objects.filter(Q(pk=user.bureau_id) | Q(parent_id=user.bureau_id))


def subjects_visible_to(user: User) -> QuerySet[Subject]:
    qs = Subject.objects.select_related("region")
    bureaus = bureaus_visible_to(user)
    return qs if bureaus is None else qs.filter(region__in=bureaus)


def cases_visible_to(user: User) -> QuerySet[Case]:
    qs = Case.objects.select_related("subject", "bureau")
    bureaus = bureaus_visible_to(user)
    return qs if bureaus is None else qs.filter(bureau__in=bureaus)

"""Reads of the core records, scoped to what the user may see (DESIGN.md §4)."""

from django.db.models import QuerySet

from workflows.core.models import Subject, User


def subjects_visible_to(user: User) -> QuerySet[Subject]:
    """Subjects of the user's bureau (and the bureaus under it), or all for cross-bureau roles."""
    qs = Subject.objects.select_related("region")
    if user.sees_all_bureaus:
        return qs
    if user.bureau_id is None:
        return qs.none()
    return qs.filter(
        region__in=[user.bureau_id, *user.bureau.children.values_list("id", flat=True)]
    )

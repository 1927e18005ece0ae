"""Addresses of the repair pages (mounted under the 信用修复 application of the site)."""

from urllib.parse import urlencode

from django.urls import reverse

from workflows.core.models import Case

#: URL namespace of the repair application in the site (the flow's app name).
NAMESPACE = "repair"


def case_url(case: Case | int) -> str:
    return reverse(f"{NAMESPACE}:cases:detail", args=[getattr(case, "pk", case)])


def apply_url(uscc: str = "", record_id: int | None = None) -> str:
    query = {key: value for key, value in (("uscc", uscc), ("record", record_id)) if value}
    url = reverse(f"{NAMESPACE}:apply:index")
    return f"{url}?{urlencode(query)}" if query else url

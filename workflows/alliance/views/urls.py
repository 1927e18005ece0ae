"""Addresses of the alliance pages (mounted under the 企业信用同盟 application of the site)."""

from django.urls import reverse

from workflows.core.models import Case

#: URL namespace of the alliance application in the site (the flow's app name).
NAMESPACE = "alliance"


def case_url(case: Case | int) -> str:
    return reverse(f"{NAMESPACE}:cases:detail", args=[getattr(case, "pk", case)])

"""A plain health endpoint for load balancers and docker compose."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse

from search.client import cluster_health


def _check(probe) -> str:
    try:
        probe()
    except Exception as exc:  # noqa: BLE001 - any failure is reported, not raised
        return f"error: {exc.__class__.__name__}"
    return "ok"


@login_not_required
def healthz(request):
    def database():
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")

    def redis():
        # add, not set: a plain write is dropped silently while Redis is down (project.cache)
        cache.add("healthz", "1", 5)

    status = {
        "database": _check(database),
        "cache": _check(redis) if settings.REDIS_URL else "local memory (demo)",
        "search": _check(cluster_health) if settings.ELASTICSEARCH_URL else "database (demo)",
    }
    healthy = all(not value.startswith("error") for value in status.values())
    return JsonResponse(status, status=200 if healthy else 503)

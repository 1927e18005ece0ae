"""The Elasticsearch connection, or None in the embedded demo (search from the database)."""

from functools import lru_cache

from django.conf import settings
from elasticsearch import Elasticsearch


@lru_cache(maxsize=1)
def get_client() -> Elasticsearch | None:
    if not settings.ELASTICSEARCH_URL:
        return None
    return Elasticsearch(settings.ELASTICSEARCH_URL, request_timeout=10, retry_on_timeout=True)


def index_name(base: str) -> str:
    """Index (or alias) names carry the environment's prefix, so tests never touch real data."""
    return f"{settings.ELASTICSEARCH_INDEX_PREFIX}-{base}"


def cluster_health(timeout: str = "5s") -> dict:
    """The cluster's health (the test distribution has no ``GET /``, so never use ping())."""
    client = get_client()
    if client is None:
        raise RuntimeError("ELASTICSEARCH_URL is not set")
    return client.cluster.health(wait_for_status="yellow", timeout=timeout).body

"""The search index of the demo data (called by ``seed_demo`` after the procedures' demos).

In a full stack (docker compose: Elasticsearch configured, relay on) the index is rebuilt
from the seeded database, so it also holds what the demos wrote without events (dates
moved back to make cases overdue). The embedded demo searches the database instead, and
the test settings (relay off) never touch a shared index from here.
"""

import logging

from django.conf import settings

logger = logging.getLogger(__name__)


def seed() -> dict[str, int]:
    if not (settings.ELASTICSEARCH_URL and settings.SEARCH_RELAY_ON_COMMIT):
        return {}
    from search.indexing import RelayBusy, SearchUnavailable
    from search.rebuild import rebuild

    try:
        report = rebuild()
    except (SearchUnavailable, RelayBusy) as exc:
        logger.warning("demo: the search index was not rebuilt (%s); run search_rebuild", exc)
        return {}
    return {"indexed_documents": sum(report.documents.values())}

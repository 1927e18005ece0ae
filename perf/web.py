"""Page, API and search latencies, measured in-process through the whole Django stack.

Requests go through the test ``Client`` (every middleware, the session, the templates),
so a figure is the server's time for a request without the network. Each page is
compared with the user's profile page: the same site chrome and middleware with
nothing in it.
"""

import random
from datetime import timedelta

from django.test import Client
from django.utils import timezone

from perf.measure import latency, percentile, queries_of, ratio, sample
from workflows.core.models import Case
from workflows.core.selectors import inbox_of, queue_of

PAGE_SIZE = 25
#: A phrase from the step comments (a Chinese substring), and the filters an auditor sets.
SEARCH_PHRASE = "补报年度报告"


class PageError(Exception):
    pass


def client_for(user) -> Client:
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    return client


def _get(client: Client, url: str, data: dict | None = None, *, status: int = 200):
    response = client.get(url, data or {})
    if response.status_code != status:
        raise PageError(f"GET {url} answered {response.status_code}, expected {status}")
    return response


def page_figure(client: Client, url: str, n: int, data_of=None) -> dict:
    """Latency of ``url`` (``data_of(i)`` gives the query of request ``i``) and its queries."""

    def get(i: int):
        return _get(client, url(i) if callable(url) else url, data_of(i) if data_of else None)

    cpu: list[float] = []
    figure = latency(sample(get, n, cpu=cpu))
    figure["cpu_p50_ms"] = round(percentile(cpu, 0.5), 2)
    figure["queries"] = queries_of(lambda: get(0))
    return figure


def pages(world, n: int, seed: int) -> dict:
    rng = random.Random(seed)
    handler = world.user("handler0_650100")
    supervisor, auditor = world.user("bench_supervisor"), world.user("bench_auditor")
    staff = client_for(handler)
    baseline = page_figure(staff, "/accounts/profile/", n)
    cases = list(
        Case.objects.filter(bureau__code="650100").order_by("?").values_list("pk", flat=True)[:n]
    )  # fmt: skip
    rng.shuffle(cases)
    figures = {
        "baseline_page": baseline,
        "inbox": page_figure(staff, "/app/work/inbox/", n),
        "inbox_last_page": page_figure(staff, "/app/work/inbox/", n, lambda i: {"page": "last"}),
        "queue": page_figure(staff, "/app/work/queue/", n),
        "case_detail": page_figure(staff, lambda i: f"/api/v1/cases/{cases[i % len(cases)]}/", n),
        "dashboard": page_figure(client_for(supervisor), "/app/sla/dashboard/", max(n // 3, 5)),
    }
    figures["inbox"]["tasks"] = inbox_of(handler).count()
    figures["queue"]["tasks"] = queue_of(handler).count()
    for name in ("inbox", "inbox_last_page", "queue", "case_detail", "dashboard"):
        figures[name]["ratio_p95"] = ratio(figures[name]["p95_ms"], baseline["p95_ms"])
    figures.update(search(client_for(auditor), n, rng))
    return figures


def search(client: Client, n: int, rng: random.Random) -> dict:
    """Auditor searches: a Chinese phrase with filters, facets and highlighting."""
    from search.client import get_client
    from search.indexing import alias

    today = timezone.localdate()
    bureaus = ["650100", "653100", "654000", "650200", "652300"]

    def cases_query(i: int) -> dict:
        return {
            "q": SEARCH_PHRASE, "procedure": "repair", "bureau": bureaus[i % len(bureaus)],
            "date_from": (today - timedelta(days=365)).isoformat(), "date_to": today.isoformat(),
        }  # fmt: skip

    def events_query(i: int) -> dict:
        return {
            "q": SEARCH_PHRASE, "event_type": "task.completed",
            "bureau": bureaus[i % len(bureaus)],
            "date_from": (today - timedelta(days=180)).isoformat(),
        }  # fmt: skip

    es = get_client()

    def raw(i: int):
        es.search(index=alias("events"), query={"match_all": {}}, size=PAGE_SIZE)

    baseline = latency(sample(raw, n))
    figures = {
        "search_baseline": baseline,
        "search_cases": page_figure(client, "/api/v1/search/cases/", n, cases_query),
        "search_events": page_figure(client, "/api/v1/search/events/", n, events_query),
    }
    for name in ("search_cases", "search_events"):
        body = _get(client, f"/api/v1/search/{name.removeprefix('search_')}/", cases_query(0)
                    if name == "search_cases" else events_query(0)).json()  # fmt: skip
        figures[name]["total"] = body.get("total", body.get("count"))
        figures[name]["backend"] = body.get("backend")
        figures[name]["ratio_p95"] = ratio(figures[name]["p95_ms"], baseline["p95_ms"])
    return figures

"""Auditor search: Elasticsearch when configured, the database in the embedded demo.

The region rule is the database's (``bureaus_visible_to``), applied to every query as a
terms filter on the bureau code, so a user finds exactly the cases and events the
database would show them; events outside any case are only for users who see every
bureau.
"""

import logging
import re
from datetime import date

from django.utils import timezone
from elasticsearch.dsl import A, Q, Search

from search.client import get_client
from search.documents import nfkc
from search.indexing import SearchUnavailable, alias, unavailable_as_error
from search.outbox import index_lag
from search.params import (
    CASES,
    DEADLINE_CHOICES,
    FACETS,
    Bucket,
    Facet,
    Hit,
    SearchPage,
    SearchParams,
)
from workflows.core.models import Bureau, Case, Procedure, User
from workflows.core.selectors import bureaus_visible_to

logger = logging.getLogger(__name__)

#: Free-text fields (``match_phrase``: a Chinese substring) and highlighted fields.
TEXT_FIELDS = {
    CASES: [
        "subject_name", "case_no.text", "summary", "actors", "decision.text",
        "legal_basis", "comments",
    ],
    "events": [
        "subject_name", "case_no.text", "actor_name", "comment", "changes",
    ],
}  # fmt: skip
#: Exact-code fields a whole or partial code is looked up in.
CODE_FIELDS = {CASES: ["case_no", "subject_uscc"], "events": ["case_no", "subject_uscc"]}
#: Facet name → keyword field, per kind.
FACET_FIELDS = {
    CASES: {
        "procedure": "procedure", "bureau": "bureau_code", "status": "status",
        "step": "current_step", "actor": "actors.raw",
    },
    "events": {
        "event_type": "event_type", "procedure": "procedure", "bureau": "bureau_code",
        "step": "step", "actor": "actor_name.raw",
    },
}  # fmt: skip
FACET_SIZES = {"bureau": 30, "step": 30, "event_type": 40, "actor": 15}
DATE_FIELD = {CASES: "opened_at", "events": "occurred_at"}
SORTS = {
    "relevance": ["_score"],
    "-opened_at": [{"opened_at": "desc"}],
    "opened_at": [{"opened_at": "asc"}],
    "-last_event_at": [{"last_event_at": {"order": "desc", "missing": "_last"}}],
    "next_due_date": [{"next_due_date": {"order": "asc", "missing": "_last"}}],
    "case_no": [{"case_no": "asc"}],
    "-occurred_at": [{"occurred_at": "desc"}],
    "occurred_at": [{"occurred_at": "asc"}],
}
TIME_ZONE = "Asia/Shanghai"


def visible_bureau_codes(user: User) -> list[str] | None:
    """Codes of the bureaus whose records the user sees; None for every bureau."""
    bureaus = bureaus_visible_to(user)
    return None if bureaus is None else list(bureaus.values_list("code", flat=True))


def search(user: User, params: SearchParams) -> SearchPage:
    """One page of results with facets, from Elasticsearch or (demo) the database."""
    if get_client() is None:
        from search.database import search_database

        return search_database(user, params)
    return search_elasticsearch(user, params)


def search_elasticsearch(user: User, params: SearchParams) -> SearchPage:
    search_ = build_search(user, params).extra(from_=params.offset, size=params.page_size)
    with unavailable_as_error():
        response = search_.execute()
    return SearchPage(
        params=params,
        backend="elasticsearch",
        total=response.hits.total.value,
        hits=[to_hit(hit) for hit in response.hits],
        facets=facets_from(params, response.aggregations.to_dict()),
        lag=index_lag(),
    )


def to_hit(hit) -> Hit:
    highlight = getattr(hit.meta, "highlight", None)
    highlights = {}
    if highlight:
        highlights = {name: list(parts) for name, parts in highlight.to_dict().items()}
    return Hit(id=int(hit.meta.id), source=hit.to_dict(), highlights=highlights)


def build_search(user: User, params: SearchParams, *, facets: bool = True) -> Search:
    kind = params.kind
    filters = _filters(user, params)
    query = _text_query(kind, params.q) if params.q else Q("match_all")
    search_ = (
        Search(using=get_client(), index=alias(kind))
        .query(Q("bool", must=[query], filter=filters))
        .extra(track_total_hits=True)
        .sort(*SORTS[params.effective_ordering], {_id_field(kind): "asc"})
    )
    if not facets:
        return search_
    if params.q:
        search_ = search_.highlight_options(
            pre_tags=["<mark>"], post_tags=["</mark>"], encoder="html",
            fragment_size=80, number_of_fragments=3,
        ).highlight(*TEXT_FIELDS[kind], *CODE_FIELDS[kind])  # fmt: skip
    for name, field in FACET_FIELDS[kind].items():
        search_.aggs.bucket(name, A("terms", field=field, size=FACET_SIZES.get(name, 10)))
    if kind == CASES:
        search_.aggs.bucket(
            "deadline",
            A("filters", filters={key: _deadline_query(key) for key, _label in DEADLINE_CHOICES}),
        )
    return search_


def _id_field(kind: str) -> str:
    return "case_id" if kind == CASES else "event_id"


def _filters(user: User, params: SearchParams) -> list:
    kind, filters = params.kind, []
    codes = visible_bureau_codes(user)
    if codes is not None:
        filters.append(Q("terms", bureau_code=codes))
    fields = FACET_FIELDS[kind]
    for name in ("procedure", "bureau", "status", "step", "event_type"):
        value = getattr(params, name)
        if value and name in fields:
            filters.append(Q("term", **{fields[name]: value}))
    if params.actor:
        filters.append(Q("term", **{fields["actor"]: nfkc(params.actor)}))
    if params.date_from or params.date_to:
        bounds = {"time_zone": TIME_ZONE, "format": "strict_date"}
        if params.date_from:
            bounds["gte"] = params.date_from.isoformat()
        if params.date_to:
            bounds["lte"] = params.date_to.isoformat()
        filters.append(Q("range", **{DATE_FIELD[kind]: bounds}))
    if params.deadline and kind == CASES:
        filters.append(_deadline_query(params.deadline))
    return filters


def _deadline_query(key: str, today: date | None = None):
    """A case's deadline situation from its running deadlines' dates (see documents)."""
    today = (today or timezone.localdate()).isoformat()
    if key == "overdue":
        return Q("range", next_due_date={"lt": today})
    if key == "due_soon":
        return Q("range", next_due_soon_from={"lte": today}) & Q(
            "range", next_due_date={"gte": today}
        )
    if key == "on_track":
        return Q("range", next_due_soon_from={"gt": today})
    return ~Q("exists", field="next_due_date")


_CODE_LIKE = re.compile(r"^[0-9A-Za-z]{4,18}$")
_HAN_ONLY = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+$")


def _text_query(kind: str, text: str):
    """A Chinese substring in the text fields, or a whole or partial code or case number."""
    text = nfkc(text)
    should = [
        Q("multi_match", query=text, type="phrase", fields=TEXT_FIELDS[kind]),
        Q("term", subject_uscc={"value": text.upper(), "boost": 5}),
        Q("term", case_no={"value": text, "boost": 5}),
    ]
    if not _HAN_ONLY.match(text):
        # A leading wildcard walks every case number in the index (half the cost of a
        # search at 100,000 cases); Chinese characters alone are one token each in
        # ``case_no.text``, where the phrase query above already finds them anywhere.
        pattern = f"*{_escape_wildcard(text)}*"
        should.append(Q("wildcard", case_no={"value": pattern, "case_insensitive": True}))
    if _CODE_LIKE.match(text):
        should.append(Q("wildcard", subject_uscc={"value": f"*{text.upper()}*"}))
    if kind != CASES:
        should.append(Q("term", event_type=text))
        should.append(Q("term", actor_username=text))
    return Q("bool", should=should, minimum_should_match=1)


def _escape_wildcard(text: str) -> str:
    return re.sub(r"([\\*?])", r"\\\1", text)


def facets_from(params: SearchParams, aggregations: dict) -> list[Facet]:
    facets = []
    for name, label in FACETS[params.kind].items():
        agg = aggregations.get(name, {})
        if name == "deadline":
            counts = {key: b["doc_count"] for key, b in agg.get("buckets", {}).items()}
            pairs = [(key, counts.get(key, 0)) for key, _label in DEADLINE_CHOICES]
        else:
            pairs = [(str(b["key"]), b["doc_count"]) for b in agg.get("buckets", [])]
        facets.append(facet(params, name, label, pairs))
    return facets


def facet(params: SearchParams, name: str, label, pairs: list[tuple[str, int]]) -> Facet:
    """A facet with readable labels; the selected value is marked."""
    selected = getattr(params, name, "") or ""
    labels = facet_labels(name, [value for value, _count in pairs])
    return Facet(
        name=name,
        label=str(label),
        buckets=[
            Bucket(value=value, label=labels.get(value, value), count=count,
                   selected=value == selected)
            for value, count in pairs
            if value and (count or name == "deadline")
        ],
    )  # fmt: skip


def facet_labels(name: str, values: list[str]) -> dict[str, str]:
    if name == "procedure":
        return {value: str(label) for value, label in Procedure.choices}
    if name == "status":
        return {value: str(label) for value, label in Case.Status.choices}
    if name == "deadline":
        return {value: str(label) for value, label in DEADLINE_CHOICES}
    if name == "bureau":
        return dict(Bureau.objects.filter(code__in=values).values_list("code", "name"))
    return {}


def run_search(user, params):
    """Search the index, or the database when there is none (demo) or it is down."""
    try:
        return search(user, params), ""
    except SearchUnavailable as exc:
        logger.warning("search: Elasticsearch unavailable, answering from the database: %s", exc)
        from search.database import search_database

        return search_database(user, params), "unavailable"

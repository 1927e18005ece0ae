"""Search answered by the database: the embedded demo, where there is no Elasticsearch.

The same parameters, region rule, facets and result shape as the Elasticsearch search
(hits are the very documents the index would hold, built by ``search.documents``), so
the page and the API work unchanged; only the text matching is a plain ``icontains``.
"""

import html
import re
from datetime import datetime, time, timedelta

from django.db.models import Count, Exists, Max, Min, OuterRef, Q, QuerySet
from django.utils import timezone

from search.documents import case_documents, deadline_state, event_documents, nfkc
from search.params import CASES, DEADLINE_CHOICES, FACETS, Hit, SearchPage, SearchParams
from search.selectors import TEXT_FIELDS, facet
from workflows.core.models import AuditEvent, Case, Deadline, User
from workflows.core.selectors import bureaus_visible_to, cases_visible_to


def _running() -> list[str]:
    statuses = Deadline.Status.values
    return [status for status in statuses if deadline_state(status) == "running"]


def _day_start(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def deadline_condition(key: str) -> Q:
    today = timezone.localdate()
    running = Deadline.objects.filter(case=OuterRef("pk"), status__in=_running())
    overdue = Exists(running.filter(due_date__lt=today))
    soon = Exists(running.filter(due_soon_from__lte=today))
    if key == "overdue":
        return Q(overdue)
    if key == "due_soon":
        return ~Q(overdue) & Q(soon)
    if key == "on_track":
        return Q(Exists(running)) & ~Q(soon)
    return ~Q(Exists(running))


def case_queryset(user: User, params: SearchParams) -> QuerySet[Case]:
    qs = cases_visible_to(user)
    if params.q:
        text = nfkc(params.q)
        in_events = AuditEvent.objects.filter(case=OuterRef("pk")).filter(
            Q(actor_name__icontains=text) | Q(comment__icontains=text)
        )
        qs = qs.filter(
            Q(case_no__icontains=text)
            | Q(subject__name__icontains=text)
            | Q(subject__uscc__icontains=text.upper())
            | Q(summary__icontains=text)
            | Q(decision__icontains=text)
            | Q(legal_basis__icontains=text)
            | Q(Exists(in_events))
        )
    for name, lookup in (
        ("procedure", "procedure"),
        ("bureau", "bureau__code"),
        ("status", "status"),
        ("step", "current_step"),
    ):
        if getattr(params, name):
            qs = qs.filter(**{lookup: getattr(params, name)})
    if params.actor:
        by = AuditEvent.objects.filter(case=OuterRef("pk"), actor_name=nfkc(params.actor))
        qs = qs.filter(Exists(by))
    if params.date_from:
        qs = qs.filter(opened_at__gte=_day_start(params.date_from))
    if params.date_to:
        qs = qs.filter(opened_at__lt=_day_start(params.date_to + timedelta(days=1)))
    if params.deadline:
        qs = qs.filter(deadline_condition(params.deadline))
    return qs


def event_queryset(user: User, params: SearchParams) -> QuerySet[AuditEvent]:
    qs = AuditEvent.objects.select_related("case", "case__subject", "case__bureau")
    bureaus = bureaus_visible_to(user)
    if bureaus is not None:
        qs = qs.filter(case__bureau__in=bureaus)
    if params.q:
        text = nfkc(params.q)
        qs = qs.filter(
            Q(case__case_no__icontains=text)
            | Q(case__subject__name__icontains=text)
            | Q(case__subject__uscc__icontains=text.upper())
            | Q(actor_name__icontains=text)
            | Q(comment__icontains=text)
            | Q(event_type=text)
        )
    for name, lookup in (
        ("procedure", "case__procedure"),
        ("bureau", "case__bureau__code"),
        ("event_type", "event_type"),
        ("actor", "actor_name"),
    ):
        if getattr(params, name):
            qs = qs.filter(**{lookup: nfkc(getattr(params, name))})
    if params.step:
        qs = qs.filter(Q(after__step=params.step) | Q(after__current_step=params.step))
    if params.date_from:
        qs = qs.filter(occurred_at__gte=_day_start(params.date_from))
    if params.date_to:
        qs = qs.filter(occurred_at__lt=_day_start(params.date_to + timedelta(days=1)))
    return qs


CASE_ORDER = {
    "relevance": ["-opened_at"],
    "-opened_at": ["-opened_at"],
    "opened_at": ["opened_at"],
    "-last_event_at": ["-last_event_at"],
    "next_due_date": ["next_due_date"],
    "case_no": ["case_no"],
}
EVENT_ORDER = {
    "relevance": ["-occurred_at"],
    "-occurred_at": ["-occurred_at"],
    "occurred_at": ["occurred_at"],
}


def ordered(params: SearchParams, qs: QuerySet) -> QuerySet:
    ordering = params.effective_ordering
    if params.kind == CASES:
        if ordering == "-last_event_at":
            qs = qs.annotate(last_event_at=Max("events__occurred_at"))
        if ordering == "next_due_date":
            running = Q(deadlines__status__in=_running())
            qs = qs.annotate(next_due_date=Min("deadlines__due_date", filter=running))
        return qs.order_by(*CASE_ORDER[ordering], "pk")
    return qs.order_by(*EVENT_ORDER[ordering], "pk")


def search_database(user: User, params: SearchParams) -> SearchPage:
    is_cases = params.kind == CASES
    qs = case_queryset(user, params) if is_cases else event_queryset(user, params)
    total = qs.count()
    ids = list(
        ordered(params, qs).values_list("pk", flat=True)[
            params.offset : params.offset + params.page_size
        ]
    )
    return SearchPage(
        params=params,
        backend="database",
        total=total,
        hits=hits_for(params, ids),
        facets=_facets(params, qs),
    )


def hits_for(params: SearchParams, ids: list[int]) -> list[Hit]:
    documents = (case_documents if params.kind == CASES else event_documents)(ids)
    return [
        Hit(id=pk, source=documents[pk], highlights=highlight(params, documents[pk]))
        for pk in ids
        if pk in documents
    ]


def highlight(params: SearchParams, document: dict) -> dict[str, list[str]]:
    """``<mark>`` around the searched text in the document's text fields (HTML-escaped)."""
    if not params.q:
        return {}
    text = nfkc(params.q)
    pattern = re.compile(re.escape(html.escape(text)), re.IGNORECASE)
    found = {}
    for name in [*TEXT_FIELDS[params.kind], "case_no", "subject_uscc"]:
        value = document.get(name.removesuffix(".text"))
        values = value if isinstance(value, list) else [value]
        marked = [
            pattern.sub(lambda m: f"<mark>{m.group(0)}</mark>", html.escape(str(v)))
            for v in values
            if v and text.lower() in str(v).lower()
        ]
        if marked:
            found[name] = marked[:3]
    return found


def _facets(params: SearchParams, qs: QuerySet):
    if params.kind == CASES:
        fields = {
            "procedure": "procedure", "bureau": "bureau__code", "status": "status",
            "step": "current_step",
        }  # fmt: skip
        events = AuditEvent.objects.filter(case__in=qs.values("pk")).exclude(actor_name="")
        actor_counts = (
            events.values_list("actor_name").annotate(n=Count("case", distinct=True)).order_by()
        )
    else:
        fields = {
            "event_type": "event_type", "procedure": "case__procedure",
            "bureau": "case__bureau__code", "step": "after__step",
        }  # fmt: skip
        actor_counts = (
            qs.exclude(actor_name="").values_list("actor_name").annotate(n=Count("pk")).order_by()
        )
    facets = []
    for name, label in FACETS[params.kind].items():
        if name == "deadline":
            pairs = [
                (key, qs.filter(deadline_condition(key)).count()) for key, _l in DEADLINE_CHOICES
            ]
        elif name == "actor":
            pairs = sorted(actor_counts, key=lambda row: (-row[1], row[0]))[:15]
        else:
            rows = qs.exclude(**{f"{fields[name]}__isnull": True}).values_list(fields[name])
            rows = rows.annotate(n=Count("pk")).order_by()
            pairs = sorted(((str(v), n) for v, n in rows if v), key=lambda r: (-r[1], r[0]))[:30]
        facets.append(facet(params, name, label, pairs))
    return facets

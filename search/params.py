"""What a search asks and what it answers, the same for Elasticsearch and the database."""

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext_lazy as _

from search.outbox import IndexLag

CASES, EVENTS = "cases", "events"

#: Deadline situations of a case, computed from the dates of its running deadlines.
DEADLINE_CHOICES = (
    ("overdue", _("Overdue")),
    ("due_soon", _("Due soon")),
    ("on_track", _("On track")),
    ("none", _("No running deadline")),
)

#: Sort orders: value → label, per kind. "relevance" needs free text, else newest first.
CASE_ORDERINGS = (
    ("", _("Relevance with text, else newest")),
    ("relevance", _("Relevance")),
    ("-opened_at", _("Newest cases first")),
    ("opened_at", _("Oldest cases first")),
    ("-last_event_at", _("Most recent activity")),
    ("next_due_date", _("Next deadline")),
    ("case_no", _("Case number")),
)
EVENT_ORDERINGS = (
    ("", _("Relevance with text, else newest")),
    ("relevance", _("Relevance")),
    ("-occurred_at", _("Newest events first")),
    ("occurred_at", _("Oldest events first")),
)
ORDERINGS = {CASES: CASE_ORDERINGS, EVENTS: EVENT_ORDERINGS}

#: Facets per kind: name → label.
CASE_FACETS = {
    "procedure": _("Procedure"),
    "bureau": _("Bureau"),
    "status": _("Status"),
    "step": _("Current step"),
    "deadline": _("Deadline"),
    "actor": _("Actor"),
}
EVENT_FACETS = {
    "event_type": _("Event type"),
    "procedure": _("Procedure"),
    "bureau": _("Bureau"),
    "step": _("Step"),
    "actor": _("Actor"),
}
FACETS = {CASES: CASE_FACETS, EVENTS: EVENT_FACETS}

#: Deepest result reachable by paging (Elasticsearch's max_result_window).
MAX_WINDOW = 10_000


@dataclass(frozen=True)
class SearchParams:
    kind: str = CASES
    q: str = ""
    procedure: str = ""
    bureau: str = ""
    status: str = ""
    step: str = ""
    actor: str = ""
    event_type: str = ""
    date_from: date | None = None
    date_to: date | None = None
    deadline: str = ""
    ordering: str = ""
    page: int = 1
    page_size: int = 25

    @property
    def effective_ordering(self) -> str:
        if self.ordering and (self.ordering != "relevance" or self.q):
            return self.ordering
        if self.q:
            return "relevance"
        return "-opened_at" if self.kind == CASES else "-occurred_at"

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size


@dataclass
class Bucket:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class Facet:
    name: str
    label: str
    buckets: list[Bucket] = field(default_factory=list)


@dataclass
class Hit:
    id: int
    source: dict
    highlights: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class SearchPage:
    params: SearchParams
    backend: str  # "elasticsearch" or "database"
    total: int
    hits: list[Hit]
    facets: list[Facet]
    lag: IndexLag | None = None

    @property
    def num_pages(self) -> int:
        reachable = min(self.total, MAX_WINDOW)
        return max((reachable + self.params.page_size - 1) // self.params.page_size, 1)

    @property
    def has_next(self) -> bool:
        return self.params.page < self.num_pages

    @property
    def has_previous(self) -> bool:
        return self.params.page > 1

"""The auditor's search pages (viewflow Material UI): cases, events, a case's timeline."""

from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic
from viewflow.urls import AppMenuMixin, Viewset

from forms.search import SearchForm
from search.export import export_response
from search.outbox import index_lag
from search.params import CASES, EVENTS
from search.selectors import run_search
from search.timeline import case_timeline
from workflows.core.models import Case, Deadline, Procedure
from workflows.core.roles import is_staff_member
from workflows.core.sla.figures import step_titles


def may_search(user) -> bool:
    """Bureau staff (never an outside system's API client); which records they find is the
    region rule's."""
    return is_staff_member(user)


class StaffOnlyMixin:
    def dispatch(self, request, *args, **kwargs):
        if not may_search(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def url(self, name: str, **kwargs) -> str:
        return reverse(f"{self.request.resolver_match.namespace}:{name}", kwargs=kwargs or None)


class SearchView(StaffOnlyMixin, generic.TemplateView):
    template_name = "search/search.html"
    kind = CASES

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = SearchForm(self.request.GET, kind=self.kind)
        page, fallback = None, ""
        if form.is_valid():
            page, fallback = run_search(self.request.user, form.params())
        query = self.request.GET.copy()
        query.pop("page", None)
        procedures, statuses = dict(Procedure.choices), dict(Case.Status.choices)
        titles = step_titles()
        by_step = {step: title for (_procedure, step), title in titles.items()}
        for facet in page.facets if page else []:
            for bucket in facet.buckets if facet.name == "step" else []:
                bucket.label = by_step.get(bucket.value, bucket.label)
        for hit in page.hits if page else []:
            case_id = hit.source.get("case_id")
            hit.url = self.url("case", pk=case_id) if case_id else ""
            hit.deadline = deadline_situation(hit.source) if self.kind == CASES else ""
            hit.procedure_label = procedures.get(hit.source.get("procedure"), "")
            hit.status_label = statuses.get(hit.source.get("status"), "")
            step = hit.source.get("current_step") or hit.source.get("step") or ""
            hit.step_title = titles.get((hit.source.get("procedure"), step), step)
        context.update(
            title=_("Case history search"),
            kind=self.kind,
            form=form,
            page=page,
            fallback=fallback or ("demo" if page and page.backend == "database" else ""),
            lag=index_lag() if settings.ELASTICSEARCH_URL else None,
            query=query.urlencode(),
            cases_url=self.url("index"),
            events_url=self.url("events"),
            export_url=self.url("export", kind=self.kind),
            export_max=settings.SEARCH_EXPORT_MAX_ROWS,
            facet_links=facet_links(query, page) if page else {},
        )
        return context


class EventSearchView(SearchView):
    kind = EVENTS


def facet_links(query, page) -> dict:
    """For each facet bucket, the query string that selects it (or clears it)."""
    links = {}
    for facet in page.facets:
        for bucket in facet.buckets:
            params = query.copy()
            if bucket.selected:
                params.pop(facet.name, None)
            else:
                params[facet.name] = bucket.value
            if facet.name == "deadline":
                params.pop("overdue", None)
            bucket.link = "?" + params.urlencode()
        links[facet.name] = True
    return links


def deadline_situation(source: dict) -> str:
    """overdue / due_soon / on_track / "" from the running deadlines' dates (as the index)."""
    today = timezone.localdate().isoformat()
    due, soon = source.get("next_due_date"), source.get("next_due_soon_from")
    if not due:
        return ""
    if due < today:
        return "overdue"
    return "due_soon" if soon and soon <= today else "on_track"


def _periods(case: Case) -> list[Deadline]:
    """The case's open periods, once each: a milestone and the task rows running within
    it share one period (same rule, trigger day and last day)."""
    rows = case.deadlines.filter(status__in=Deadline.OPEN_STATUSES).select_related("rule")
    periods = {}
    for row in rows.order_by("due_date", "task_id", "pk"):
        periods.setdefault((row.rule_id, row.started_on, row.due_date), row)
    return list(periods.values())


class CaseTimelineView(StaffOnlyMixin, generic.TemplateView):
    template_name = "search/case_timeline.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        timeline = case_timeline(self.request.user, self.kwargs["pk"])
        if timeline is None:
            raise Http404
        case = timeline.case
        context.update(
            open_deadlines=_periods(case),
            step_title=step_titles().get((case.procedure, case.current_step), case.current_step),
            title=timeline.case.case_no,
            timeline=timeline,
            cases_url=self.url("index"),
            events_url=self.url("events") + "?" + urlencode({"q": timeline.case.case_no}),
        )
        return context


class ExportView(StaffOnlyMixin, generic.View):
    def get(self, request, kind: str):
        if kind not in (CASES, EVENTS):
            raise Http404
        return export_response(request, kind, request.GET.get("file_format", "csv"))


class SearchViewset(AppMenuMixin, Viewset):
    title = gettext_lazy("Case history search")
    icon = "manage_search"
    index_path = path("", SearchView.as_view(), name="index")
    events_path = path("events/", EventSearchView.as_view(), name="events")
    case_path = path("cases/<int:pk>/", CaseTimelineView.as_view(), name="case")
    export_path = path("export/<str:kind>/", ExportView.as_view(), name="export")

    def has_view_permission(self, user, obj=None) -> bool:
        return may_search(user)

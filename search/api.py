"""The auditor search through the API, mounted at ``/api/v1/search/``.

The same form validates the parameters as on the page; results, facets, highlights
and the index lag come back as JSON, exports as CSV or XLSX files. Region rules are
the database's; a case outside the caller's bureaus is a 404 like a missing one.
"""

from dataclasses import asdict

from django.http import Http404
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from forms.search import SearchForm, validation_error_dict
from search.export import export_response
from search.outbox import IndexLag, index_lag
from search.params import CASES, DEADLINE_CHOICES, EVENTS, ORDERINGS
from search.selectors import run_search
from search.timeline import case_timeline
from workflows.core.api import schema
from workflows.core.api.permissions import StaffAPIMixin
from workflows.core.api.serializers import AuditEventSerializer
from workflows.core.models import Case, Procedure


class LagSerializer(serializers.Serializer):
    pending = serializers.IntegerField(help_text="Changes not yet in the index.")
    oldest_seconds = serializers.FloatField(help_text="Age of the oldest waiting change.")
    failing = serializers.IntegerField(help_text="Waiting changes whose sending failed.")


def lag_data(lag: IndexLag | None) -> dict | None:
    if lag is None:
        return None
    return {"pending": lag.pending, "oldest_seconds": round(lag.seconds, 1), "failing": lag.failing}


class BucketSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()
    selected = serializers.BooleanField()


class FacetSerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()
    buckets = BucketSerializer(many=True)


class DeadlineDocSerializer(serializers.Serializer):
    step = serializers.CharField()
    rule = serializers.CharField()
    started_on = serializers.DateField()
    due_date = serializers.DateField()
    due_soon_from = serializers.DateField()
    state = serializers.CharField(help_text="running, met, breached, paused …")


class CaseDocSerializer(serializers.Serializer):
    case_id = serializers.IntegerField()
    case_no = serializers.CharField()
    procedure = serializers.CharField()
    sub_type = serializers.CharField()
    source = serializers.CharField()
    status = serializers.CharField()
    current_step = serializers.CharField()
    decision = serializers.CharField()
    legal_basis = serializers.CharField()
    summary = serializers.CharField()
    subject_uscc = serializers.CharField(allow_null=True)
    subject_name = serializers.CharField(allow_null=True)
    bureau_code = serializers.CharField()
    bureau_name = serializers.CharField()
    opened_at = serializers.DateTimeField()
    closed_at = serializers.DateTimeField(allow_null=True)
    opened_by = serializers.CharField()
    deadlines = DeadlineDocSerializer(many=True)
    next_due_date = serializers.DateField(allow_null=True)
    next_due_soon_from = serializers.DateField(allow_null=True)
    actors = serializers.ListField(child=serializers.CharField())
    comments = serializers.CharField()
    event_count = serializers.IntegerField()
    last_event_at = serializers.DateTimeField(allow_null=True)


class EventDocSerializer(serializers.Serializer):
    event_id = serializers.IntegerField()
    stream = serializers.CharField()
    seq = serializers.IntegerField()
    case_id = serializers.IntegerField(allow_null=True)
    case_no = serializers.CharField(allow_null=True)
    procedure = serializers.CharField(allow_null=True)
    bureau_code = serializers.CharField(allow_null=True)
    subject_uscc = serializers.CharField(allow_null=True)
    subject_name = serializers.CharField(allow_null=True)
    event_type = serializers.CharField()
    step = serializers.CharField()
    actor_name = serializers.CharField()
    actor_username = serializers.CharField(allow_null=True)
    task_id = serializers.IntegerField(allow_null=True)
    occurred_at = serializers.DateTimeField()
    before = serializers.DictField()
    after = serializers.DictField()
    changes = serializers.CharField()
    comment = serializers.CharField()
    hash = serializers.CharField()
    prev_hash = serializers.CharField()


def _hit_serializer(name: str, document: serializers.Serializer) -> type:
    return type(
        name,
        (serializers.Serializer,),
        {
            "id": serializers.IntegerField(),
            "document": document,
            "highlights": serializers.DictField(
                child=serializers.ListField(child=serializers.CharField()),
                help_text="Matched fragments per field, HTML-escaped, matches in <mark>.",
            ),
        },
    )


def _page_serializer(name: str, hit: type) -> type:
    return type(
        name,
        (serializers.Serializer,),
        {
            "count": serializers.IntegerField(),
            "page": serializers.IntegerField(),
            "page_size": serializers.IntegerField(),
            "num_pages": serializers.IntegerField(),
            "backend": serializers.ChoiceField(choices=["elasticsearch", "database"]),
            "fallback": serializers.CharField(
                help_text="'demo' (no Elasticsearch configured), 'unavailable' "
                "(Elasticsearch down, answered by the database) or empty."
            ),
            "lag": LagSerializer(allow_null=True),
            "facets": FacetSerializer(many=True),
            "results": hit(many=True),
        },
    )


CaseHitSerializer = _hit_serializer("CaseSearchHit", CaseDocSerializer())
EventHitSerializer = _hit_serializer("EventSearchHit", EventDocSerializer())
CaseSearchPageSerializer = _page_serializer("CaseSearchPage", CaseHitSerializer)
EventSearchPageSerializer = _page_serializer("EventSearchPage", EventHitSerializer)


def _parameters(kind: str) -> list[OpenApiParameter]:
    def p(name, type_=OpenApiTypes.STR, **kwargs) -> OpenApiParameter:
        return OpenApiParameter(name, type_, OpenApiParameter.QUERY, **kwargs)

    params = [
        p("q", description="Free text: part of a Chinese name or text, a USCC, a case number "
          "or a person's name (full-width characters are accepted)."),
        p("procedure", enum=Procedure.values),
        p("bureau", pattern=r"^\d{6}$", description="Region code of the bureau."),
        p("step", description="Step (node) name, e.g. accept."),
        p("actor", description="Exact name of a person who acted."),
        p("date_from", OpenApiTypes.DATE, description="Opened (events: occurred) on or after."),
        p("date_to", OpenApiTypes.DATE, description="Opened (events: occurred) on or before."),
        p("ordering", enum=[value for value, _label in ORDERINGS[kind] if value]),
        p("page", OpenApiTypes.INT, description="Page number (results up to 10,000 deep)."),
        p("page_size", OpenApiTypes.INT, description="Rows per page, from 1 to 100."),
    ]  # fmt: skip
    if kind == CASES:
        params += [
            p("status", enum=Case.Status.values),
            p("deadline", enum=[value for value, _label in DEADLINE_CHOICES],
              description="The case's running deadlines: overdue, due soon, on track, none."),
            p("overdue", OpenApiTypes.BOOL, description="Same as deadline=overdue."),
        ]  # fmt: skip
    else:
        params.append(p("event_type", description="Event type code, e.g. case.closed."))
    return params


def _form(request, kind: str) -> SearchForm:
    data = request.query_params.copy()
    data.pop("format", None)
    form = SearchForm(data, kind=kind)
    if not form.is_valid():
        raise ValidationError(validation_error_dict(form))
    return form


class _SearchView(StaffAPIMixin, APIView):
    kind = CASES

    def get(self, request):
        page, fallback = run_search(request.user, _form(request, self.kind).params())
        return Response(
            {
                "count": page.total,
                "page": page.params.page,
                "page_size": page.params.page_size,
                "num_pages": page.num_pages,
                "backend": page.backend,
                "fallback": fallback or ("demo" if page.backend == "database" else ""),
                "lag": lag_data(page.lag),
                "facets": [asdict(facet) for facet in page.facets],
                "results": [
                    {"id": hit.id, "document": hit.source, "highlights": hit.highlights}
                    for hit in page.hits
                ],
            }
        )


@extend_schema(
    tags=["search"],
    summary="Search cases",
    description="Cases of the caller's bureaus matching free text and filters, with facets, "
    "highlights and the index lag.",
    parameters=_parameters(CASES),
    responses={200: CaseSearchPageSerializer, **schema.LIST_RESPONSES},
)
class CaseSearchView(_SearchView):
    kind = CASES


@extend_schema(
    tags=["search"],
    summary="Search audit events",
    description="Audit events of the caller's bureaus' cases (events outside any case only for "
    "those who see every bureau).",
    parameters=_parameters(EVENTS),
    responses={200: EventSearchPageSerializer, **schema.LIST_RESPONSES},
)
class EventSearchView(_SearchView):
    kind = EVENTS


class _ExportView(StaffAPIMixin, APIView):
    kind = CASES

    def get(self, request):
        _form(request, self.kind)
        file_format = request.query_params.get("file_format", "csv")
        return export_response(request, self.kind, file_format)


def _export_schema(kind: str):
    return extend_schema(
        tags=["search"],
        summary=f"Export {kind} found",
        description="The results (not paged) as CSV (UTF-8 with BOM) or XLSX, at most "
        "SEARCH_EXPORT_MAX_ROWS rows; when there are more, the last row says so and the "
        "X-Export-Truncated header gives shown/total.",
        parameters=[
            *[p for p in _parameters(kind) if p.name not in ("page", "page_size")],
            OpenApiParameter("file_format", OpenApiTypes.STR, enum=["csv", "xlsx"]),
        ],
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY, description="CSV file."),
            (
                200,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ): OpenApiResponse(OpenApiTypes.BINARY, description="XLSX file."),
            **schema.LIST_RESPONSES,
        },
    )


@_export_schema(CASES)
class CaseExportView(_ExportView):
    kind = CASES


@_export_schema(EVENTS)
class EventExportView(_ExportView):
    kind = EVENTS


class ChainSerializer(serializers.Serializer):
    ok = serializers.BooleanField()
    checked = serializers.IntegerField()
    breaks = serializers.ListField(child=serializers.DictField())


class TimelineSerializer(serializers.Serializer):
    case_id = serializers.IntegerField()
    case_no = serializers.CharField()
    chain = ChainSerializer()
    events = AuditEventSerializer(many=True)


@extend_schema(
    tags=["search"],
    summary="A case's full event timeline with its audit-chain check",
    parameters=[
        OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="Case id.")
    ],
    responses={200: TimelineSerializer, **schema.DETAIL_RESPONSES},
)
class CaseTimelineView(StaffAPIMixin, APIView):
    def get(self, request, id: int):
        timeline = case_timeline(request.user, id)
        if timeline is None:
            raise Http404
        chain = timeline.chain
        return Response(
            {
                "case_id": timeline.case.pk,
                "case_no": timeline.case.case_no,
                "chain": {"ok": chain.ok, "checked": chain.checked, "breaks": chain.breaks},
                "events": AuditEventSerializer(timeline.events, many=True).data,
            }
        )


class StatusSerializer(serializers.Serializer):
    backend = serializers.ChoiceField(choices=["elasticsearch", "database"])
    lag = LagSerializer(allow_null=True)


@extend_schema(
    tags=["search"],
    summary="Search backend and index lag",
    responses={200: StatusSerializer, **schema.COMMON},
)
class SearchStatusView(StaffAPIMixin, APIView):
    def get(self, request):
        from django.conf import settings

        if not settings.ELASTICSEARCH_URL:
            return Response({"backend": "database", "lag": None})
        return Response({"backend": "elasticsearch", "lag": lag_data(index_lag())})


urlpatterns = [
    path("cases/", CaseSearchView.as_view(), name="search-cases"),
    path("events/", EventSearchView.as_view(), name="search-events"),
    path("cases/export/", CaseExportView.as_view(), name="search-cases-export"),
    path("events/export/", EventExportView.as_view(), name="search-events-export"),
    path("cases/<int:id>/timeline/", CaseTimelineView.as_view(), name="search-case-timeline"),
    path("status/", SearchStatusView.as_view(), name="search-status"),
]

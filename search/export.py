"""Search results as CSV (UTF-8 with BOM, so Excel reads the Chinese) or XLSX, bounded."""

import csv
import io
import logging
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from forms.search import SearchForm
from search.client import get_client
from search.indexing import SearchUnavailable, unavailable_as_error
from search.params import CASES, SearchParams
from workflows.core.models import User

logger = logging.getLogger(__name__)

CHUNK = 1000


def columns(kind: str) -> list[tuple[str, str]]:
    if kind == CASES:
        return [
            ("case_no", _("Case number")),
            ("procedure", _("Procedure")),
            ("status", _("Status")),
            ("current_step", _("Current step")),
            ("subject_uscc", _("USCC")),
            ("subject_name", _("Subject")),
            ("bureau_code", _("Bureau code")),
            ("bureau_name", _("Bureau")),
            ("opened_at", _("Opened")),
            ("closed_at", _("Closed")),
            ("decision", _("Decision")),
            ("next_due_date", _("Next deadline")),
            ("actors", _("Actors")),
            ("summary", _("Summary")),
        ]
    return [
        ("occurred_at", _("Time")),
        ("case_no", _("Case number")),
        ("procedure", _("Procedure")),
        ("bureau_code", _("Bureau code")),
        ("event_type", _("Event type")),
        ("step", _("Step")),
        ("actor_name", _("Actor")),
        ("subject_name", _("Subject")),
        ("comment", _("Comment")),
        ("changes", _("Changes")),
        ("seq", _("Sequence")),
        ("hash", _("Hash")),
    ]


@dataclass
class Export:
    kind: str
    rows: list[dict]
    total: int
    limit: int

    @property
    def truncated(self) -> bool:
        return self.total > len(self.rows)

    def notice(self) -> str:
        return _(
            "Truncated: the first %(shown)d of %(total)d results. Narrow the filters to "
            "export the rest."
        ) % {"shown": len(self.rows), "total": self.total}


def export_results(user: User, params: SearchParams, limit: int | None = None) -> Export:
    limit = limit or settings.SEARCH_EXPORT_MAX_ROWS
    if get_client() is None:
        rows, total = _database_rows(user, params, limit)
    else:
        try:
            rows, total = _elasticsearch_rows(user, params, limit)
        except SearchUnavailable as exc:  # as the search does: answer from the database
            logger.warning("export: Elasticsearch unavailable, using the database: %s", exc)
            rows, total = _database_rows(user, params, limit)
    return Export(kind=params.kind, rows=list(rows), total=total, limit=limit)


def _elasticsearch_rows(user: User, params: SearchParams, limit: int):
    from search.selectors import build_search

    base = build_search(user, params, facets=False)
    rows, total, after = [], 0, None
    with unavailable_as_error():
        while len(rows) < limit:
            page = base.extra(size=min(CHUNK, limit - len(rows)))
            if after is not None:
                page = page.extra(search_after=after)
            response = page.execute()
            total = response.hits.total.value
            hits = list(response.hits)
            rows += [hit.to_dict() for hit in hits]
            if len(hits) < CHUNK:
                break
            after = list(hits[-1].meta.sort)
    return rows, total


def _database_rows(user: User, params: SearchParams, limit: int):
    from search.database import case_queryset, event_queryset, ordered
    from search.documents import case_documents, event_documents

    is_cases = params.kind == CASES
    qs = case_queryset(user, params) if is_cases else event_queryset(user, params)
    ids = list(ordered(params, qs).values_list("pk", flat=True)[:limit])
    build = case_documents if is_cases else event_documents
    rows = []
    for start in range(0, len(ids), CHUNK):
        documents = build(ids[start : start + CHUNK])
        rows += [documents[pk] for pk in ids[start : start + CHUNK] if pk in documents]
    return rows, qs.count()


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return str(value)


def _lines(export: Export) -> Iterator[list[str]]:
    cols = columns(export.kind)
    yield [label for _key, label in cols]
    for row in export.rows:
        yield [_cell(row.get(key)) for key, _label in cols]
    if export.truncated:
        yield [export.notice()]


def to_csv(export: Export) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for line in _lines(export):
        writer.writerow([_safe(cell) for cell in line])
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(export: Export) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Cases") if export.kind == CASES else _("Events"))
    for line in _lines(export):
        sheet.append([_safe(cell) for cell in line])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _safe(cell: str) -> str:
    """Neutralise spreadsheet formulas (CSV injection): a leading = + - @ is quoted."""
    return "'" + cell if cell[:1] in ("=", "+", "-", "@") else cell


def export_response(request, kind: str, file_format: str) -> HttpResponse:
    data = request.GET.copy()
    for name in ("page", "page_size", "file_format", "format"):
        data.pop(name, None)
    form = SearchForm(data, kind=kind)
    if not form.is_valid() or file_format not in ("csv", "xlsx"):
        return HttpResponse(
            _("Invalid search parameters."), status=400, content_type="text/plain; charset=utf-8"
        )
    export = export_results(request.user, form.params())
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if file_format == "xlsx":
        body = to_xlsx(export)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body, content_type = to_csv(export), "text/csv; charset=utf-8"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="xinyong-{kind}-{stamp}.{file_format}"'
    response["X-Result-Count"] = str(export.total)
    if export.truncated:
        response["X-Export-Truncated"] = f"{len(export.rows)}/{export.total}"
    return response

"""Reading a tabular upload (CSV or XLSX) into a header and rows of text.

Generic over what the columns mean: an importer passes its own alias map to
``map_columns`` and reads its records with ``Table.records``. Everything that makes
the whole file unusable raises ``TabularFileError`` with a translated message.
"""

import codecs
import csv
import io
import os
import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import openpyxl
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

XLSX_SIGNATURE = b"PK\x03\x04"
# Tried in order, strictly. utf-8-sig also reads UTF-8 without a BOM; GB18030 is a
# superset of GBK, which Excel on Chinese Windows writes when saving as CSV.
CSV_ENCODINGS = ("utf-8-sig", "gb18030")
# C0 control bytes other than tab, LF and CR never occur in CSV text, and neither UTF-8
# nor GB18030 uses them inside a multi-byte character: finding one means binary data.
_BINARY_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")

Source = bytes | str | os.PathLike[str]


class TabularFileError(Exception):
    """The file as a whole cannot be imported; the (translated) message says why."""


@dataclass(frozen=True)
class Table:
    """A sheet of text cells: the header and the non-blank rows after it.

    Rows are numbered as a spreadsheet shows them (the first line is row 1), blank
    rows skipped but counted, so that a row number reported back can be found.
    """

    file_type: str  # "csv" or "xlsx"
    encoding: str | None  # the CSV encoding detected; None for XLSX
    header: list[str]
    rows: list[tuple[int, list[str]]]

    def records(self, columns: Mapping[str, int]) -> Iterator[tuple[int, dict[str, str]]]:
        """Each row as (row number, {field: text}) for the columns ``map_columns`` found."""
        for number, cells in self.rows:
            yield number, {field: _cell(cells, index) for field, index in columns.items()}


@dataclass
class RowsReport:
    """What a row-by-row import did: one result per row (a dataclass with ``row``,
    ``status`` — created, existing or rejected — and ``errors``), in file order."""

    encoding: str | None = None
    rows: list = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    def to_dict(self) -> dict[str, Any]:
        return {
            "encoding": self.encoding,
            "created": self.count("created"),
            "existing": self.count("existing"),
            "rejected": self.count("rejected"),
            "rows": [asdict(row) for row in self.rows],
        }


def read_table(source: Source, *, max_bytes: int | None = None) -> Table:
    """Read CSV or XLSX (told apart by content, not by name) from bytes or a path.

    The first non-blank row is the header. ``max_bytes`` defaults to the
    IMPORT_MAX_BYTES setting.
    """
    limit = settings.IMPORT_MAX_BYTES if max_bytes is None else max_bytes
    data = _read_bytes(source, limit)
    if not data:
        raise TabularFileError(_("The file is empty."))
    if data.startswith(XLSX_SIGNATURE):
        file_type, encoding, lines = "xlsx", None, _xlsx_lines(data)
    else:
        encoding, text = _decode_csv(data)
        file_type, lines = "csv", _csv_lines(text)
    numbered = [(number, cells) for number, cells in enumerate(lines, start=1) if any(cells)]
    if not numbered:
        raise TabularFileError(_("The file has no header row."))
    return Table(file_type=file_type, encoding=encoding, header=numbered[0][1], rows=numbered[1:])


def normalize_label(text: str) -> str:
    """Text compared regardless of case, width and blanks (NFKC, case-folded, no blanks)."""
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


def map_columns(
    header: Sequence[str],
    aliases: Mapping[str, Sequence[str]],
    *,
    required: Sequence[str],
) -> dict[str, int]:
    """Where each known field is, as {field: column index}; unknown columns are ignored.

    ``aliases`` gives each field the header texts that mean it, e.g.
    ``{"uscc": ("统一社会信用代码", "uscc")}``; they match through ``normalize_label``.
    """
    field_of = {
        normalize_label(alias): field for field, names in aliases.items() for alias in names
    }
    columns: dict[str, int] = {}
    for index, title in enumerate(header):
        field = field_of.get(normalize_label(title))
        if field is None:
            continue
        if field in columns:
            raise TabularFileError(
                _("The columns “%(first)s” and “%(second)s” both mean “%(field)s”.")
                % {"first": header[columns[field]], "second": title, "field": field}
            )
        columns[field] = index
    missing = [field for field in required if field not in columns]
    if missing:
        raise TabularFileError(
            _("Required columns are missing: %(columns)s.")
            % {"columns": ", ".join("/".join(aliases[field]) for field in missing)}
        )
    return columns


def _read_bytes(source: Source, limit: int) -> bytes:
    if isinstance(source, bytes):
        data = source
    else:
        try:
            with open(source, "rb") as file:
                data = file.read(limit + 1)  # one byte over the limit is enough to refuse
        except OSError as exc:
            raise TabularFileError(
                _("The file cannot be read: %(error)s") % {"error": exc}
            ) from exc
    if len(data) > limit:
        raise TabularFileError(
            _("The file is larger than the limit of %(limit)s.") % {"limit": filesizeformat(limit)}
        )
    return data


def _decode_csv(data: bytes) -> tuple[str, str]:
    if _BINARY_BYTES.search(data):
        raise TabularFileError(
            _("The file is neither CSV text nor an XLSX workbook; save it as XLSX or CSV.")
        )
    for encoding in CSV_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "utf-8-sig" and not data.startswith(codecs.BOM_UTF8):
            encoding = "utf-8"
        return encoding, text
    raise TabularFileError(
        _(
            "The CSV file is not in UTF-8, GBK or GB18030 encoding and cannot be read; "
            "save it as “CSV UTF-8”."
        )
    )


def _csv_lines(text: str) -> list[list[str]]:
    try:
        return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text, newline=""))]
    except csv.Error as exc:
        raise TabularFileError(
            _("The CSV file cannot be parsed: %(error)s") % {"error": exc}
        ) from exc


def _xlsx_lines(data: bytes) -> list[list[str]]:
    """The cells of the first worksheet as text."""
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            sheet.reset_dimensions()  # the stored dimensions may be wrong and cut rows short
            return [
                [_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)
            ]
        finally:
            workbook.close()
    except Exception as exc:  # openpyxl raises many kinds of error on a damaged or foreign zip
        raise TabularFileError(
            _("The file is a zip archive but not a readable XLSX workbook.")
        ) from exc


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a code typed as a number, e.g. 650100.0
    return str(value).strip()


def _cell(cells: list[str], index: int) -> str:
    return cells[index] if index < len(cells) else ""

import io
import zipfile

import openpyxl
import pytest
from django.utils import translation

from forms.tabular import TabularFileError, map_columns, read_table
from forms.validators import build_uscc

ALIASES = {"uscc": ("统一社会信用代码", "uscc"), "name": ("名称", "name"), "note": ("备注", "note")}
USCC = build_uscc("91", "650102", "MA7XK3Q1")
CSV_TEXT = f"统一社会信用代码,名称\r\n{USCC},乌鲁木齐天山雪莲商贸有限公司\r\n"
ROWS = [(2, [USCC, "乌鲁木齐天山雪莲商贸有限公司"])]


def _read(data: bytes, **kwargs):
    with translation.override("en"):
        return read_table(data, **kwargs)


def _rejection(data: bytes, **kwargs) -> str:
    with translation.override("en"), pytest.raises(TabularFileError) as excinfo:
        read_table(data, **kwargs)
    return str(excinfo.value)


@pytest.mark.parametrize(
    ("encoded", "encoding"),
    [
        (CSV_TEXT.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + CSV_TEXT.encode("utf-8"), "utf-8-sig"),
        (CSV_TEXT.encode("gbk"), "gb18030"),
        (CSV_TEXT.encode("gb18030"), "gb18030"),
    ],
    ids=["utf-8", "utf-8-bom", "gbk", "gb18030"],
)
def test_csv_in_each_accepted_encoding_is_decoded(encoded, encoding):
    table = _read(encoded)
    assert (table.file_type, table.encoding) == ("csv", encoding)
    assert table.header == ["统一社会信用代码", "名称"]
    assert table.rows == ROWS


def test_gb18030_characters_outside_gbk_are_read():
    name = "𠮷野家餐饮店"
    with pytest.raises(UnicodeEncodeError):
        name.encode("gbk")
    table = _read(f"名称\n{name}\n".encode("gb18030"))
    assert table.rows == [(2, [name])]


def test_csv_from_a_path_keeps_quoted_line_breaks_in_one_spreadsheet_row(tmp_path):
    path = tmp_path / "subjects.csv"
    path.write_bytes('名称,住所\n"甲公司","第一行\n第二行"\n乙公司,  乌鲁木齐  \n'.encode())
    table = read_table(path)
    assert table.rows == [(2, ["甲公司", "第一行\n第二行"]), (3, ["乙公司", "乌鲁木齐"])]


def test_blank_rows_are_skipped_but_counted_in_row_numbers():
    table = _read(b"name\n\n,\nA\n \nB\n")
    assert table.rows == [(4, ["A"]), (6, ["B"])]


def test_xlsx_is_recognised_by_content_and_its_cells_read_as_text(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["名称", "所属地区代码", "注册资本"])
    sheet.append(["甲公司", 650100, 1.5])
    sheet.append([])
    sheet.append(["  乙公司 ", 653101.0, None])
    path = tmp_path / "subjects.csv"  # the name lies; the content decides
    workbook.save(path)
    table = read_table(path)
    assert (table.file_type, table.encoding) == ("xlsx", None)
    assert table.header == ["名称", "所属地区代码", "注册资本"]
    assert table.rows == [(2, ["甲公司", "650100", "1.5"]), (4, ["乙公司", "653101"])]


def test_a_png_named_csv_is_rejected_as_neither_csv_nor_xlsx(tmp_path):
    path = tmp_path / "subjects.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01")
    with translation.override("en"), pytest.raises(TabularFileError) as excinfo:
        read_table(path)
    assert str(excinfo.value) == (
        "The file is neither CSV text nor an XLSX workbook; save it as XLSX or CSV."
    )


def test_text_in_no_accepted_encoding_is_rejected_naming_the_encodings():
    assert _rejection(b"name\n\x80\xff\n") == (
        "The CSV file is not in UTF-8, GBK or GB18030 encoding and cannot be read; "
        "save it as \u201cCSV UTF-8\u201d."
    )


def test_a_zip_that_is_not_a_workbook_is_rejected():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "not a workbook")
    assert _rejection(buffer.getvalue()) == (
        "The file is a zip archive but not a readable XLSX workbook."
    )


def test_a_file_over_the_size_limit_is_rejected(settings, tmp_path):
    settings.IMPORT_MAX_BYTES = 1024
    path = tmp_path / "big.csv"
    path.write_bytes(b"name\n" + b"x" * 1024)
    with translation.override("en"), pytest.raises(TabularFileError) as excinfo:
        read_table(path)
    assert str(excinfo.value) == "The file is larger than the limit of 1.0\xa0KB."
    assert read_table(path, max_bytes=2048).rows == [(2, ["x" * 1024])]


def test_empty_and_blank_files_are_rejected():
    assert _rejection(b"") == "The file is empty."
    assert _rejection(b"\r\n,,\r\n") == "The file has no header row."


def test_a_missing_file_is_reported_as_unreadable(tmp_path):
    with translation.override("en"), pytest.raises(TabularFileError) as excinfo:
        read_table(tmp_path / "missing.csv")
    assert str(excinfo.value).startswith("The file cannot be read: [Errno 2]")


def test_headers_match_aliases_ignoring_case_width_and_blanks_and_unknown_columns():
    header = ["序号", " USCC ", "名 称", "Ｎｏｔｅ"]
    columns = map_columns(header, ALIASES, required=("uscc", "name"))
    assert columns == {"uscc": 1, "name": 2, "note": 3}


def test_missing_required_columns_are_named():
    with translation.override("en"), pytest.raises(TabularFileError) as excinfo:
        map_columns(["备注"], ALIASES, required=("uscc", "name"))
    assert str(excinfo.value) == "Required columns are missing: 统一社会信用代码/uscc, 名称/name."


def test_two_columns_for_one_field_are_rejected():
    with translation.override("en"), pytest.raises(TabularFileError) as excinfo:
        map_columns(["名称", "NAME"], ALIASES, required=("name",))
    assert str(excinfo.value) == "The columns “名称” and “NAME” both mean “name”."


def test_records_give_each_mapped_field_and_fill_short_rows():
    table = _read("uscc,备注,名称\nA,x\nB,y,乙\n".encode())
    columns = map_columns(table.header, ALIASES, required=("uscc",))
    assert list(table.records(columns)) == [
        (2, {"uscc": "A", "note": "x", "name": ""}),
        (3, {"uscc": "B", "note": "y", "name": "乙"}),
    ]

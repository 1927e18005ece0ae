import csv
import io
import json

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from forms.validators import USCC_CHARS, build_uscc
from workflows.core.models import Bureau, Subject

pytestmark = pytest.mark.django_db

TIANSHAN = build_uscc("91", "650102", "MA7XK3Q1")  # enterprise, Ürümqi Tianshan district
KASHGAR = build_uscc("92", "653101", "L3A6D9K8")  # individual business, Kashgar city
TACHENG = build_uscc("93", "654201", "MA7A0W5B")  # cooperative, Tacheng city
SHIHEZI = build_uscc("91", "659001", "MA79D0E4")  # enterprise, Shihezi (Corps)
EN_HEADER = ["uscc", "name", "legal_rep", "region_code"]
ZH_HEADER = [
    "序号",
    "统一社会信用代码",
    "名称",
    "法定代表人",
    "主体类型",
    "所属地区代码",
    "住所",
    "登记状态",
]


def _write_csv(path, rows, encoding="utf-8"):
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def _import(path, *options) -> str:
    out = io.StringIO()
    call_command("import_subjects", str(path), *options, stdout=out)
    return out.getvalue()


def _import_json(path) -> dict:
    return json.loads(_import(path, "--json"))


def _import_refused(path) -> str:
    with translation.override("en"), pytest.raises(CommandError) as excinfo:
        _import(path)
    return str(excinfo.value)


def _wrong_check_char(uscc: str) -> str:
    return uscc[:17] + next(c for c in USCC_CHARS if c != uscc[17])


def test_english_headers_create_subjects_with_county_codes_routed_to_their_bureau(tmp_path):
    path = _write_csv(
        tmp_path / "subjects.csv",
        [
            EN_HEADER,
            [TIANSHAN, "乌鲁木齐天山雪莲商贸有限公司", "阿不都热合曼", "650102"],
            [TACHENG, "塔城市额敏河农民专业合作社", "努尔兰", "654201"],
            [SHIHEZI, "石河子绿洲棉业有限公司", "周海涛", "659001"],
        ],
    )

    assert _import_json(path) == {"created": 3, "updated": 0, "rejected": []}

    subjects = {s.uscc: s for s in Subject.objects.select_related("region")}
    assert {uscc: s.region.code for uscc, s in subjects.items()} == {
        TIANSHAN: "650100",
        TACHENG: "654200",
        SHIHEZI: "659001",
    }
    tianshan = subjects[TIANSHAN]
    assert (tianshan.name, tianshan.legal_rep) == ("乌鲁木齐天山雪莲商贸有限公司", "阿不都热合曼")
    assert (tianshan.subject_type, tianshan.reg_status) == ("enterprise", "active")
    assert (tianshan.reg_authority, tianshan.address) == ("", "")
    assert subjects[TACHENG].subject_type == "cooperative"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_chinese_headers_with_an_unknown_column_import_in_every_accepted_encoding(
    tmp_path, encoding
):
    path = _write_csv(
        tmp_path / "经营主体.csv",
        [
            ZH_HEADER,
            ["1", TIANSHAN, "乌鲁木齐天山雪莲商贸有限公司", "阿不都热合曼", "企业", "650102",
             "乌鲁木齐市天山区解放北路88号", "存续"],
            ["2", KASHGAR, "喀什市阿依古丽干果店", "阿依古丽·艾山", "个体工商户", "653101",
             "喀什市人民东路45号", "吊销"],
        ],
        encoding=encoding,
    )  # fmt: skip

    assert _import_json(path) == {"created": 2, "updated": 0, "rejected": []}

    kashgar = Subject.objects.get(uscc=KASHGAR)
    assert kashgar.name == "喀什市阿依古丽干果店"
    assert kashgar.address == "喀什市人民东路45号"
    assert (kashgar.subject_type, kashgar.reg_status) == ("individual", "revoked")
    assert kashgar.region.code == "653100"


def test_xlsx_with_numeric_region_codes_is_imported(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["统一社会信用代码", "名称", "法定代表人", "所属地区代码", "主体类型", "登记状态"])
    sheet.append([TIANSHAN, "乌鲁木齐天山雪莲商贸有限公司", "阿不都热合曼", 650102, "", ""])
    sheet.append(
        [KASHGAR, "喀什市阿依古丽干果店", "阿依古丽·艾山", 653100, "other", "Deregistered"]
    )
    path = tmp_path / "subjects.xlsx"
    workbook.save(path)

    assert _import_json(path) == {"created": 2, "updated": 0, "rejected": []}

    assert Subject.objects.get(uscc=TIANSHAN).region.code == "650100"
    kashgar = Subject.objects.get(uscc=KASHGAR)
    assert (kashgar.subject_type, kashgar.reg_status) == ("other", "deregistered")


def test_a_missing_required_column_rejects_the_whole_file_and_imports_nothing(tmp_path):
    path = _write_csv(
        tmp_path / "subjects.csv",
        [
            ["统一社会信用代码", "名称", "住所"],
            [TIANSHAN, "乌鲁木齐天山雪莲商贸有限公司", "天山区"],
        ],
    )

    assert _import_refused(path) == (
        "Required columns are missing: 法定代表人/legal_rep, 所属地区代码/region_code."
    )
    assert not Subject.objects.exists()


def test_bad_codes_are_rejected_naming_the_rule_while_good_rows_import(tmp_path):
    bad_check = _wrong_check_char(KASHGAR)
    path = _write_csv(
        tmp_path / "subjects.csv",
        [
            EN_HEADER,
            [TIANSHAN.lower(), "乌鲁木齐天山雪莲商贸有限公司", "阿不都热合曼", "650102"],
            [],
            [bad_check, "喀什市阿依古丽干果店", "阿依古丽·艾山", "653101"],
            [TACHENG[:17], "塔城市额敏河农民专业合作社", "努尔兰", "654201"],
            [SHIHEZI, "石河子绿洲棉业有限公司", "周海涛", "659001"],
        ],
    )

    assert _import_json(path) == {
        "created": 2,
        "updated": 0,
        "rejected": [
            {
                "row": 4,
                "errors": {"uscc": [f"校验码（第18位）为“{bad_check[17]}”，应为“{KASHGAR[17]}”。"]},
            },
            {"row": 5, "errors": {"uscc": ["统一社会信用代码应为18位，当前为17位。"]}},
        ],
    }
    assert set(Subject.objects.values_list("uscc", flat=True)) == {TIANSHAN, SHIHEZI}


def test_the_same_code_twice_in_a_file_rejects_the_later_row(tmp_path):
    path = _write_csv(
        tmp_path / "subjects.csv",
        [
            EN_HEADER,
            [TIANSHAN, "乌鲁木齐天山雪莲商贸有限公司", "阿不都热合曼", "650102"],
            [KASHGAR, "喀什市阿依古丽干果店", "阿依古丽·艾山", "653101"],
            [f" {TIANSHAN.lower()} ", "天山雪莲商贸（重复）", "王建国", "650102"],
        ],
    )

    with translation.override("en"):
        report = _import_json(path)

    assert report == {
        "created": 2,
        "updated": 0,
        "rejected": [{"row": 4, "errors": {"uscc": ["Duplicate of row 2."]}}],
    }
    assert Subject.objects.get(uscc=TIANSHAN).name == "乌鲁木齐天山雪莲商贸有限公司"


def test_existing_subject_is_updated_and_columns_absent_from_the_file_are_kept(tmp_path):
    Subject.objects.create(
        uscc=TIANSHAN,
        name="旧名称",
        legal_rep="旧法人",
        subject_type="enterprise",
        region=Bureau.objects.get(code="650100"),
        address="乌鲁木齐市天山区解放北路88号",
        reg_status="revoked",
    )
    path = _write_csv(
        tmp_path / "subjects.csv",
        [
            EN_HEADER,
            [TIANSHAN, "乌鲁木齐天山雪莲商贸有限公司", "阿不都热合曼", "650102"],
            [KASHGAR, "喀什市阿依古丽干果店", "阿依古丽·艾山", "653101"],
        ],
    )

    assert _import_json(path) == {"created": 1, "updated": 1, "rejected": []}

    updated = Subject.objects.get(uscc=TIANSHAN)
    assert (updated.name, updated.legal_rep) == ("乌鲁木齐天山雪莲商贸有限公司", "阿不都热合曼")
    assert (updated.address, updated.reg_status) == ("乌鲁木齐市天山区解放北路88号", "revoked")
    assert Subject.objects.count() == 2


def test_rows_with_unknown_regions_types_statuses_or_blank_fields_are_rejected(tmp_path):
    codes = [build_uscc("91", "650102", body) for body in ("MA78HN2C", "MA79R1TE", "MA7C5GJ2")]
    header = [*EN_HEADER, "subject_type", "status"]
    path = _write_csv(
        tmp_path / "subjects.csv",
        [
            header,
            [codes[0], "甲公司", "张三", "652100", "企业", ""],
            [codes[1], "乙公司", "李四", "650001", "company", "歇业"],
            [codes[2], "", "王五", "6501", "", ""],
        ],
    )

    with translation.override("en"):
        report = _import_json(path)

    assert report == {
        "created": 0,
        "updated": 0,
        "rejected": [
            {"row": 2, "errors": {"region_code": ["No bureau covers the region code “652100”."]}},
            {
                "row": 3,
                "errors": {
                    "subject_type": [
                        "“company” is not one of: 企业, 个体工商户, 农民专业合作社, 其他, "
                        "enterprise, individual, cooperative, other."
                    ],
                    "region_code": ["No bureau covers the region code “650001”."],
                    "status": [
                        "“歇业” is not one of: 存续, 吊销, 注销, active, revoked, deregistered."
                    ],
                },
            },
            {
                "row": 4,
                "errors": {
                    "name": ["This field is required."],
                    "region_code": ["A region code has 6 digits; got “6501”."],
                },
            },
        ],
    }
    assert not Subject.objects.exists()


def test_a_png_named_csv_is_refused(tmp_path):
    path = tmp_path / "subjects.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01")

    assert _import_refused(path) == (
        "The file is neither CSV text nor an XLSX workbook; save it as XLSX or CSV."
    )


def test_a_file_over_the_size_limit_is_refused_and_imports_nothing(settings, tmp_path):
    settings.IMPORT_MAX_BYTES = 100
    path = _write_csv(
        tmp_path / "subjects.csv",
        [EN_HEADER, [TIANSHAN, "乌鲁木齐天山雪莲商贸有限公司", "阿不都热合曼", "650102"]] * 2,
    )

    assert _import_refused(path) == "The file is larger than the limit of 100\xa0bytes."
    assert not Subject.objects.exists()


def test_the_human_summary_is_chinese_by_default_and_lists_each_rejected_row(tmp_path):
    bad_check = _wrong_check_char(KASHGAR)
    path = _write_csv(
        tmp_path / "subjects.csv",
        [
            EN_HEADER,
            [TIANSHAN, "乌鲁木齐天山雪莲商贸有限公司", "阿不都热合曼", "650102"],
            [bad_check, "喀什市阿依古丽干果店", "阿依古丽·艾山", "6531"],
        ],
    )

    assert _import(path).splitlines() == [
        "经营主体：新增1条，更新0条，拒绝1条。",
        f"第3行，统一社会信用代码：校验码（第18位）为“{bad_check[17]}”，应为“{KASHGAR[17]}”。",
        "第3行，行政区划码：行政区划码应为6位数字，当前为“6531”。",
    ]


def test_created_and_changed_subjects_are_audited_and_unchanged_ones_are_not():
    from workflows.core.models import AuditEvent
    from workflows.core.services.subjects import subject_upsert

    uscc = build_uscc("91", "650102", "MA7AUD01")
    data = {
        "uscc": uscc,
        "name": "审计测试有限公司",
        "legal_rep": "甲",
        "subject_type": "enterprise",
        "region": Bureau.objects.get(code="650100"),
    }
    subject_upsert(data=data)
    subject_upsert(data=data)
    subject_upsert(data={**data, "legal_rep": "乙"})
    events = list(AuditEvent.objects.filter(stream=f"subject:{uscc}").order_by("seq"))
    assert [e.event_type for e in events] == ["subject.created", "subject.updated"]
    assert (events[1].before, events[1].after) == ({"legal_rep": "甲"}, {"legal_rep": "乙"})

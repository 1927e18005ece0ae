import csv
import io
import json

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from forms.validators import USCC_CHARS, build_uscc
from workflows.core.models import AuditEvent, Bureau, Subject

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

    assert _import_json(path) == {"created": 3, "updated": 0, "rejected": [], "warnings": []}

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

    assert _import_json(path) == {"created": 2, "updated": 0, "rejected": [], "warnings": []}

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
        [KASHGAR, "喀什市阿依古丽干果店", "阿依古丽·艾山", 653100, "individual", "Deregistered"]
    )
    path = tmp_path / "subjects.xlsx"
    workbook.save(path)

    assert _import_json(path) == {"created": 2, "updated": 0, "rejected": [], "warnings": []}

    assert Subject.objects.get(uscc=TIANSHAN).region.code == "650100"
    kashgar = Subject.objects.get(uscc=KASHGAR)
    assert (kashgar.subject_type, kashgar.reg_status) == ("individual", "deregistered")


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
        "warnings": [],
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
        "warnings": [],
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

    assert _import_json(path) == {"created": 1, "updated": 1, "rejected": [], "warnings": []}

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
                        "“company” is not a subject type the system knows; an administrator "
                        "can add it to the subject type terms."
                    ],
                    "region_code": ["No bureau covers the region code “650001”."],
                    "status": [
                        "“歇业” is not one of: 存续, 在业, 开业, 吊销, 吊销,未注销, 注销, 迁出, "
                        "active, revoked, deregistered, moved_out."
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
        "warnings": [],
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


# --- The registration system's own vocabulary -----------------------------------------

REGISTRATION_HEADER = ["统一社会信用代码", "名称", "法定代表人", "主体类型", "所属地区代码",
                       "登记状态", "成立日期"]  # fmt: skip
REGISTRATION_ROWS = [
    ("91", "有限责任公司（自然人独资）", "存续", "2015-03-02", "enterprise", "active"),
    ("91", "有限责任公司(自然人投资或控股)", "在业", "2018/7/9", "enterprise", "active"),
    ("91", "股份有限公司", "吊销", "2020年1月15日", "enterprise", "revoked"),
    ("91", "个人独资企业", "注销", "20190301", "enterprise", "deregistered"),
    ("91", "合伙企业", "迁出", "2012.11.30", "enterprise", "moved_out"),
    ("91", "分公司", "存续", "", "enterprise", "active"),
    ("91", "非公司企业法人", "存续", "2001-06-18", "enterprise", "active"),
    ("92", "个体工商户", "存续", "2021-04-01", "individual", "active"),
    ("93", "农民专业合作社", "存续", "2016-09-12", "cooperative", "active"),
]


def _registration_code(n: int, kind: str) -> str:
    return build_uscc(kind, "650102", f"MA7K{n:04d}")


def test_a_gbk_registration_export_in_its_own_words_imports_every_valid_row(tmp_path):
    rows = [REGISTRATION_HEADER] + [
        [_registration_code(n, kind), f"乌鲁木齐登记样本{n}号", "买买提", term, "650102",
         status, established]
        for n, (kind, term, status, established, _type, _status) in enumerate(REGISTRATION_ROWS)
    ]  # fmt: skip
    path = _write_csv(tmp_path / "登记系统导出.csv", rows, encoding="gbk")

    report = _import_json(path)

    assert report == {"created": 9, "updated": 0, "rejected": [], "warnings": []}
    stored = {s.uscc: s for s in Subject.objects.all()}
    for n, (kind, term, _status, _established, subject_type, reg_status) in enumerate(
        REGISTRATION_ROWS
    ):
        subject = stored[_registration_code(n, kind)]
        assert (subject.subject_type, subject.reg_status) == (subject_type, reg_status), term
    assert stored[_registration_code(0, "91")].established_on.isoformat() == "2015-03-02"
    assert stored[_registration_code(2, "91")].established_on.isoformat() == "2020-01-15"
    assert stored[_registration_code(3, "91")].established_on.isoformat() == "2019-03-01"
    assert stored[_registration_code(5, "91")].established_on is None


def test_the_code_decides_the_category_and_a_contradicting_type_is_reported(tmp_path):
    individual = _registration_code(1, "92")
    path = _write_csv(
        tmp_path / "subjects.csv",
        [REGISTRATION_HEADER, [individual, "喀什市阿依古丽干果店", "阿依古丽", "有限责任公司",
                               "653101", "存续", "2019-05-06"]],
    )  # fmt: skip

    with translation.override("zh-hans"):
        report = _import_json(path)

    assert report["created"] == 1 and report["rejected"] == []
    assert report["warnings"] == [{"row": 2, "messages": [
        "统一社会信用代码第2位表明其为个体工商户，而主体类型一栏为“有限责任公司”（企业）；"
        "已按代码记为个体工商户。"
    ]}]  # fmt: skip
    assert Subject.objects.get(uscc=individual).subject_type == "individual"


def test_an_unknown_type_is_rejected_on_its_field_until_an_admin_adds_the_term(
    tmp_path, admin_client
):
    code = _registration_code(7, "91")
    path = _write_csv(
        tmp_path / "subjects.csv",
        [REGISTRATION_HEADER,
         [code, "乌鲁木齐某外资公司", "约翰", "外商独资企业", "650102", "存续", "2010-02-03"],
         [_registration_code(8, "91"), "乌鲁木齐坏日期公司", "李四", "有限责任公司", "650102",
          "存续", "2010-02-30"]],
    )  # fmt: skip

    with translation.override("en"):
        report = _import_json(path)

    assert report["created"] == 0
    assert report["rejected"] == [
        {"row": 2, "errors": {"subject_type": [
            "“外商独资企业” is not a subject type the system knows; an administrator can add it "
            "to the subject type terms."]}},
        {"row": 3, "errors": {"established_on": ["Enter a valid date."]}},
    ]  # fmt: skip
    response = admin_client.post(
        "/admin/core/subjecttypeterm/add/", {"term": "外商独资企业", "subject_type": "enterprise"}
    )
    assert response.status_code == 302
    assert _import_json(path)["created"] == 1
    assert Subject.objects.get(uscc=code).subject_type == "enterprise"


# --- The import page -------------------------------------------------------------------

IMPORT_PAGE = "/app/records/subject_import/"


def _upload(client, rows, name="登记系统导出.csv", encoding="gbk"):
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    upload = io.BytesIO(buffer.getvalue().encode(encoding))
    upload.name = name
    return client.post(IMPORT_PAGE, {"file": upload})


def test_a_handler_imports_a_gbk_export_on_the_page_and_sees_each_row_reported(client, staff):
    client.force_login(staff["handler"])  # Ürümqi
    ok, doubtful = _registration_code(1, "91"), _registration_code(2, "92")
    response = _upload(client, [
        REGISTRATION_HEADER,
        [ok, "乌鲁木齐页面导入有限公司", "王芳", "有限责任公司（自然人独资）", "650102", "存续",
         "2016-08-01"],
        [doubtful, "乌鲁木齐某干果店", "买买提", "股份有限公司", "650102", "在业", "2020-05-06"],
        [_registration_code(3, "91"), "喀什某公司", "李四", "有限责任公司", "653101", "存续", ""],
        [_registration_code(4, "91"), "乌鲁木齐外资公司", "约翰", "外星公司", "650102", "存续", ""],
    ])  # fmt: skip

    page = response.content.decode()
    assert response.status_code == 200
    assert "新增2户，更新0户，退回2行。" in page
    assert f"{Bureau.objects.get(code='653100')}不在您可办理的辖区内。" in page
    assert "“外星公司”不是系统已知的主体类型" in page
    assert "已按代码记为个体工商户" in page
    assert Subject.objects.get(uscc=doubtful).subject_type == "individual"
    assert Subject.objects.get(uscc=ok).established_on.isoformat() == "2016-08-01"
    event = AuditEvent.objects.get(stream=f"subject:{ok}", event_type="subject.created")
    assert event.actor == staff["handler"]


def test_a_file_that_is_not_a_table_is_refused_on_the_page_and_nothing_is_stored(client, staff):
    client.force_login(staff["handler"])
    upload = io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    upload.name = "subjects.csv"
    before = Subject.objects.count()

    response = client.post(IMPORT_PAGE, {"file": upload})

    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert Subject.objects.count() == before


@pytest.mark.parametrize("username", ["supervisor", "auditor"])
def test_supervisors_and_auditors_do_not_import_subjects(client, staff, username):
    client.force_login(staff[username])
    assert client.get(IMPORT_PAGE).status_code == 403


# --- The registration system's API ---------------------------------------------------

PUSH = "/api/v1/registration/subjects/"


def _registration_client(staff):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    client = APIClient(HTTP_ACCEPT_LANGUAGE="zh-hans")
    token, _ = Token.objects.get_or_create(user=staff["registration"])
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def _pushed(n: int, kind: str = "91", **fields) -> dict:
    return {
        "uscc": _registration_code(n, kind), "name": f"乌鲁木齐推送样本{n}号有限公司",
        "legal_rep": "古丽", "region_code": "650102", "subject_type": "有限责任公司",
        "status": "存续", "established_on": "2019-04-01", **fields,
    }  # fmt: skip


def test_the_registration_system_pushes_subjects_and_the_same_batch_twice_stores_them_once(
    staff,
):
    client = _registration_client(staff)
    batch = {"subjects": [_pushed(1), _pushed(2, status="迁出", subject_type="个人独资企业")]}

    first = client.post(PUSH, batch, format="json")
    again = client.post(PUSH, batch, format="json")

    assert first.status_code == 200, first.content
    assert first.json() == {"created": 2, "updated": 0, "rejected": [], "warnings": []}
    assert again.json() == {"created": 0, "updated": 2, "rejected": [], "warnings": []}
    moved = Subject.objects.get(uscc=_registration_code(2, "91"))
    assert (moved.reg_status, moved.established_on.isoformat()) == ("moved_out", "2019-04-01")
    assert AuditEvent.objects.filter(stream=f"subject:{moved.uscc}").count() == 1
    assert AuditEvent.objects.get(stream=f"subject:{moved.uscc}").actor == staff["registration"]


def test_a_pushed_batch_reports_bad_rows_by_position_and_stores_the_good_ones(staff):
    client = _registration_client(staff)
    rows = [
        _pushed(3),
        _pushed(4, region_code="6501"),
        _pushed(5, kind="92"),  # an individual business whatever the text says
        _pushed(3, name="重复"),
    ]

    response = client.post(PUSH, {"subjects": rows}, format="json")

    report = response.json()
    assert (report["created"], [r["row"] for r in report["rejected"]]) == (2, [2, 4])
    assert set(report["rejected"][0]["errors"]) == {"region_code"}
    assert report["rejected"][1]["errors"] == {"uscc": ["与第1行重复。"]}
    assert [w["row"] for w in report["warnings"]] == [3]
    assert Subject.objects.get(uscc=_registration_code(5, "92")).subject_type == "individual"


@pytest.mark.parametrize(
    "body", [{}, {"subjects": []}, {"subjects": ["x"]}, {"subjects": [{"uscc": ["a"]}]}]
)
def test_a_malformed_push_is_a_400_and_stores_nothing(staff, body):
    before = Subject.objects.count()
    response = _registration_client(staff).post(PUSH, body, format="json")
    assert response.status_code == 400
    assert "subjects" in response.json()
    assert Subject.objects.count() == before


def test_only_the_registration_system_may_push_subjects(staff):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    for username in ("handler", "court", "online"):
        client = APIClient()
        token, _ = Token.objects.get_or_create(user=staff[username])
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        assert client.post(PUSH, {"subjects": [_pushed(6)]}, format="json").status_code == 403
    assert APIClient().post(PUSH, {"subjects": [_pushed(6)]}, format="json").status_code == 401


def test_a_handler_cannot_take_over_a_subject_of_another_bureau_by_importing_it(client, staff):
    kashgar_shop = Subject.objects.get(name="喀什市阿依古丽干果店")  # a demo subject of Kashgar
    client.force_login(staff["handler"])  # Ürümqi
    response = _upload(client, [
        REGISTRATION_HEADER,
        [kashgar_shop.uscc, "被改名的干果店", "某人", "个体工商户", "650102", "注销", ""],
    ])  # fmt: skip

    assert "该经营主体登记在喀什地区" in response.content.decode()
    kashgar_shop.refresh_from_db()
    assert (kashgar_shop.name, kashgar_shop.region.code) == ("喀什市阿依古丽干果店", "653100")
    assert kashgar_shop.reg_status == "active"

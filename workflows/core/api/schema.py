"""OpenAPI pieces shared by the API views: error responses and Chinese examples."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, inline_serializer
from rest_framework import serializers

_detail = inline_serializer("ErrorDetail", fields={"detail": serializers.CharField()})

FIELD_ERRORS = OpenApiResponse(
    response=OpenApiTypes.OBJECT,
    description="Invalid query parameters: an object mapping each parameter to its messages.",
    examples=[
        OpenApiExample(
            "Invalid USCC",
            value={"uscc": ["校验码（第18位）为“1”，应为“6”。"]},
            status_codes=["400"],
        )
    ],
)
NOT_AUTHENTICATED = OpenApiResponse(_detail, description="No valid session or token.")
FORBIDDEN = OpenApiResponse(_detail, description="Not bureau staff (e.g. the court client).")
NOT_FOUND = OpenApiResponse(
    _detail, description="No such record among those the caller may see (other bureaus' too)."
)

COMMON = {401: NOT_AUTHENTICATED, 403: FORBIDDEN}
LIST_RESPONSES = {400: FIELD_ERRORS, **COMMON}
DETAIL_RESPONSES = {**COMMON, 404: NOT_FOUND}

SUBJECT_EXAMPLE = OpenApiExample(
    "经营主体",
    value={
        "uscc": "91650102MA00000156",
        "name": "乌鲁木齐天山雪莲商贸有限公司",
        "subject_type": "enterprise",
        "legal_rep": "王磊",
        "region": {"code": "650100", "name": "乌鲁木齐市市场监督管理局"},
        "reg_status": "active",
        "risk_class": "B",
        "reg_authority": "乌鲁木齐市天山区市场监督管理局",
        "address": "乌鲁木齐市天山区解放北路1号",
        "contact_phone": "0991-1234567",
        "contact_email": "",
        "credit_records": [
            {
                "id": 7,
                "kind": "abnormal_list",
                "state": "listed",
                "listed_on": "2026-03-02",
                "repairable_from": "2026-03-02",
                "expires_on": None,
                "decision_no": "乌市监异〔2026〕15号",
                "reason": "通过登记的住所或者经营场所无法联系",
            }
        ],
        "cases": [
            {
                "id": 12,
                "case_no": "乌市监信修〔2026〕3号",
                "procedure": "repair",
                "status": "open",
                "opened_at": "2026-03-20T10:15:00+08:00",
            }
        ],
    },
    response_only=True,
)

CASE_EXAMPLE = OpenApiExample(
    "信用修复案件",
    value={
        "id": 12,
        "case_no": "乌市监信修〔2026〕3号",
        "procedure": "repair",
        "sub_type": "",
        "status": "open",
        "source": "application",
        "current_step": "decide",
        "subject": {"uscc": "91650102MA00000156", "name": "乌鲁木齐天山雪莲商贸有限公司"},
        "bureau": {"code": "650100", "name": "乌鲁木齐市市场监督管理局"},
        "opened_at": "2026-03-20T10:15:00+08:00",
        "closed_at": None,
        "overdue": False,
        "decision": "",
        "legal_basis": "《市场监督管理信用修复管理办法》",
        "summary": "申请移出经营异常名录",
        "deadlines": [
            {
                "id": 31,
                "step": "decide",
                "rule_code": "REP-DECIDE",
                "rule_version": 1,
                "rule_title": "信用修复决定",
                "started_on": "2026-03-23",
                "due_date": "2026-04-14",
                "due_at": "2026-04-15T00:00:00+08:00",
                "status": "on_track",
                "calendar_warning": "",
                "unconfirmed_years": [],
                "workdays_left": 9,
                "completed_at": None,
            }
        ],
        "documents": [
            {
                "id": 5,
                "kind": "repair_acceptance",
                "title": "信用修复受理通知书",
                "doc_number": "乌市监信修受〔2026〕3号",
                "version": 1,
                "status": "rendered",
                "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                "issued_at": "2026-03-23T09:30:00+08:00",
                "download_url": "/documents/5/download/",
            }
        ],
        "history": [
            {
                "seq": 1,
                "event_type": "case.opened",
                "actor_name": "李娜",
                "occurred_at": "2026-03-20T10:15:00+08:00",
                "before": {},
                "after": {"case_no": "乌市监信修〔2026〕3号", "procedure": "repair"},
                "comment": "",
                "hash": "3f1c…",
            }
        ],
    },
    response_only=True,
)

"""Periods and the verification plan of the pledge procedure ([A] in DOMAIN.md §5.2).

Kept as data like every statutory period, so that a bureau changes them in the admin
(as a new version) without a release. Loaded by a data migration and, after a
transactional test emptied the tables, by the test suite.
"""

from datetime import date
from decimal import Decimal

RULES = (
    ("PLG-DUE", "承诺核查期限（未另行约定的）", 60, "ND", "[A] 告知承诺许可决定后两个月内核查"),
    ("PLG-VERIFY", "承诺核查（计划与实施）", 20, "WD", "[A] 承诺核查"),
    ("PLG-STATEMENT", "不实承诺认定陈述申辩", 5, "WD", "[A] 参照《行政处罚法》陈述申辩"),
    ("PLG-DECIDE", "不实承诺审核与认定决定", 10, "WD", "[A] 不实承诺认定"),
    ("PLG-PUB", "不实承诺信息记录公示", 20, "WD", "[A] 参照《企业信息公示暂行条例》第6条"),
)  # fmt: skip

#: The first verification plan: the national guide in force from 2025-12-01.
POLICY = {
    "version": 1,
    "title": "信用承诺核查抽查比例（第1版）",
    "effective_from": date(2025, 12, 1),
    "ratio_a": Decimal("0.050"),
    "ratio_b": Decimal("0.150"),
    "ratio_c": Decimal("0.300"),
    "ratio_d": Decimal("1.000"),
    "ratio_unclassified": Decimal("0.200"),
    "member_factor": Decimal("0.500"),
    "type_modes": {
        "licensing": "sample",
        "deficiency": "full",
        "repair": "sample",
        "voluntary": "sample",
        "sector": "exempt",
    },
    "legal_basis": "《经营主体信用承诺实施指南》；信用风险分类管理（A–D）",
}


def load_all(apps) -> None:
    DeadlineRule = apps.get_model("core", "DeadlineRule")
    for code, title, count, unit, basis in RULES:
        DeadlineRule.objects.update_or_create(
            code=code,
            version=1,
            defaults={
                "title": title,
                "count": count,
                "unit": unit,
                "legal_basis": basis,
                "effective_from": date(2020, 11, 1),
                "due_soon_workdays": 1 if unit == "WD" and count <= 5 else 3,
            },
        )
    SamplingPolicy = apps.get_model("pledge", "SamplingPolicy")
    policy = dict(POLICY)
    SamplingPolicy.objects.get_or_create(version=policy.pop("version"), defaults=policy)

"""Periods of the repair procedure that no national rule fixes ([A] in DOMAIN.md §3.3–3.4).

Kept as data like every statutory period, so a bureau can change them in the admin
(as a new version) without a release. Loaded by a data migration and, after a
transactional test emptied the tables, by the test suite.
"""

from datetime import date

RULES = (
    ("REP-SUPPLEMENT", "申请人补正材料期限", 10, "WD", "[A] 参照《行政许可法》一次性告知补正"),
    ("REP-PLEDGE", "承诺容缺材料补齐期限", 20, "WD", "[A] 承诺容缺（太原“容缺+承诺+宽展”）"),
    ("REP-POST-CHECK", "承诺免查事后核查", 20, "WD", "[A] 承诺免查事后抽查"),
)


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
                "effective_from": date(2021, 9, 1),
                "due_soon_workdays": 3,
            },
        )

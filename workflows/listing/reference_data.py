"""Periods and switches of the listing procedure that no national rule fixes ([A]).

Kept as data like every statutory period, so that a bureau changes them in the admin
(as a new version) without a release. Loaded by a data migration and, after a
transactional test emptied the tables, by the test suite.
"""

from datetime import date

RULES = (
    ("SL-REGISTER", "线索登记（立案或不予立案）", 5, "WD", "[A] 线索登记"),
    ("SL-UPPER", "上一级市场监管部门审核同意", 10, "WD", "[A] 严重违法失信名单管理办法"),
)  # fmt: skip

#: (title, effective from, upper-level approval required, legal basis)
RULE_VERSIONS = (
    (
        "《市场监督管理严重违法失信名单管理办法》（总局令第44号）",
        date(2021, 9, 1),
        True,
        "第22条：设区的市级、县级市场监督管理部门作出列入决定，应当报经上一级市场监督管理部门同意",
    ),
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
                "due_soon_workdays": 2,
            },
        )
    ListingRuleVersion = apps.get_model("listing", "ListingRuleVersion")
    for title, effective_from, upper, basis in RULE_VERSIONS:
        ListingRuleVersion.objects.update_or_create(
            effective_from=effective_from,
            defaults={"title": title, "upper_level_approval": upper, "legal_basis": basis},
        )

# ruff: noqa: E501  (a data table reads best one rule per line)
"""Periods of the pilot procedure as versioned ``DeadlineRule`` data (DOMAIN.md §7.2, §8).

No formal rule governs pilot review, so every period but the annual report is an
assumption ([A]) a bureau can change in the admin as a new version. The annual
stage-results list and summary is due 31 October (XJ-REPORT, [S] the regional plan):
expressed as ten months from 31 December of the year before, not rolled to a working day.

code, title, count, unit, basis, roll a rest day to the next working day.
"""

from datetime import date

RULES = (
    ("PILOT-CHECK", "试点申报形式审查", 5, "WD", "[A] 自治区实施方案（试点申报）", True),
    ("PILOT-SUPPLEMENT", "试点申报补充材料", 10, "WD", "[A] 一次性告知补正", True),
    ("PILOT-REVIEW", "试点专家评审及处务审核", 20, "WD", "[A] 自治区实施方案（评审）", True),
    ("PILOT-APPROVE", "试点批复", 5, "WD", "[A]", True),
    ("PILOT-MIDTERM", "试点中期检查（自试点期中点起）", 20, "WD", "[A]", True),
    ("PILOT-RECTIFY", "试点整改", 3, "M", "[A]", True),
    ("PILOT-RECHECK", "试点整改复查", 20, "WD", "[A]", True),
    ("PILOT-SELF", "试点自评及验收申请（自试点期满起）", 20, "WD", "[A]", True),
    ("PILOT-ONSITE", "试点现场验收", 20, "WD", "[A]", True),
    ("PILOT-OPINION", "试点验收意见", 5, "WD", "[A]", True),
    ("PILOT-QUARTERLY", "试点季度进展报告（季度结束后）", 15, "ND", "[A] 季度进展报告", True),
    ("XJ-REPORT", "阶段性成果清单和年度总结（每年10月底前）", 10, "M", "[S] 自治区三年行动实施方案（2024—2026）", False),
)  # fmt: skip


def load_all(apps) -> None:
    DeadlineRule = apps.get_model("core", "DeadlineRule")
    for code, title, count, unit, basis, roll in RULES:
        DeadlineRule.objects.update_or_create(
            code=code,
            version=1,
            defaults={
                "title": title,
                "count": count,
                "unit": unit,
                "legal_basis": basis,
                "effective_from": date(2024, 9, 3),
                "roll_to_workday": roll,
                "due_soon_workdays": 1 if unit == "WD" and count <= 5 else 3,
            },
        )

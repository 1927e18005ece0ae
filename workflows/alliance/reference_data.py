"""Periods and the admission checklist of the credit alliance: all [A] in DOMAIN.md §6.

No published rule fixes them, so they are data: a bureau changes a period in the admin
(as a new ``DeadlineRule`` version) and the checklist items (``EligibilityCriterion``)
without a release. Loaded by a data migration and, after a transactional test emptied
the tables, by the test suite.
"""

from datetime import date

BASIS = "[A] 企业信用同盟入盟（DOMAIN.md §6.3）"

RULES = (
    ("AL-PREF-REVIEW", "地州市局审核推荐", 15, "WD", BASIS),
    ("AL-REG-REVIEW", "自治区局审核（可组织专家评审）", 20, "WD", BASIS),
    ("AL-NOTICE", "拟入盟名单公示期", 5, "WD", "[A] 政府荣誉名单公示通行做法"),
    ("AL-OBJECTION", "公示异议核查处理", 10, "WD", BASIS),
    ("AL-DECIDE", "分管领导审批入盟", 10, "WD", BASIS),
    ("AL-REVIEW", "成员信用状况复核", 10, "WD", "[A] 成员动态监测"),
    ("AL-STATEMENT", "拟除名告知后陈述申辩期", 5, "WD", "[A] 参照《行政处罚法》陈述申辩"),
    ("AL-STATEMENT-REC", "记录陈述申辩（含申辩期）", 8, "WD", "[A] 申辩期满后3个工作日内记录"),
    ("AL-EXPEL-DECIDE", "除名决定", 10, "WD", "[A] 成员动态监测"),
)  # fmt: skip

#: check, title, years, allowed classes (the order is the checklist's).
CRITERIA = (
    ("registered_years", "依法登记成立满3年且处于存续状态", 3, ""),
    ("credit_class", "信用风险分类为A类（低风险）", None, "A"),
    ("no_serious_list", "近3年未被列入严重违法失信名单", 3, ""),
    ("no_abnormal_list", "近3年未被列入经营异常名录", 3, ""),
    ("no_unrepaired_penalty", "近3年无尚在公示期且未修复的行政处罚", 3, ""),
    ("no_false_pledge", "近3年无不实承诺记录", 3, ""),
    ("annual_reports", "近3年按时报送并公示年度报告", 3, ""),
    ("pledge_signed", "已签署并公开信用承诺书", None, ""),
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
                "effective_from": date(2024, 9, 3),  # the Xinjiang plan (L11)
                "due_soon_workdays": 2,
            },
        )
    EligibilityCriterion = apps.get_model("alliance", "EligibilityCriterion")
    for position, (check, title, years, classes) in enumerate(CRITERIA, start=1):
        EligibilityCriterion.objects.get_or_create(
            code=check,
            defaults={
                "title": title,
                "years": years,
                "allowed_classes": classes,
                "position": position,
            },
        )

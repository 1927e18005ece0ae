# ruff: noqa: E501  (a data table reads best one rule per line)
"""The statutory periods of DOMAIN.md §8, loaded into ``DeadlineRule`` by a migration.

code, title, count, unit, legal basis, effective from. Administrators add new
versions in the admin when a rule changes; code reads whichever version was in
force on the trigger day.
"""

RULES: tuple[tuple[str, str, int, str, str, str], ...] = (
    ("INST-PUB", "即时信息公示", 20, "WD", "企业信息公示暂行条例第10条", "2014-10-01"),
    ("GOV-PUB", "政府部门信息公示", 20, "WD", "企业信息公示暂行条例第6条", "2014-10-01"),
    ("COMPLAINT", "举报虚假公示核查答复", 20, "WD", "企业信息公示暂行条例第13条", "2014-10-01"),
    ("AB-LIST-AR", "未年报列入经营异常名录", 10, "WD", "企业经营异常名录管理暂行办法", "2014-10-01"),
    ("AB-ORDER", "责令限期公示即时信息", 10, "ND", "企业经营异常名录管理暂行办法", "2014-10-01"),
    ("AB-LIST-OTHER", "其他情形列入经营异常名录", 10, "WD", "企业经营异常名录管理暂行办法", "2014-10-01"),
    ("AB-OBJ-ACCEPT", "异议受理", 5, "WD", "企业经营异常名录管理暂行办法", "2014-10-01"),
    ("AB-OBJ-VERIFY", "异议核实答复", 20, "WD", "企业经营异常名录管理暂行办法", "2014-10-01"),
    ("AB-REMOVE", "移出经营异常名录决定", 5, "WD", "企业经营异常名录管理暂行办法；信用修复管理办法", "2014-10-01"),
    ("AB-3Y-WARN", "满三年前提示", 60, "ND", "企业经营异常名录管理暂行办法", "2014-10-01"),
    ("AB-3Y-ESC", "列入异常名录满三年列入严重违法失信名单", 3, "Y", "企业信息公示暂行条例第17条", "2014-10-01"),
    ("PEN-DECIDE", "立案至作出处罚决定", 90, "ND", "行政处罚法第60条", "2021-07-15"),
    ("HEAR-REQ", "告知后申请听证", 5, "WD", "行政处罚法第64条、第85条", "2021-07-15"),
    ("HEAR-NOTICE", "听证通知至举行听证", 7, "WD", "行政处罚法第64条、第85条", "2021-07-15"),
    ("DEFENCE", "陈述申辩", 5, "WD", "市场监督管理行政处罚程序规定", "2021-07-15"),
    ("SERVE", "决定书送达", 7, "WD", "行政处罚法第61条、第85条", "2021-07-15"),
    ("PEN-PUB", "行政处罚信息公示", 20, "WD", "市场监督管理行政处罚信息公示规定第9条", "2021-09-01"),
    ("PEN-PUSH", "推送登记地公示", 10, "WD", "市场监督管理行政处罚信息公示规定第10条", "2021-09-01"),
    ("PEN-WITHDRAW", "撤下公示信息", 3, "WD", "市场监督管理行政处罚信息公示规定第11条", "2021-09-01"),
    ("PEN-TERM-MINOR", "通报批评或较低数额罚款公示期", 3, "M", "市场监督管理行政处罚信息公示规定第13条", "2021-09-01"),
    ("PEN-TERM", "其他行政处罚公示期", 3, "Y", "市场监督管理行政处罚信息公示规定第13条", "2021-09-01"),
    ("PEN-REPAIR-MIN", "行政处罚信息最短公示期（可申请修复）", 6, "M", "市场监督管理信用修复管理办法", "2021-09-01"),
    ("PEN-REPAIR-MIN-FOOD", "食品药品特种设备处罚最短公示期", 12, "M", "市场监督管理信用修复管理办法", "2021-09-01"),
    ("SL-PUB", "列入严重违法失信名单公示", 20, "WD", "市场监督管理严重违法失信名单管理办法", "2021-09-01"),
    ("SL-EARLY-MIN", "提前移出最短列入期", 1, "Y", "市场监督管理严重违法失信名单管理办法", "2021-09-01"),
    ("SL-TERM", "严重违法失信名单列入期", 3, "Y", "市场监督管理严重违法失信名单管理办法", "2021-09-01"),
    ("SL-REVOKE", "处罚撤销后停止公示", 3, "WD", "市场监督管理严重违法失信名单管理办法第19条", "2021-09-01"),
    ("REP-ACCEPT", "信用修复申请受理", 2, "WD", "市场监督管理信用修复管理办法", "2021-09-01"),
    ("REP-DECIDE", "信用修复决定（严重失信名单、行政处罚）", 15, "WD", "市场监督管理信用修复管理办法", "2021-09-01"),
    ("REP-EXEC", "修复决定执行", 3, "WD", "市场监督管理信用修复管理办法", "2021-09-01"),
    ("CC-SYNC", "修复结果同步信用中国", 3, "WD", "信用中国网站信用修复指南", "2021-09-01"),
    ("CC-DECIDE", "信用中国修复决定", 10, "WD", "国办发〔2025〕22号", "2025-06-22"),
    ("CLASS-MINOR", "轻微失信信息最长公示期", 3, "M", "国办发〔2025〕22号；国家发展改革委令第36号", "2025-06-22"),
    ("CLASS-GENERAL-MIN", "一般失信信息最短公示期", 3, "M", "国办发〔2025〕22号；国家发展改革委令第36号", "2025-06-22"),
    ("CLASS-GENERAL-MAX", "一般失信信息最长公示期", 12, "M", "国办发〔2025〕22号；国家发展改革委令第36号", "2025-06-22"),
    ("CLASS-SERIOUS-MIN", "严重失信信息最短公示期", 1, "Y", "国办发〔2025〕22号；国家发展改革委令第36号", "2025-06-22"),
    ("CLASS-SERIOUS-MAX", "严重失信信息最长公示期", 3, "Y", "国办发〔2025〕22号；国家发展改革委令第36号", "2025-06-22"),
    ("LIC-DECIDE", "告知承诺许可决定", 20, "WD", "行政许可法第42条、第82条", "2019-04-23"),
    ("LIC-CORRECT", "一次性告知补正材料", 5, "WD", "行政许可法第32条、第82条", "2019-04-23"),
)  # fmt: skip

#: Sanction and publicity periods (DOMAIN.md §3, §4): they end on their anniversary, not
#: on the next working day, since a day more is a day of restriction without a legal
#: basis; every other rule is a procedural deadline (行政处罚法第85条: rolled).
SANCTION_RULES: frozenset[str] = frozenset({
    "PEN-TERM-MINOR", "PEN-TERM", "PEN-REPAIR-MIN", "PEN-REPAIR-MIN-FOOD", "SL-EARLY-MIN",
    "SL-TERM", "CLASS-MINOR", "CLASS-GENERAL-MIN", "CLASS-GENERAL-MAX", "CLASS-SERIOUS-MIN",
    "CLASS-SERIOUS-MAX", "AB-3Y-ESC",
})  # fmt: skip

#: Rules whose period stops while the case waits for the subject (补正材料): the
#: acceptance and decision periods of credit repair and the abnormal-list removal.
PAUSABLE_RULES: frozenset[str] = frozenset({"REP-ACCEPT", "REP-DECIDE", "AB-REMOVE"})

#: The default escalation ladder for every procedure (``EscalationLevel``): level,
#: title, working days from the last day, whom to notify, also by SMS.
ESCALATION_LEVELS: tuple[tuple[int, str, int, str, bool], ...] = (
    (0, "临期提醒", -1, "assignee", False),
    (1, "逾期督办（科室负责人）", 1, "section_head", False),
    (2, "逾期督办（局领导）", 3, "leader", True),
)

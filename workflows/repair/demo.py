# ruff: noqa: E501  (demo data reads best one case per line)
"""Demo repair cases in every step, some overdue, with their documents (seed_demo).

Each case is driven through the real services by the demo staff, then, where the
demo wants it late, its deadlines are moved back as if it had arrived earlier.
"""

from datetime import date

from django.db import transaction
from django.utils import timezone

from forms.validators import build_uscc
from workflows.core.demo_steps import complete_step, make_late, open_task
from workflows.core.models import Bureau, CreditRecord, Subject, User
from workflows.core.services.credit_records import credit_record_create
from workflows.core.services.deadlines import deadlines_refresh
from workflows.core.services.subjects import subject_upsert
from workflows.repair.flows import RepairFlow
from workflows.repair.models import RepairApplication
from workflows.repair.services import repair_apply, repair_auto_restore, repair_revoke_for_fraud

# USCC prefix, county, organisation-code body, name, legal rep, address (all in Ürümqi)
EXTRA_SUBJECTS = (
    (
        "91",
        "650102",
        "MA7DEM01",
        "乌鲁木齐博格达物流有限公司",
        "韩卫东",
        "乌鲁木齐市天山区新华南路12号",
    ),
    (
        "91",
        "650104",
        "MA7DEM02",
        "新疆昆仑山矿泉水销售有限公司",
        "马秀兰",
        "乌鲁木齐市新市区长春南路88号",
    ),
    (
        "91",
        "650105",
        "MA7DEM03",
        "乌鲁木齐红山建材有限公司",
        "吐尔洪·艾买提",
        "乌鲁木齐市水磨沟区七道湾路20号",
    ),
    (
        "91",
        "650106",
        "MA7DEM04",
        "新疆葡萄沟农产品有限公司",
        "张立新",
        "乌鲁木齐市头屯河区工业园7号",
    ),
    (
        "91",
        "650109",
        "MA7DEM05",
        "乌鲁木齐南山牧场旅游有限公司",
        "巴合提亚尔",
        "乌鲁木齐县水西沟镇平西梁村",
    ),
    (
        "92",
        "650103",
        "L7DEM006",
        "沙依巴克区阿力木五金店",
        "阿力木·吾守尔",
        "乌鲁木齐市沙依巴克区西山路33号",
    ),
    (
        "91",
        "650102",
        "MA7DEM07",
        "乌鲁木齐西域驼铃文化传媒有限公司",
        "周晓婷",
        "乌鲁木齐市天山区光明路5号",
    ),
    (
        "91",
        "650106",
        "MA7DEM08",
        "乌鲁木齐雪域广告传媒有限公司",
        "陈立新",
        "乌鲁木齐市头屯河区喀什西路399号",
    ),
)

# subject, record kind, listed on, penalty class, reason, step to stop at, days late
CASES = (
    ("乌鲁木齐天山雪莲商贸有限公司", None, "", "", "", "accept", 6),
    (
        "乌鲁木齐博格达物流有限公司",
        "abnormal_list",
        "2025-07-01",
        "",
        "未按规定期限公示2024年度报告",
        "supplement",
        0,
    ),
    ("新疆天润乳品营销有限公司", None, "", "", "", "verify", 0),
    (
        "新疆昆仑山矿泉水销售有限公司",
        "serious_list",
        "2024-10-08",
        "",
        "提交虚假材料取得变更登记，情节严重",
        "review",
        0,
    ),
    (
        "乌鲁木齐红山建材有限公司",
        "penalty",
        "2025-01-15",
        "general",
        "销售不合格建材产品",
        "legal",
        0,
    ),
    (
        "新疆葡萄沟农产品有限公司",
        "serious_list",
        "2024-06-03",
        "",
        "拒不履行行政处罚决定，情节严重",
        "decide",
        25,
    ),
    (
        "乌鲁木齐南山牧场旅游有限公司",
        "abnormal_list",
        "2025-07-01",
        "",
        "通过登记的住所无法联系",
        "execute",
        0,
    ),
    (
        "沙依巴克区阿力木五金店",
        "individual_abnormal",
        "2025-07-15",
        "",
        "未按规定报送2024年度年报",
        "closed",
        0,
    ),
    (
        "乌鲁木齐西域驼铃文化传媒有限公司",
        "penalty",
        "2025-02-10",
        "general",
        "发布虚假广告",
        "refused",
        0,
    ),
    ("喀什古城文化旅游发展有限公司", None, "", "", "", "verify", 0),
    (
        "乌鲁木齐雪域广告传媒有限公司",
        "penalty",
        "2025-01-20",
        "general",
        "发布虚假广告",
        "revoked",
        0,
    ),
)

STEPS = ("accept", "verify", "review", "legal", "decide", "execute")
DATA = {
    "accept": ("clerk", {"decision": "accept", "comment": "材料齐全，予以受理"}),
    "verify": (
        "handler",
        {"opinion": "grant", "method": "written", "findings": "已履行相关义务并完成整改"},
    ),
    "review": ("section_head", {"result": "agree", "needs_legal_review": True}),
    "legal": ("legal", {"opinion": "pass", "comment": "程序合法"}),
    "decide": ("leader", {"decision": "grant", "comment": "同意修复"}),
    "execute": ("handler", {"executed_on": None}),
}


def seed() -> dict[str, int]:
    if RepairApplication.objects.exists():
        return {"repair_cases": RepairApplication.objects.count()}
    with transaction.atomic():
        _seed_subjects()
        staff = {user.username: user for user in User.objects.all()}
        for name, kind, listed_on, penalty_class, reason, stop_at, days_late in CASES:
            record = _record(name, kind, listed_on, penalty_class, reason)
            _drive(record, stop_at, staff, days_late)
        _automatic_restore()
        deadlines_refresh()
    return {"repair_cases": RepairApplication.objects.count()}


def _seed_subjects() -> None:
    urumqi = Bureau.objects.get(code="650100")
    for prefix, county, body, name, legal_rep, address in EXTRA_SUBJECTS:
        uscc = build_uscc(prefix, county, body)
        subject_upsert(data={
            "uscc": uscc, "name": name, "legal_rep": legal_rep, "address": address,
            "subject_type": Subject.type_from_uscc(uscc), "region": urumqi,
            "reg_authority": urumqi.name, "risk_class": "B",
        })  # fmt: skip


def _record(name, kind, listed_on, penalty_class, reason) -> CreditRecord:
    subject = Subject.objects.get(name=name)
    if kind is None:  # the core demo already gave this subject its record
        return subject.credit_records.filter(state=CreditRecord.State.LISTED).first()
    return credit_record_create(
        subject=subject, kind=kind, reason=reason, listed_on=date.fromisoformat(listed_on),
        deciding_bureau=subject.region, actor=None, penalty_class=penalty_class,
        decision_no=f"{subject.region.doc_prefix}处罚〔{listed_on[:4]}〕{len(name)}号",
    )  # fmt: skip


def _drive(record: CreditRecord, stop_at: str, staff: dict[str, User], days_late: int) -> None:
    kashgar = record.deciding_bureau.code == "653100"
    clerk = staff["clerk_kashgar" if kashgar else "clerk"]
    application = repair_apply(
        record=record, channel="counter", applicant_name=record.subject.legal_rep,
        applicant_phone="13899880000", grounds="已履行法定义务，消除不良影响，申请信用修复",
        pledge_made=True, actor=clerk,
    )  # fmt: skip
    case = application.case
    if stop_at == "supplement":
        complete_step(
            case,
            RepairFlow,
            "accept",
            staff["clerk"],
            {"decision": "supplement", "reasons": "请补充提交2024年度报告公示截图"},
        )
        return
    for step in STEPS:
        if step == stop_at:
            break
        username, data = DATA[step]
        if kashgar and username == "clerk":
            username = "clerk_kashgar"
        if stop_at == "refused" and step == "decide":
            data = {"decision": "refuse", "reasons": "申请人尚未履行行政处罚决定规定的义务"}
        if step == "execute":
            data = {"executed_on": timezone.localdate().isoformat()}
        if step in ("review", "legal") and not open_task(case, RepairFlow, step):
            continue
        complete_step(case, RepairFlow, step, staff[username], data)
        if stop_at == "refused" and step == "decide":
            return
    if stop_at == "revoked":
        application.refresh_from_db()
        repair_revoke_for_fraud(
            application=application, actor=staff["leader"],
            reason="经举报核查，申请人提交的整改完成证明系伪造",
        )  # fmt: skip
    if days_late:
        make_late(case, days_late)


def _automatic_restore() -> None:
    """免申即享: a Kashgar individual business files its report and is restored at once."""
    subject = Subject.objects.get(name="喀什市阿依古丽干果店")
    record = credit_record_create(
        subject=subject, kind=CreditRecord.Kind.INDIVIDUAL_ABNORMAL, reason="未按规定报送2024年度年报",
        listed_on=date(2025, 7, 15), deciding_bureau=subject.region, actor=None,
    )  # fmt: skip
    repair_auto_restore(record=record, report_year=2024)

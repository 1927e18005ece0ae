# ruff: noqa: E501  (demo data reads best one case per line)
"""Demo alliance cases in every step, some overdue, with their documents (seed_demo).

Each candidate is nominated or applies and is driven through the real services by the
demo staff; where the demo wants it late, its deadlines are moved back as if it had
arrived earlier. Two members are admitted; one of them then has a new penalty and is
under review (the monitoring sweep opened it).
"""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from viewflow.workflow.models import Task
from viewflow.workflow.timers import fire_due_timers

from forms.validators import build_uscc
from workflows.alliance.flows import AllianceFlow, MembershipReviewFlow
from workflows.alliance.models import Admission, Membership
from workflows.alliance.services import admission_open, alliance_monitor_sweep, objection_receive
from workflows.core.demo_steps import complete_step, make_late
from workflows.core.models import Bureau, Case, CreditRecord, Subject, User
from workflows.core.services.credit_records import credit_record_create
from workflows.core.services.deadlines import deadlines_refresh
from workflows.core.services.subjects import subject_upsert

# USCC prefix, county, organisation-code body, name, legal rep, bureau, risk class, address
SUBJECTS = (
    (
        "91",
        "650102",
        "MA7TM001",
        "新疆天山乳业有限公司",
        "王建国",
        "650100",
        "A",
        "乌鲁木齐市天山区民主路56号",
    ),
    (
        "91",
        "650106",
        "MA7TM002",
        "新疆金风绿能装备有限公司",
        "刘志远",
        "650100",
        "A",
        "乌鲁木齐经济技术开发区上海路107号",
    ),
    (
        "91",
        "650104",
        "MA7TM003",
        "乌鲁木齐雪峰食品有限公司",
        "马文华",
        "650100",
        "A",
        "乌鲁木齐市新市区河南东路20号",
    ),
    (
        "91",
        "650105",
        "MA7TM004",
        "新疆丝路通达物流有限公司",
        "热合曼·阿不都",
        "650100",
        "A",
        "乌鲁木齐市水磨沟区会展大道88号",
    ),
    (
        "91",
        "650103",
        "MA7TM005",
        "新疆西域果业集团有限公司",
        "陈晓燕",
        "650100",
        "A",
        "乌鲁木齐市沙依巴克区克拉玛依西路9号",
    ),
    (
        "91",
        "650102",
        "MA7TM006",
        "乌鲁木齐天池纺织有限公司",
        "哈力克·吐尔逊",
        "650100",
        "A",
        "乌鲁木齐市天山区新华北路30号",
    ),
    (
        "91",
        "650109",
        "MA7TM007",
        "新疆昆仑建设工程有限公司",
        "杨振华",
        "650100",
        "A",
        "乌鲁木齐县水西沟镇方家庄村",
    ),
    (
        "91",
        "650104",
        "MA7TM008",
        "新疆博斯腾湖水产有限公司",
        "古丽米拉·艾力",
        "650100",
        "A",
        "乌鲁木齐市新市区苏州路161号",
    ),
    (
        "91",
        "650105",
        "MA7TM009",
        "乌鲁木齐红旗机械制造有限公司",
        "张国强",
        "650100",
        "B",
        "乌鲁木齐市水磨沟区七道湾北路3号",
    ),
    (
        "91",
        "653101",
        "MA7TM010",
        "喀什丝路明珠实业有限公司",
        "买买提·依明",
        "653100",
        "A",
        "喀什市世纪大道西路28号",
    ),
)

# name, step to stop at, days late, channel
CASES = (
    ("新疆天山乳业有限公司", "member", 0, "application"),
    ("新疆金风绿能装备有限公司", "review", 0, "nomination"),
    ("乌鲁木齐雪峰食品有限公司", "prefecture_check", 35, "nomination"),
    ("新疆丝路通达物流有限公司", "prefecture_signoff", 0, "application"),
    ("新疆西域果业集团有限公司", "regional_review", 45, "nomination"),
    ("乌鲁木齐天池纺织有限公司", "expert_scoring", 0, "nomination"),
    ("新疆昆仑建设工程有限公司", "notice", 0, "application"),
    ("新疆博斯腾湖水产有限公司", "handle_objection", 0, "nomination"),
    ("乌鲁木齐红旗机械制造有限公司", "screening_failed", 0, "nomination"),
    ("喀什丝路明珠实业有限公司", "prefecture_check", 0, "application"),
)
STEPS = ("prefecture_check", "prefecture_signoff", "regional_review", "notice", "approve")
#: The step of ``STEPS`` before which a case stops (None: it runs to the end).
STOP_BEFORE = {
    "prefecture_check": "prefecture_check",
    "prefecture_signoff": "prefecture_signoff",
    "regional_review": "regional_review",
    "expert_scoring": "notice",
    "notice": "notice",
    "handle_objection": "notice",
    "member": None,
    "review": None,
    "screening_failed": None,
}
DATA = {
    "prefecture_check": (
        "handler",
        {
            "opinion": "recommend",
            "findings": "材料齐全，经实地核查，企业信用管理制度健全，近三年无失信记录",
        },
    ),
    "prefecture_signoff": ("section_head", {"result": "agree", "comment": "同意推荐"}),
    "regional_review": (
        "region_handler",
        {"decision": "shortlist", "opinion": "符合入盟条件，同意列入拟入盟名单"},
    ),
    "approve": (
        "region_leader",
        {"decision": "admit", "member_pledge_signed": True, "comment": "同意入盟"},
    ),
}


def seed() -> dict[str, int]:
    if Admission.objects.exists():
        return {"alliance_cases": Case.objects.filter(procedure="alliance").count()}
    with transaction.atomic():
        staff = {user.username: user for user in User.objects.all()}
        _seed_subjects()
        for name, stop_at, days_late, channel in CASES:
            case = _drive(Subject.objects.get(name=name), stop_at, staff, channel)
            if days_late:
                make_late(case, days_late)
        _review(staff)
        deadlines_refresh()
    return {"alliance_cases": Case.objects.filter(procedure="alliance").count()}


def _seed_subjects() -> None:
    bureaus = {b.code: b for b in Bureau.objects.all()}
    for prefix, county, body, name, legal_rep, code, risk, address in SUBJECTS:
        uscc = build_uscc(prefix, county, body)
        subject_upsert(data={
            "uscc": uscc, "name": name, "legal_rep": legal_rep, "address": address,
            "subject_type": Subject.type_from_uscc(uscc), "region": bureaus[code],
            "reg_authority": bureaus[code].name, "risk_class": risk,
        })  # fmt: skip
    red_flag = Subject.objects.get(name="乌鲁木齐红旗机械制造有限公司")
    credit_record_create(
        subject=red_flag, kind=CreditRecord.Kind.PENALTY, reason="生产不符合安全技术规范的起重机械，罚款8万元",
        listed_on=timezone.localdate() - timedelta(days=150), deciding_bureau=red_flag.region,
        actor=None, penalty_class=CreditRecord.PenaltyClass.GENERAL, decision_no="乌市监处罚〔2026〕41号",
    )  # fmt: skip


def _drive(subject: Subject, stop_at: str, staff: dict[str, User], channel: str) -> Case:
    kashgar = subject.region.code == "653100"
    admission = admission_open(
        subject=subject, channel=channel, established_on=date(2012, 4, 16),
        contact_name=subject.legal_rep, contact_phone="0991-4567890",
        statement="企业建立了信用管理制度，设有合规管理岗位，连续三年按时公示年报，积极参与行业自律。",
        pledge_signed=True, actor=staff["online" if channel == "application" else
                                         "handler_kashgar" if kashgar else "handler"],
    )  # fmt: skip
    case = admission.case
    if stop_at == "screening_failed":
        return case
    for step in STEPS:
        if step == STOP_BEFORE[stop_at]:
            break
        if step == "notice":
            _end_notice(case)
            continue
        username, data = DATA[step]
        _complete(case, step, staff[username], data)
    if stop_at in ("notice", "handle_objection"):
        objection_receive(
            admission=admission, channel="online", objector_name="李华", objector_contact="13700001111",
            grounds="反映该企业2025年存在拖欠农民工工资问题，请核实。", actor=staff["online"],
        )  # fmt: skip
        if stop_at == "handle_objection":
            _end_notice(case)
    if stop_at in ("member", "review"):
        Membership.objects.filter(pk=admission.membership_id).update(
            admitted_at=timezone.now() - timedelta(days=200)
        )
    return case


def _end_notice(case: Case) -> None:
    """Let the notice be over, as if it had been published eight days ago."""
    Admission.objects.filter(case=case).update(
        notice_from=timezone.localdate() - timedelta(days=12),
        notice_until=timezone.localdate() - timedelta(days=5),
    )
    Task.objects.filter(process=case.process, flow_task=AllianceFlow.notice).update(
        scheduled=timezone.now() - timedelta(seconds=1)
    )
    fire_due_timers()


def _review(staff: dict[str, User]) -> None:
    """A member gets a heavy penalty; the sweep opens the review; the notice is served."""
    subject = Subject.objects.get(name="新疆金风绿能装备有限公司")
    credit_record_create(
        subject=subject, kind=CreditRecord.Kind.PENALTY, reason="产品质量抽检不合格且拒不整改，罚款30万元",
        listed_on=timezone.localdate() - timedelta(days=3), deciding_bureau=subject.region,
        actor=None, penalty_class=CreditRecord.PenaltyClass.GENERAL, decision_no="乌市监处罚〔2026〕77号",
    )  # fmt: skip
    alliance_monitor_sweep()
    case = Case.objects.get(subject=subject, sub_type="review")
    _complete(case, "assess", staff["handler"], {
        "proposal": "expel", "findings": "该成员产品质量抽检不合格且拒不整改，被处以较大数额罚款，不再符合成员条件。",
        "notice_served_on": timezone.localdate().isoformat(),
    }, MembershipReviewFlow)  # fmt: skip


def _complete(case: Case, step: str, user: User, data: dict, flow_class=AllianceFlow) -> None:
    if step == "regional_review" and case.subject.name == "乌鲁木齐天池纺织有限公司":
        data = {"decision": "experts", "opinion": "企业规模较大，提请专家评审"}
    complete_step(case, flow_class, step, user, data)

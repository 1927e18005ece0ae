# ruff: noqa: E501  (demo data reads best one pledge per line)
"""Demo of the pledge register and verification (seed_demo).

Pledges of every type are registered for Ürümqi and Kashgar subjects; the Ürümqi
bureau's draw plans the rest. Verification cases are driven through the real services
by the demo staff to every step — one found true, one false pledge through to its
credit record and publicity — and some are made late, as if opened weeks earlier.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from forms.validators import build_uscc
from workflows.core.demo_steps import complete_step, make_late
from workflows.core.models import Bureau, Case, Subject, User
from workflows.core.services.subjects import subject_upsert
from workflows.pledge.flows import PledgeFlow
from workflows.pledge.models import Pledge, PledgeType
from workflows.pledge.services import pledge_check_now, pledge_register, pledges_draw

# USCC prefix, county, organisation-code body, name, legal rep, risk class, address
SUBJECTS = (
    (
        "91",
        "650102",
        "MA7PLG01",
        "乌鲁木齐天山明珠餐饮管理有限公司",
        "李建军",
        "B",
        "乌鲁木齐市天山区中山路101号",
    ),
    (
        "91",
        "650104",
        "MA7PLG02",
        "新疆雪域医药连锁有限公司",
        "古丽米拉·阿不都",
        "C",
        "乌鲁木齐市新市区河北东路210号",
    ),
    (
        "91",
        "650105",
        "MA7PLG03",
        "乌鲁木齐金盾电线电缆有限公司",
        "王海平",
        "D",
        "乌鲁木齐市水磨沟区会展大道77号",
    ),
    (
        "91",
        "650106",
        "MA7PLG04",
        "新疆天衡检验检测技术有限公司",
        "陈思远",
        "B",
        "乌鲁木齐市头屯河区高铁北三路9号",
    ),
    (
        "92",
        "650103",
        "L7PLG005",
        "沙依巴克区买买提烤肉店",
        "买买提·艾力",
        "C",
        "乌鲁木齐市沙依巴克区和田街18号",
    ),
    (
        "91",
        "650102",
        "MA7PLG06",
        "乌鲁木齐丝路印象商贸有限公司",
        "赵晓梅",
        "D",
        "乌鲁木齐市天山区人民路56号",
    ),
    (
        "91",
        "650104",
        "MA7PLG07",
        "新疆绿洲粮油食品有限公司",
        "刘振华",
        "D",
        "乌鲁木齐市新市区苏州东街300号",
    ),
    (
        "91",
        "650109",
        "MA7PLG08",
        "乌鲁木齐南山雪峰矿泉水有限公司",
        "哈力木拉提",
        "D",
        "乌鲁木齐县板房沟镇雪峰村",
    ),
    (
        "91",
        "650102",
        "MA7PLG09",
        "乌鲁木齐博达眼镜有限公司",
        "孙丽",
        "D",
        "乌鲁木齐市天山区光明路88号",
    ),
    (
        "91",
        "650105",
        "MA7PLG10",
        "新疆瀚海建材检测有限公司",
        "郑国强",
        "D",
        "乌鲁木齐市水磨沟区温泉西路16号",
    ),
)

# subject name, type, matter, licence no, content, days ago, plan (None: left to the draw;
# a step name: checked now and driven to that step; "fulfilled"/"false": closed)
PLEDGES = (
    (
        "乌鲁木齐天山明珠餐饮管理有限公司",
        "licensing",
        "食品经营许可",
        "JY16501020033158",
        "本单位承诺具备与经营的食品品种、数量相适应的经营场所、设施设备和食品安全管理制度，所填信息真实有效",
        40,
        None,
    ),
    (
        "新疆雪域医药连锁有限公司",
        "licensing",
        "药品零售企业许可",
        "新AA9910235",
        "本企业承诺配备依法经过资格认定的执业药师，营业场所和仓储条件符合《药品经营质量管理规范》",
        35,
        None,
    ),
    (
        "乌鲁木齐天山雪莲商贸有限公司",
        "voluntary",
        "",
        "",
        "本企业自愿承诺依法诚信经营，不销售假冒伪劣商品，接受社会监督",
        20,
        None,
    ),
    (
        "新疆丝路云创信息科技有限公司",
        "sector",
        "",
        "",
        "本会员单位承诺遵守《乌鲁木齐市电子商务行业自律公约》，明码标价，保障消费者权益",
        15,
        None,
    ),
    (
        "乌鲁木齐金盾电线电缆有限公司",
        "licensing",
        "工业产品生产许可（电线电缆）",
        "XK06-001-01587",
        "本企业承诺具备电线电缆产品生产所需的生产设备、检验设备和质量管理体系，产品符合国家标准",
        50,
        "plan",
    ),
    (
        "新疆天衡检验检测技术有限公司",
        "licensing",
        "检验检测机构资质认定",
        "231612340123",
        "本机构承诺具备与检验检测活动相适应的人员、场所、设备和管理体系，出具的数据结果真实准确",
        45,
        "verify",
    ),
    (
        "沙依巴克区买买提烤肉店",
        "licensing",
        "小餐饮经营许可",
        "JY26501030012897",
        "本店承诺经营场所与住宅分隔，具备排烟、冷藏和消毒设施",
        60,
        "serve_notice",
    ),
    (
        "乌鲁木齐丝路印象商贸有限公司",
        "licensing",
        "食品经营许可（预包装食品销售）",
        "JY16501020035521",
        "本企业承诺具备符合要求的仓储场所，进货查验记录制度健全",
        58,
        "statement",
    ),
    (
        "新疆绿洲粮油食品有限公司",
        "licensing",
        "食品生产许可（食用植物油）",
        "SC10265010400312",
        "本企业承诺生产车间、设备布局和工艺流程符合食品生产许可审查细则要求",
        70,
        "review",
    ),
    (
        "乌鲁木齐南山雪峰矿泉水有限公司",
        "licensing",
        "食品生产许可（饮用天然矿泉水）",
        "SC10665012100087",
        "本企业承诺水源地卫生防护及灌装车间洁净度符合要求，具备出厂检验能力",
        75,
        "legal",
    ),
    (
        "乌鲁木齐博达眼镜有限公司",
        "licensing",
        "计量器具（验光仪）使用备案",
        "JL-650102-0931",
        "本企业承诺使用的验光仪已经依法检定合格并在有效期内",
        80,
        "decide",
    ),
    (
        "新疆瀚海建材检测有限公司",
        "licensing",
        "检验检测机构资质认定（建材）",
        "231612340456",
        "本机构承诺授权签字人具备相应资格，检测场所独立且符合环境条件要求",
        90,
        "false",
    ),
    (
        "新疆天润乳品营销有限公司",
        "voluntary",
        "",
        "",
        "本企业承诺信息公示真实准确，按时报送年度报告",
        25,
        "fulfilled",
    ),
    (
        "喀什古城文化旅游发展有限公司",
        "voluntary",
        "",
        "",
        "本企业承诺依法经营，规范旅游服务收费，接受游客和社会监督",
        10,
        None,
    ),
)

# step → (username, data) to complete it; dates "today" are filled in at run time
STEPS = (
    ("plan", "handler", {"method": "on_site", "planned_on": "today"}),
    (
        "verify",
        "handler",
        {
            "verified_on": "today",
            "findings": "经现场核查，承诺的场所、设施与实际情况不符：检测场所与办公区未分隔，授权签字人未到岗",
            "evidence": "现场检查笔录1份、现场照片12张、人员社保缴纳记录",
            "result": "false",
        },
    ),
    ("serve_notice", "handler", {"served_on": "today", "method": "direct"}),
    (
        "statement",
        "handler",
        {
            "statement": "submitted",
            "statement_text": "我单位正在整改，授权签字人已办理入职手续，请求从轻处理",
        },
    ),
    (
        "review",
        "section_head",
        {
            "proposal": "false",
            "measures": ["rectification", "revoke_licence", "penalty_referral"],
            "rectify_by": "in30",
            "reasons": "申辩理由不能否定承诺时不具备条件的事实",
        },
    ),
    (
        "legal",
        "legal",
        {
            "opinion": "pass",
            "reasons": "事实清楚，证据确凿，依据《行政许可法》第六十九条撤销许可适当",
        },
    ),
    ("decide", "leader", {"decision": "false", "reasons": "当事人以不实承诺取得许可，情节较重"}),
    ("publish", "handler", {"published_on": "today"}),
)
FULFILLED = {
    "verified_on": "today",
    "findings": "经现场核查，年度报告已按时报送，公示信息与登记信息一致",
    "evidence": "国家企业信用信息公示系统截图、年度报告回执",
    "result": "fulfilled",
}

#: Days the cases at these steps are made late, as if opened that much earlier.
LATE = {"plan": 40, "statement": 12, "review": 25}


def seed() -> dict[str, int]:
    if Pledge.objects.filter(source=Pledge.Source.COUNTER, source_ref__startswith="DEMO-").exists():
        return {"pledges": Pledge.objects.count()}
    staff = {user.username: user for user in User.objects.all()}
    if "handler" not in staff:
        return {"pledges": 0}
    with transaction.atomic():
        _subjects()
        urumqi = Bureau.objects.get(code="650100")
        driven = []
        for n, (name, kind, matter, licence, content, days_ago, plan) in enumerate(PLEDGES, 1):
            subject = Subject.objects.get(name=name)
            pledge = pledge_register(
                subject=subject, pledge_type=PledgeType(kind), content=content, matter=matter,
                licence_no=licence, source=Pledge.Source.COUNTER, source_ref=f"DEMO-{n:03d}",
                pledged_on=timezone.localdate() - timedelta(days=days_ago),
                actor=staff["clerk_kashgar" if subject.region.code == "653100" else "clerk"],
            )  # fmt: skip
            if plan is not None:
                driven.append((pledge, plan))
        for pledge, plan in driven:
            pledge_check_now(pledge=pledge, actor=staff["handler"])
            _drive(Pledge.objects.get(pk=pledge.pk).case, plan, staff)
        pledges_draw(bureau=urumqi, actor=staff["handler"], seed="乌市监-2026-承诺抽查-01")
    return {"pledges": Pledge.objects.count()}


def _subjects() -> None:
    urumqi = Bureau.objects.get(code="650100")
    for prefix, county, body, name, legal_rep, risk_class, address in SUBJECTS:
        uscc = build_uscc(prefix, county, body)
        subject_upsert(data={
            "uscc": uscc, "name": name, "legal_rep": legal_rep, "address": address,
            "subject_type": Subject.type_from_uscc(uscc), "region": urumqi,
            "reg_authority": urumqi.name, "risk_class": risk_class,
        })  # fmt: skip


def _value(value):
    today = timezone.localdate()
    if value == "today":
        return today.isoformat()
    if value == "in30":
        return (today + timedelta(days=30)).isoformat()
    return value


def _drive(case: Case, stop_at: str, staff: dict[str, User]) -> None:
    for step, username, data in STEPS:
        if step == stop_at:
            break
        if stop_at == "fulfilled" and step == "verify":
            data = FULFILLED
        complete_step(
            case, PledgeFlow, step, staff[username], {key: _value(v) for key, v in data.items()}
        )
        if stop_at == "fulfilled" and step == "verify":
            return
    if stop_at in LATE:
        make_late(case, LATE[stop_at])

# ruff: noqa: E501  (demo data reads best one case per line)
"""Demo pilots (seed_demo): an open call with applications in every step (one formal
check overdue), last year's pilots running with their reports (one quarterly report
late, so overdue on the SLA dashboard), one pilot accepted, documents issued.

Everything is driven through the real services by demo staff; only last year's call
and its cases are moved back in time afterwards, as if they had been made then.
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import F

from workflows.core.demo_steps import complete_step, make_late
from workflows.core.models import Bureau, Case, User
from workflows.core.roles import Role
from workflows.core.services.deadlines import deadlines_refresh
from workflows.core.services.kit import local_today
from workflows.core.services.roles import roles_ensure_groups
from workflows.pilot.flows import PilotFlow
from workflows.pilot.models import Pilot, PilotApplication, PilotCall, PilotReport
from workflows.pilot.services import pilot_apply, pilot_report_submit

SHANGHAI = ZoneInfo("Asia/Shanghai")

# username, family name, given name, bureau, role
USERS = (
    ("region_head", "古", "丽米拉", "650000", Role.SECTION_HEAD),
    ("expert_li", "李", "建新", "650000", Role.HANDLER),
    ("expert_wang", "王", "慧", "650000", Role.HANDLER),
    ("handler_ili", "哈", "斯木", "654000", Role.HANDLER),
    ("handler_changji", "杨", "帆", "652300", Role.HANDLER),
)
PANEL = ("region_handler", "expert_li", "expert_wang")
HANDLERS = {"650100": "handler", "653100": "handler_kashgar", "654000": "handler_ili",
            "652300": "handler_changji"}  # fmt: skip

# bureau, kind, name, area, km², managing body, merchants, budget, plan, indicators
PILOTS = {
    "dabazha": ("650100", "district", "乌鲁木齐国际大巴扎信用商圈", "天山区解放南路、和平南路、二道桥片区", "1.20", "乌鲁木齐国际大巴扎商业运营管理有限公司", 642, "350.00",
                "建立商户信用档案，按季度实行红黄绿三色分级，绿色商户免于日常检查，信用等级在店门口公示。", "商户信用承诺率100%；分级覆盖率100%；消费投诉按期办结率98%以上"),
    "guchen": ("653100", "street", "喀什古城信用街区", "喀什古城吾斯塘博依路至阔孜其亚贝希巷", "0.85", "喀什古城景区管理委员会", 418, "220.00",
               "推行“信用+旅游”，经营户签署诚信经营承诺，设立先行赔付点，守信商户优先参与文旅推介。", "诚信承诺签署率100%；游客投诉下降30%；先行赔付结案率95%以上"),
    "huocheng": ("654000", "park", "霍尔果斯综合保税区信用园区", "霍尔果斯综合保税区一、二期", "3.60", "霍尔果斯综合保税区管理委员会", 236, "480.00",
                 "园区企业信用风险分类A-D动态管理，A类企业通关便利、检查频次降低，D类重点监管。", "信用风险分类覆盖率100%；A类企业占比40%以上；双随机抽查问题发现率提升"),
    "nanmen": ("650100", "street", "乌鲁木齐南门信用街区", "天山区南门至大湾北路沿街商铺", "0.60", "天山区南门街道办事处", 305, "150.00",
                "沿街商铺信用码上墙，扫码可查信用等级和投诉记录，街道设信用积分兑换。", "信用码覆盖率100%；投诉办结率98%；信用积分参与率60%"),
    "changji": ("652300", "park", "昌吉国家农业科技园区信用园区", "昌吉国家农业科技园区核心区", "5.20", "昌吉国家农业科技园区管委会", 158, "300.00",
                "农资经营主体信用分级，守信主体享受融资增信，建立园区信用信息共享平台。", "农资主体建档率100%；信用贷款授信额度5亿元"),
    "yining": ("654000", "district", "伊宁市六星街信用商圈", "伊宁市六星街历史文化街区", "0.75", "伊宁市六星街街区运营有限公司", 276, "180.00",
               "民宿、餐饮商户信用承诺和星级评定挂钩，差评快速处置。", "商户承诺率100%；投诉48小时响应率100%"),
    "gaoxin": ("650100", "park", "乌鲁木齐高新区信用园区", "高新区（新市区）软件园、创业园", "2.40", "乌鲁木齐高新区管委会", 520, "260.00",
               "企业信用报告在招商、评优、政策兑现中应用，建立园区信用服务站。", "信用报告应用事项20项以上；信用修复指导覆盖率100%"),
    "kashi_mall": ("653100", "district", "喀什市东湖信用商圈", "喀什市东湖公园周边商业综合体", "1.10", "喀什东湖商业管理有限公司", 190, "120.00",
                   "商圈内商户信用公示。", "商户公示率100%"),
    "xishan": ("652300", "district", "昌吉市延安北路信用商圈", "昌吉市延安北路至北京南路商业街", "1.50", "昌吉市商务和工业信息化局", 260, "160.00",
               "商户分级管理，设立消费维权服务站。", "分级覆盖率100%；维权站办结率95%"),
}  # fmt: skip

GOOD, FAIR, WEAK = (17, 21, 17, 13, 8, 8), (15, 19, 15, 11, 7, 7), (8, 11, 9, 6, 4, 4)


def seed() -> dict[str, int]:
    if PilotCall.objects.exists():
        return {"pilot_cases": PilotApplication.objects.count()}
    with transaction.atomic():
        staff = _staff()
        today = local_today()
        old_call = _call(
            staff, 2025, "2025年度信用商圈、园区、街区建设试点申报", "新市监信函〔2025〕18号"
        )
        _running_with_reports(
            staff, old_call, "dabazha", date(2025, 5, 1), date(2026, 12, 31), late="2026Q3"
        )
        _running_with_reports(
            staff, old_call, "huocheng", date(2025, 7, 1), date(2027, 6, 30), midterm=False
        )
        _accepted(staff, old_call, "guchen", date(2025, 4, 1), date(2026, 9, 30))
        _backdate_call(old_call, date(2025, 3, 10), date(2025, 4, 30))
        new_call = _call(
            staff,
            today.year,
            f"{today.year}年度信用商圈、园区、街区建设试点申报",
            f"新市监信函〔{today.year}〕26号",
        )
        _stop_at(staff, new_call, "nanmen", "check", late_days=12)
        _stop_at(staff, new_call, "changji", "supplement")
        _stop_at(staff, new_call, "yining", "score")
        _stop_at(staff, new_call, "gaoxin", "review")
        _stop_at(staff, new_call, "xishan", "approve")
        _stop_at(staff, new_call, "kashi_mall", "rejected")
        deadlines_refresh()
    return {"pilot_cases": PilotApplication.objects.count()}


def _staff() -> dict[str, User]:
    groups = roles_ensure_groups()
    bureaus = {b.code: b for b in Bureau.objects.all()}
    for username, family, given, code, role in USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"last_name": family, "first_name": given, "bureau": bureaus[code],
                      "email": f"{username}@amr.xinjiang.example"},
        )  # fmt: skip
        if created:
            from django.conf import settings

            user.set_password(settings.DEMO_PASSWORD)
            user.save()
        user.groups.set([groups[role]])
    return {user.username: user for user in User.objects.all()}


def _call(staff, year: int, title: str, number: str) -> PilotCall:
    today = local_today()
    return PilotCall.objects.create(
        title=title, year=year, doc_number=number, kinds=["district", "park", "street"],
        description="各地州市局结合实际择优推荐1至2个信用商圈、园区或街区，报送试点申报书、建设方案和资金预算。",
        opened_on=today - timedelta(days=20), deadline=today + timedelta(days=25),
        created_by=staff["region_leader"],
    )  # fmt: skip


def _apply(staff, call, key: str, start: date, end: date) -> PilotApplication:
    code, kind, name, area, km2, body, merchants, budget, plan, indicators = PILOTS[key]
    data = {
        "kind": kind, "name": name, "area": area, "area_km2": km2, "managing_body": body,
        "merchant_count": merchants, "plan": plan, "indicators": indicators, "budget": budget,
        "period_start": start, "period_end": end, "contact_name": str(staff[HANDLERS[code]]),
        "contact_phone": "0991-5550123",
    }  # fmt: skip
    return pilot_apply(call=call, bureau=Bureau.objects.get(code=code), data=data,
                       attachments=[], actor=staff[HANDLERS[code]])  # fmt: skip


def _do(case: Case, step: str, user: User, data: dict) -> None:
    complete_step(case, PilotFlow, step, user, data)


def _score(case, staff, sheets) -> None:
    names = ("foundation", "plan", "indicators", "budget", "timeline", "demonstration")
    for username, points in zip(PANEL, sheets, strict=False):
        _do(case, "score", staff[username], dict(zip(names, points, strict=True)))


def _through_review(staff, call, key, start, end, sheets=(GOOD, GOOD, FAIR)) -> PilotApplication:
    application = _apply(staff, call, key, start, end)
    case = application.case
    _do(case, "check", staff["region_handler"],
        {"result": "complete", "opinion": "申报材料齐全，符合申报通知要求",
         "scorers": [staff[u].pk for u in PANEL]})  # fmt: skip
    _score(case, staff, sheets)
    _do(
        case,
        "review",
        staff["region_head"],
        {"recommendation": "approve", "opinion": "方案可行，建议批复"},
    )
    return application


def _approved(staff, call, key, start, end) -> PilotApplication:
    application = _through_review(staff, call, key, start, end)
    _do(application.case, "approve", staff["region_leader"],
        {"decision": "approve", "opinion": "同意开展试点", "period_start": start.isoformat(),
         "period_end": end.isoformat()})  # fmt: skip
    application.refresh_from_db()
    return application


def _on_time(report: PilotReport) -> datetime:
    """A moment a few days before the report's last day (as if it came in then)."""
    return datetime.combine(report.deadline.due_date - timedelta(days=3), time(10), tzinfo=SHANGHAI)


def _submit_reports(application, staff, skip: str = "") -> None:
    user = staff[HANDLERS[application.case.bureau.code]]
    for report in application.pilot.reports.filter(status="due"):
        if report.period == skip or report.deadline.due_date >= local_today():
            continue
        data = ({"progress": f"{report.period}：新增建档商户86户，红黄绿分级公示完成，处理投诉12件。"}
                if report.kind == "quarterly" else
                {"results_list": "1.商户信用档案全覆盖；2.信用分级公示上墙；3.先行赔付机制运行。",
                 "summary": f"{report.period}年度试点建设总体进展顺利，各项指标按期推进。"})  # fmt: skip
        pilot_report_submit(report=report, data=data, actor=user, now=_on_time(report))


def _running_with_reports(
    staff, call, key, start, end, late: str = "", midterm: bool = True
) -> None:
    application = _approved(staff, call, key, start, end)
    _submit_reports(application, staff, skip=late)
    if midterm:
        _do(
            application.case,
            "midterm",
            staff["region_handler"],
            {"result": "pass", "findings": "建设进度符合方案，中期检查合格"},
        )
    _backdate(application, start - timedelta(days=40))


def _accepted(staff, call, key, start, end) -> None:
    application = _approved(staff, call, key, start, end)
    _submit_reports(application, staff)
    case = application.case
    _do(case, "midterm", staff["region_handler"], {"result": "pass", "findings": "中期检查合格"})
    _do(case, "self_assess", staff[HANDLERS[case.bureau.code]],
        {"assessment": "建设方案各项任务全部完成，游客投诉同比下降34%，先行赔付结案率97%。", "self_score": 93})  # fmt: skip
    _do(case, "onsite", staff["region_handler"],
        {"inspected_on": local_today().isoformat(), "inspectors": "赵婷、李建新、王慧",
         "findings": "现场抽查经营户40户，诚信承诺和信用公示到位，先行赔付台账完整。"})  # fmt: skip
    _do(case, "opinion", staff["region_leader"],
        {"result": "accepted", "opinion": "同意通过验收，作为自治区信用街区建设示范推广。"})  # fmt: skip
    _backdate(application, start - timedelta(days=40))


def _stop_at(staff, call, key: str, step: str, late_days: int = 0) -> None:
    start = date(local_today().year, 1, 1) + timedelta(days=365)
    end = start + timedelta(days=730)
    if step in ("check", "supplement"):
        application = _apply(staff, call, key, start, end)
        if step == "supplement":
            _do(application.case, "check", staff["region_handler"],
                {"result": "supplement", "opinion": "请补充园区管委会出具的资金配套承诺函和商户名册"})  # fmt: skip
        if late_days:
            _make_late(application.case, late_days)
        return
    if step == "score":
        application = _apply(staff, call, key, start, end)
        _do(application.case, "check", staff["region_handler"],
            {"result": "complete", "opinion": "申报材料齐全", "scorers": [staff[u].pk for u in PANEL]})  # fmt: skip
        _score(application.case, staff, (GOOD, FAIR))  # the third expert has not scored yet
        return
    if step == "rejected":
        application = _apply(staff, call, key, start, end)
        case = application.case
        _do(case, "check", staff["region_handler"],
            {"result": "complete", "opinion": "申报材料齐全", "scorers": [staff[u].pk for u in PANEL]})  # fmt: skip
        _score(case, staff, (WEAK, WEAK, FAIR))
        _do(
            case,
            "review",
            staff["region_head"],
            {
                "recommendation": "reject",
                "opinion": "专家评审平均分未达到60分，建设基础和指标体系较弱",
            },
        )
        return
    sheets = (GOOD, GOOD, WEAK) if step == "review" else (GOOD, FAIR, FAIR)
    application = _apply(staff, call, key, start, end)
    case = application.case
    _do(case, "check", staff["region_handler"],
        {"result": "complete", "opinion": "申报材料齐全", "scorers": [staff[u].pk for u in PANEL]})  # fmt: skip
    _score(case, staff, sheets)  # for "review": one expert's total is an outlier
    if step == "approve":
        _do(
            case,
            "review",
            staff["region_head"],
            {"recommendation": "approve", "opinion": "方案可行，建议批复"},
        )


def _make_late(case: Case, days: int) -> None:
    """The case arrived ``days`` days earlier: its deadlines and its application."""
    make_late(case, days)
    PilotApplication.objects.filter(case=case).update(
        received_on=local_today() - timedelta(days=days)
    )


def _backdate(application: PilotApplication, received_on: date) -> None:
    """Last year's case: received, decided and started when its pilot period began."""
    opened = datetime.combine(received_on, time(10), tzinfo=SHANGHAI)
    Case.objects.filter(pk=application.case_id).update(opened_at=opened)
    decided = received_on + timedelta(days=30)
    PilotApplication.objects.filter(pk=application.pk).update(
        received_on=received_on, decided_on=decided
    )
    Pilot.objects.filter(application=application).update(
        approved_on=decided, started_on=F("period_start")
    )


def _backdate_call(call: PilotCall, opened_on: date, deadline: date) -> None:
    PilotCall.objects.filter(pk=call.pk).update(opened_on=opened_on, deadline=deadline)

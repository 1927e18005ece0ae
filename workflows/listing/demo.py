"""Demo of serious-violation listing (seed_demo): the demo court and its referrals.

The ``court`` demo user is registered as 乌鲁木齐市中级人民法院 (code 650100-ZY);
three referrals arrive through the same intake as the API: one opens a case driven
to the subject's statement, one waits at registration, one waits for manual matching.
A penalty-case lead is driven to the upper level's approval (the regional leader's
queue). Two more penalty-case leads go all the way: a Beijing-registered carrier is
listed, published and pushed to its registration place; a listing whose penalty was
revoked is revoked. An abnormal listing (no annual report) stands, another is revoked
on an upheld objection. The daily job removes the serious listing of 2023. Each sends
its messages, delivered by the file channel.
"""

from django.db import transaction
from django.utils import timezone

from forms.validators import build_uscc
from workflows.core.demo_steps import complete_step
from workflows.core.models import Bureau, InboundCall, OutboundMessage, Subject, User
from workflows.core.services.inbound import inbound_call_record
from workflows.core.services.outbound import outbound_deliver
from workflows.core.services.subjects import subject_upsert
from workflows.listing.flows import AbnormalObjectionFlow, ListingFlow
from workflows.listing.models import AbnormalEntry, Court, CourtReferral, Lead, Listing
from workflows.listing.services import (
    lead_register,
    listing_revoke,
    listings_expire,
    referral_receive,
)
from workflows.listing.services.abnormal import (
    abnormal_list,
    abnormal_object,
    annual_report_period_end,
)

COURT = ("650100-ZY", "乌鲁木齐市中级人民法院")

# court case number, judgment number, judgment date, USCC (None: a code not registered),
# subject name, cause
REFERRALS = (
    ("（2026）新01刑初45号", "（2026）新01刑初45号刑事判决书", "2026-04-08",
     "乌鲁木齐天山雪莲商贸有限公司", "生产、销售不符合安全标准的食品罪，判决已生效"),
    ("（2026）新01民初318号", "（2026）新01民初318号民事判决书", "2026-06-19",
     "新疆丝路云创信息科技有限公司", "拒不履行生效判决确定的义务，被列为失信被执行人"),
    ("（2026）新01行初12号", "（2026）新01行初12号行政判决书", "2026-09-02",
     None, "虚假宣传，判决维持行政处罚决定"),
)  # fmt: skip


def seed() -> dict[str, int]:
    user = User.objects.filter(username="court").first()
    if user is None or CourtReferral.objects.exists():
        return {"court_referrals": CourtReferral.objects.count()}
    with transaction.atomic():
        court, _ = Court.objects.get_or_create(
            code=COURT[0],
            defaults={"name": COURT[1], "user": user, "bureau": Bureau.objects.get(code="650000")},
        )
        for number, judgment, day, name, cause in REFERRALS:
            subject = Subject.objects.filter(name=name).first() if name else None
            uscc = subject.uscc if subject else build_uscc("91", "650102", "MA7DEM99")
            data = {
                "court_code": court.code, "court_name": court.name, "court_case_number": number,
                "judgment_number": judgment, "judgment_date": day, "uscc": uscc,
                "subject_name": name or "乌鲁木齐某某广告有限公司", "cause": cause,
                "document": None,
            }  # fmt: skip
            referral_receive(data=data, channel=CourtReferral.Channel.API, actor=user, court=court)
            inbound_call_record(
                kind=InboundCall.Kind.COURT_REFERRALS, channel=InboundCall.Channel.API,
                client=user, rows=1, rejected=0,
            )  # fmt: skip
        _drive_first_case()
        _penalty_case_at_upper_level()
    # Outside the block: each step commits, so that its messages are delivered (eager
    # Celery) before the next step needs them (公示确认 waits for the publicity system).
    _published_listings()
    _abnormal_listings()
    listings_expire()  # the daily job: the Karamay listing of 2023 has run its three years
    return {"court_referrals": CourtReferral.objects.count()}


OUTSIDER = {
    "uscc": build_uscc("91", "110108", "MA01BJ7Q"), "name": "北京远途物流有限公司",
    "subject_type": Subject.Type.ENTERPRISE, "legal_rep": "刘志强",
    "reg_authority": "北京市海淀区市场监督管理局",
    "address": "乌鲁木齐市头屯河区维泰南路9号（经营场所）",
}  # fmt: skip


def _to_publication(reasons: str) -> tuple:
    return (
        ("statement", "handler", {"statement": "submitted", "statement_text": "对违法事实无异议",
                                  "hearing_requested": "waived"}),
        ("recheck", "handler", {"result": "maintain", "reasons": "陈述申辩未提出新的事实和理由"}),
        ("legal", "legal", {"opinion": "pass", "reasons": "事实清楚，证据确凿，程序合法"}),
        ("business", "section_head", {"result": "agree"}),
        ("upper", "region_leader", {"result": "approve"}),
        ("decide", "leader", {"decision": "list", "reasons": reasons}),
        ("serve_decision", "handler", {"served_on": "today", "method": "direct"}),
        ("publish", "handler", {"published_on": "today"}),
    )  # fmt: skip


def _published_listings() -> None:
    """A subject registered in Beijing, penalised in Ürümqi: its listing is pushed to
    the registration place (PEN-PUSH); another listing is revoked with its penalty."""
    region = Bureau.objects.get(code="650100")
    outsider, _ = subject_upsert(data=OUTSIDER | {"region": region}, actor=None)
    listing = _penalty_lead(
        outsider, "承运冷链食品途中擅自中断冷藏，造成食品变质后继续配送，已作出较重行政处罚",
        "乌市监处罚〔2026〕57号",
    )  # fmt: skip
    _drive(listing, _to_statement("heavy_fine", "当事人在冷链运输中擅自中断冷藏并继续配送变质食品")
           + _to_publication("危害食品安全，情节严重"))  # fmt: skip
    revoked = Subject.objects.filter(name="新疆丝路云创信息科技有限公司").first()
    if revoked is None:
        return
    listing = _penalty_lead(
        revoked, "以虚假宣传方式推销网络服务，已作出较重行政处罚", "乌市监处罚〔2026〕49号"
    )
    _drive(listing, _to_statement("heavy_fine", "当事人以虚假宣传方式推销网络服务")
           + _to_publication("虚假宣传，情节严重"))  # fmt: skip
    listing.refresh_from_db()
    listing_revoke(
        record=listing.credit_record, penalty_revoked_on=timezone.localdate(), actor=None,
        reasons="行政复议决定撤销乌市监处罚〔2026〕49号行政处罚决定",
    )  # fmt: skip


def _abnormal_listings() -> None:
    """No annual report for last year: listed after 30 June; one listing is objected to
    and the objection upheld (the report had been filed in time)."""
    today = timezone.localdate()
    year = today.year - 1 if today > annual_report_period_end(today.year - 1) else today.year - 2
    entries = []
    for name in ("昌吉庭州食品有限公司", "乌鲁木齐县板房沟镇牧歌农民专业合作社"):
        subject = Subject.objects.filter(name=name).first()
        if subject is not None:
            entries.append(abnormal_list(
                subject=subject, ground=AbnormalEntry.Ground.NO_ANNUAL_REPORT,
                fact_date=annual_report_period_end(year), report_year=year, actor=None,
            ))  # fmt: skip
    if len(entries) < 2:
        return
    objection = abnormal_object(
        entry=entries[1], actor=None,
        grounds="本社已于6月28日通过公示系统报送年度报告，附报送回执",
    )  # fmt: skip
    staff = {u.username: u for u in User.objects.filter(username__in=("clerk", "handler"))}
    if len(staff) < 2:
        return
    verified = "经核实，当事人已在公示期限内报送年度报告，系数据同步延误"
    case = objection.case
    complete_step(case, AbnormalObjectionFlow, "accept", staff["clerk"], {"decision": "accept"})
    complete_step(case, AbnormalObjectionFlow, "verify", staff["handler"],
                  {"result": "upheld", "reasons": verified})  # fmt: skip


def _drive_first_case() -> None:
    listing = Listing.objects.order_by("pk").first()
    if listing is not None:
        _drive(
            listing,
            _to_statement("court_judgment", "法院生效判决认定当事人销售不符合食品安全标准的食品"),
        )


def _penalty_case_at_upper_level() -> None:
    subject = Subject.objects.filter(name="新疆天润乳品营销有限公司").first()
    if subject is None:
        return
    summary = "销售超过保质期的乳制品，货值金额较大，已作出较重行政处罚"
    listing = _penalty_lead(subject, summary, "乌市监处罚〔2026〕31号")
    _drive(listing, _to_statement("heavy_fine", "当事人销售超过保质期的乳制品，货值金额较大") + (
        ("statement", "handler", {"statement": "submitted", "statement_text": "已全部召回",
                                  "hearing_requested": "waived"}),
        ("recheck", "handler", {"result": "maintain", "reasons": "召回不影响违法事实认定"}),
        ("legal", "legal", {"opinion": "pass", "reasons": "事实清楚，程序合法"}),
        ("business", "section_head", {"result": "agree"}),
    ))  # fmt: skip


def _penalty_lead(subject: Subject, summary: str, decision_no: str) -> Listing:
    """A lead from the penalty-case system (a heavier penalty, 较重行政处罚)."""
    return lead_register(
        source=Lead.Source.PENALTY_CASE,
        subject=subject,
        actor=None,
        summary=summary,
        penalty_decision_no=decision_no,
    )


def _today() -> str:
    return timezone.localdate().isoformat()


def _drive(listing: Listing, steps) -> None:
    staff = {u.username: u for u in User.objects.filter(bureau__code__in=("650100", "650000"))}
    for step, username, data in steps:
        data = {key: _today() if value == "today" else value for key, value in data.items()}
        if step == "publish":
            _publicity_receipt(listing)
        complete_step(listing.case, ListingFlow, step, staff[username], data)


def _publicity_receipt(listing: Listing) -> None:
    """The publicity system has the listing before 公示确认: in the embedded demo eager
    Celery delivered it at commit; with a worker (the suite), deliver it now."""
    queued = OutboundMessage.objects.filter(
        case=listing.case, target=OutboundMessage.Target.PUBLICITY,
        status=OutboundMessage.Status.PENDING,
    )  # fmt: skip
    for message_id in queued.values_list("pk", flat=True):
        outbound_deliver(message_id)


def _to_statement(penalty_type: str, facts: str) -> tuple:
    return (
        ("register", "handler", {"decision": "register"}),
        ("assess", "handler", {
            "intent": "intentional", "frequency": 1, "duration_days": 120,
            "penalty_type": penalty_type, "fine_amount": "150000", "confiscated_amount": "0",
            "goods_value": "62000", "health_harm": "yes", "property_loss": "0",
            "social_impact": "serious", "proposal": "list", "findings": f"{facts}，情节严重"}),
        ("notice", "section_head", {"facts": facts, "basis": "第五条"}),
        ("serve_notice", "handler", {"served_on": "today", "method": "direct"}),
    )  # fmt: skip

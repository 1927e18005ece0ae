"""Demo of serious-violation listing (seed_demo): the demo court and its referrals.

The ``court`` demo user is registered as 乌鲁木齐市中级人民法院 (code 650100-ZY);
three referrals arrive through the same intake as the API: one opens a case driven
to the subject's statement, one waits at registration, one waits for manual matching.
A penalty-case lead is driven to the upper level's approval (the regional leader's
queue).
"""

from django.db import transaction
from django.utils import timezone

from forms.validators import build_uscc
from workflows.core.models import Bureau, Subject, User
from workflows.core.services.tasks import task_claim, task_complete
from workflows.listing.flows import ListingFlow
from workflows.listing.models import Court, CourtReferral, Lead, Listing
from workflows.listing.services import lead_register, referral_receive

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
        _drive_first_case()
        _penalty_case_at_upper_level()
    return {"court_referrals": CourtReferral.objects.count()}


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
    listing = lead_register(
        source=Lead.Source.PENALTY_CASE, subject=subject, actor=None,
        summary="销售超过保质期的乳制品，货值金额较大，已作出较重行政处罚",
        penalty_decision_no="乌市监处罚〔2026〕31号",
    )  # fmt: skip
    _drive(listing, _to_statement("heavy_fine", "当事人销售超过保质期的乳制品，货值金额较大") + (
        ("statement", "handler", {"statement": "submitted", "statement_text": "已全部召回",
                                  "hearing_requested": "waived"}),
        ("recheck", "handler", {"result": "maintain", "reasons": "召回不影响违法事实认定"}),
        ("legal", "legal", {"opinion": "pass", "reasons": "事实清楚，程序合法"}),
        ("business", "section_head", {"result": "agree"}),
    ))  # fmt: skip


def _today() -> str:
    return timezone.localdate().isoformat()


def _drive(listing: Listing, steps) -> None:
    staff = {u.username: u for u in User.objects.filter(bureau__code="650100")}
    for step, username, data in steps:
        data = {key: _today() if value == "today" else value for key, value in data.items()}
        task = listing.case.process.task_set.get(
            flow_task=getattr(ListingFlow, step), finished__isnull=True
        )
        task_claim(task=task, user=staff[username])
        task_complete(task=task, user=staff[username], data=data)


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

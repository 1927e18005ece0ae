"""Demo of serious-violation listing (seed_demo): the demo court and its referrals.

The ``court`` demo user is registered as 乌鲁木齐市中级人民法院 (code 650100-ZY);
three referrals arrive through the same intake as the API: one opens a case driven
to the subject's statement, one waits at registration, one waits for manual matching.
"""

from django.db import transaction
from django.utils import timezone

from forms.validators import build_uscc
from workflows.core.models import Bureau, Subject, User
from workflows.core.services.tasks import task_claim, task_complete
from workflows.listing.flows import ListingFlow
from workflows.listing.models import Court, CourtReferral, Listing
from workflows.listing.services import referral_receive

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
    return {"court_referrals": CourtReferral.objects.count()}


def _drive_first_case() -> None:
    listing = Listing.objects.order_by("pk").first()
    if listing is None:
        return
    staff = {u.username: u for u in User.objects.filter(bureau__code="650100")}
    today = timezone.localdate().isoformat()
    steps = (
        ("register", "handler", {"decision": "register"}),
        ("assess", "handler", {
            "intent": "intentional", "frequency": 1, "duration_days": 120,
            "penalty_type": "court_judgment", "fine_amount": "150000", "confiscated_amount": "0",
            "goods_value": "62000", "health_harm": "yes", "property_loss": "0",
            "social_impact": "serious", "proposal": "list",
            "findings": "法院生效判决认定当事人销售不符合食品安全标准的食品，情节严重"}),
        ("notice", "section_head",
         {"facts": "当事人销售不符合食品安全标准的食品", "basis": "第五条"}),
        ("serve_notice", "handler", {"served_on": today, "method": "direct"}),
    )  # fmt: skip
    for step, username, data in steps:
        task = listing.case.process.task_set.get(
            flow_task=getattr(ListingFlow, step), finished__isnull=True
        )
        task_claim(task=task, user=staff[username])
        task_complete(task=task, user=staff[username], data=data)

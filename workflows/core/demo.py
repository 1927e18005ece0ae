"""Realistic Chinese demo data: staff of every role, and subjects with valid USCCs
imported from a registration export.

Each procedure adds its own cases to the demo in its own module; ``seed_demo``
calls them in order. Everything here is idempotent.
"""

import csv
import io
from datetime import date

from django.conf import settings
from django.db import transaction
from rest_framework.authtoken.models import Token

from forms.validators import build_uscc
from workflows.core.demo_data import DEMO_CREDIT_RECORDS, DEMO_SUBJECTS
from workflows.core.models import Bureau, CreditRecord, Subject, User
from workflows.core.roles import Role
from workflows.core.services.credit_records import credit_record_create
from workflows.core.services.roles import roles_ensure_groups
from workflows.core.services.subjects import subject_upsert, subjects_import

# username, family name, given name, bureau code, role (None for the superuser)
DEMO_USERS: tuple[tuple[str, str, str, str, Role | None], ...] = (
    ("admin", "系统", "管理员", "650000", None),
    ("clerk", "李", "娜", "650100", Role.CLERK),
    ("handler", "王", "磊", "650100", Role.HANDLER),
    ("section_head", "张", "建华", "650100", Role.SECTION_HEAD),
    ("legal", "刘", "敏", "650100", Role.LEGAL),
    ("leader", "陈", "志强", "650100", Role.LEADER),
    ("handler_kashgar", "艾", "力江", "653100", Role.HANDLER),
    ("clerk_kashgar", "热", "娜", "653100", Role.CLERK),
    ("region_handler", "赵", "婷", "650000", Role.HANDLER),
    ("region_leader", "马", "国庆", "650000", Role.LEADER),
    ("supervisor", "孙", "丽", "650000", Role.SUPERVISOR),
    ("auditor", "周", "明", "650000", Role.AUDITOR),
    ("court", "乌鲁木齐市中级人民法院", "", "650000", Role.COURT),
    ("online", "新疆政务服务网", "", "650000", Role.ONLINE),
    ("registration", "经营主体登记系统", "", "650000", Role.REGISTRATION),
)


@transaction.atomic
def seed_core(password: str | None = None) -> dict[str, int]:
    """Role groups, the demo staff (each bound to a bureau) and demo subjects."""
    password = password or settings.DEMO_PASSWORD
    groups = roles_ensure_groups()
    bureaus = {b.code: b for b in Bureau.objects.all()}
    for username, family, given, bureau_code, role in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"last_name": family, "first_name": given, "bureau": bureaus[bureau_code]},
        )
        if created:
            user.set_password(password)
        user.is_superuser = user.is_staff = role is None
        user.email = f"{username}@amr.xinjiang.example"
        user.save()
        user.groups.set([groups[role]] if role else [])
        if role == Role.COURT:
            _ensure_court_token(user)
        elif role in (Role.ONLINE, Role.REGISTRATION):
            Token.objects.get_or_create(user=user)
    report = subjects_import(source=_registration_export(bureaus))
    if report.rejected or report.warnings:
        raise ValueError(f"the demo's registration export does not import cleanly: {report}")
    for prefix, county, body, *_rest in DEMO_SUBJECTS:  # the class comes from assessments
        uscc = build_uscc(prefix, county, body)
        subject_upsert(data={"uscc": uscc, "risk_class": "A" if prefix == "91" else "B"})
    records = _seed_credit_records(bureaus)
    return {"users": len(DEMO_USERS), "subjects": len(DEMO_SUBJECTS), "credit_records": records}


#: How the registration system names the legal form of the demo's subjects.
_REGISTERED_AS = {
    "91": "有限责任公司（自然人投资或控股）",
    "92": "个体工商户",
    "93": "农民专业合作社",
}


def _registration_export(bureaus: dict[str, Bureau]) -> bytes:
    """The demo subjects as the registration system exports them: a GBK CSV in its own
    words, imported through the same service as the import page and command."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["统一社会信用代码", "名称", "法定代表人", "主体类型", "所属地区代码",
                     "登记状态", "成立日期", "登记机关", "住所"])  # fmt: skip
    for n, (prefix, county, body, name, legal_rep, code, address) in enumerate(DEMO_SUBJECTS):
        established = date(2008 + n % 15, 1 + n % 12, 1 + n % 27)
        writer.writerow([build_uscc(prefix, county, body), name, legal_rep,
                         _REGISTERED_AS[prefix], code, "存续", established.isoformat(),
                         bureaus[code].name, address])  # fmt: skip
    return buffer.getvalue().encode("gbk")


def _seed_credit_records(bureaus: dict[str, Bureau]) -> int:
    subjects = {
        s.name: s for s in Subject.objects.filter(name__in=[r[0] for r in DEMO_CREDIT_RECORDS])
    }
    for name, kind, listed_on, penalty_class, decision_no, reason in DEMO_CREDIT_RECORDS:
        subject, listed = subjects[name], date.fromisoformat(listed_on)
        if CreditRecord.objects.filter(subject=subject, kind=kind, listed_on=listed).exists():
            continue
        credit_record_create(
            subject=subject, kind=kind, reason=reason, listed_on=listed,
            deciding_bureau=subject.region, actor=None, decision_no=decision_no,
            penalty_class=penalty_class, legal_basis=_BASIS[kind],
        )  # fmt: skip
    return len(DEMO_CREDIT_RECORDS)


_BASIS = {
    "abnormal_list": "《企业经营异常名录管理暂行办法》",
    "individual_abnormal": "《个体工商户年度报告暂行办法》",
    "serious_list": "《市场监督管理严重违法失信名单管理办法》",
    "penalty": "《市场监督管理行政处罚信息公示规定》",
    "false_pledge": "《经营主体信用承诺实施指南》",
}


def _ensure_court_token(user: User) -> None:
    key = settings.DEMO_COURT_TOKEN
    if key:
        Token.objects.filter(user=user).exclude(key=key).delete()
        Token.objects.get_or_create(user=user, key=key)
    else:
        Token.objects.get_or_create(user=user)

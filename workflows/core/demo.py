"""Realistic Chinese demo data: staff of every role and subjects with valid USCCs.

Each procedure adds its own cases to the demo in its own module; ``seed_demo``
calls them in order. Everything here is idempotent.
"""

from django.conf import settings
from django.db import transaction
from rest_framework.authtoken.models import Token

from forms.validators import build_uscc
from workflows.core.models import Bureau, Subject, User
from workflows.core.roles import Role
from workflows.core.services.roles import roles_ensure_groups

# username, family name, given name, bureau code, role (None for the superuser)
DEMO_USERS: tuple[tuple[str, str, str, str, Role | None], ...] = (
    ("admin", "系统", "管理员", "650000", None),
    ("clerk", "李", "娜", "650100", Role.CLERK),
    ("handler", "王", "磊", "650100", Role.HANDLER),
    ("section_head", "张", "建华", "650100", Role.SECTION_HEAD),
    ("legal", "刘", "敏", "650100", Role.LEGAL),
    ("leader", "陈", "志强", "650100", Role.LEADER),
    ("handler_kashgar", "艾", "力江", "653100", Role.HANDLER),
    ("region_handler", "赵", "婷", "650000", Role.HANDLER),
    ("region_leader", "马", "国庆", "650000", Role.LEADER),
    ("supervisor", "孙", "丽", "650000", Role.SUPERVISOR),
    ("auditor", "周", "明", "650000", Role.AUDITOR),
    ("court", "乌鲁木齐市中级人民法院", "", "650000", Role.COURT),
)

# USCC prefix, county region code, organisation-code body, name, legal rep, bureau, address
DEMO_SUBJECTS: tuple[tuple[str, str, str, str, str, str, str], ...] = (
    (
        "91",
        "650102",
        "MA7XK3Q1",
        "乌鲁木齐天山雪莲商贸有限公司",
        "阿不都热合曼",
        "650100",
        "乌鲁木齐市天山区解放北路88号",
    ),
    (
        "91",
        "650104",
        "MA78HN2C",
        "新疆丝路云创信息科技有限公司",
        "王建国",
        "650100",
        "乌鲁木齐市新市区北京南路358号",
    ),
    (
        "92",
        "650103",
        "L21K8M4P",
        "沙依巴克区古丽烤馕店",
        "古丽娜尔·买买提",
        "650100",
        "乌鲁木齐市沙依巴克区友好南路12号",
    ),
    (
        "91",
        "650105",
        "MA79R1TE",
        "新疆天润乳品营销有限公司",
        "李红梅",
        "650100",
        "乌鲁木齐市水磨沟区南湖东路66号",
    ),
    (
        "93",
        "650121",
        "MA7A0W5B",
        "乌鲁木齐县板房沟镇牧歌农民专业合作社",
        "努尔兰",
        "650100",
        "乌鲁木齐县板房沟镇东湾村",
    ),
    (
        "91",
        "653101",
        "MA7C5GJ2",
        "喀什古城文化旅游发展有限公司",
        "买买提江·吐尔逊",
        "653100",
        "喀什市吾斯塘博依路201号",
    ),
    (
        "92",
        "653101",
        "L3A6D9K8",
        "喀什市阿依古丽干果店",
        "阿依古丽·艾山",
        "653100",
        "喀什市人民东路45号",
    ),
    (
        "91",
        "654002",
        "MA775PLX",
        "伊犁薰衣草花海农业开发有限公司",
        "赵文斌",
        "654000",
        "伊宁市新华西路17号",
    ),
    (
        "91",
        "650202",
        "MA79D0E4",
        "克拉玛依油城石化设备有限公司",
        "周海涛",
        "650200",
        "克拉玛依市独山子区大庆东路5号",
    ),
    ("91", "652301", "MA78M6W0", "昌吉庭州食品有限公司", "杨晓燕", "652300", "昌吉市延安北路103号"),
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
    for prefix, county, body, name, legal_rep, bureau_code, address in DEMO_SUBJECTS:
        uscc = build_uscc(prefix, county, body)
        Subject.objects.update_or_create(
            uscc=uscc,
            defaults={
                "name": name,
                "subject_type": Subject.type_from_uscc(uscc),
                "legal_rep": legal_rep,
                "reg_authority": bureaus[bureau_code].name,
                "region": bureaus[bureau_code],
                "address": address,
                "risk_class": "A" if prefix == "91" else "B",
            },
        )
    return {"users": len(DEMO_USERS), "subjects": len(DEMO_SUBJECTS)}


def _ensure_court_token(user: User) -> None:
    key = settings.DEMO_COURT_TOKEN
    if key:
        Token.objects.filter(user=user).exclude(key=key).delete()
        Token.objects.get_or_create(user=user, key=key)
    else:
        Token.objects.get_or_create(user=user)

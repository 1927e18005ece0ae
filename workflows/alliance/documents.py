"""The documents of the credit alliance (DOMAIN.md §6.3), issued with their 文号.

Forms (推荐表, 审核意见表), the public-notice list and the certificate have their own
templates under ``templates/alliance/pdf/``; letters use the core's generic template.
"""

from django.utils import translation

from workflows.alliance.models import Admission, Membership, MembershipReview
from workflows.core.models import Bureau, Case, CaseDocument, User
from workflows.core.regions import REGIONAL_BUREAU_CODE
from workflows.core.services.documents import (
    DEFAULT_TEMPLATE,
    document_issue,
    document_reissue,
)
from workflows.core.workdays import document_date_note

FORM = "alliance/pdf/form.html"

# kind: (title, 文号 word, template)
DOCUMENTS = {
    "alliance.screening_notice": ("企业信用同盟入盟资格筛查结果告知书", "同盟筛", DEFAULT_TEMPLATE),
    "alliance.recommendation": ("企业信用同盟入盟推荐表", "同盟荐", FORM),
    "alliance.review_opinion": ("企业信用同盟入盟审核意见表", "同盟审", FORM),
    "alliance.notice_list": (
        "企业信用同盟拟入盟企业名单公示",
        "同盟公示",
        "alliance/pdf/notice_list.html",
    ),
    "alliance.admission_decision": ("企业信用同盟入盟决定书", "同盟决", DEFAULT_TEMPLATE),
    "alliance.certificate": ("企业信用同盟成员证书", "同盟证", "alliance/pdf/certificate.html"),
    "alliance.not_admitted": ("企业信用同盟不予入盟通知书", "同盟不予", DEFAULT_TEMPLATE),
    "alliance.expulsion_notice": ("企业信用同盟拟除名告知书", "同盟除告", DEFAULT_TEMPLATE),
    "alliance.expulsion_decision": ("企业信用同盟除名决定书", "同盟除", DEFAULT_TEMPLATE),
    "alliance.withdrawal": ("企业信用同盟退盟确认书", "同盟退", DEFAULT_TEMPLATE),
}

BASIS = "《自治区市场监管系统深化信用提升助力经营主体高质量发展三年行动实施方案（2024—2026）》"


def _who(subject) -> str:
    return f"{subject.name}（统一社会信用代码：{subject.uscc}）"


def _screening_rows(admission: Admission) -> list[list[str]]:
    return [
        [item.title, "符合" if item.passed else "不符合", item.reason or "—"]
        for item in admission.screening.all()
    ]


def _subject_rows(admission: Admission) -> list[list[str]]:
    subject = admission.case.subject
    return [
        ["企业名称", subject.name],
        ["统一社会信用代码", subject.uscc],
        ["法定代表人", subject.legal_rep],
        ["住所", subject.address or "—"],
        ["成立日期", f"{admission.established_on:%Y年%m月%d日}"],
        ["信用风险分类", subject.risk_class or "未分类"],
        ["入盟途径", str(admission.get_channel_display())],
        ["联系人及电话", f"{admission.contact_name} {admission.contact_phone}".strip()],
    ]


def _admission_context(kind: str, admission: Admission, extra: dict) -> dict:
    subject = admission.case.subject
    who = _who(subject)
    if kind == "alliance.screening_notice":
        failed = [f"{i.title}：{i.reason}" for i in admission.screening.all() if not i.passed]
        return {
            "addressee": subject.name,
            "paragraphs": [
                f"{who}于{admission.received_on:%Y年%m月%d日}被推荐（申请）加入企业信用同盟。"
                "经系统按入盟条件自动筛查，下列条件不符合，本次不予推荐：",
                *[f"{n}. {line}" for n, line in enumerate(failed, start=1)],
                "上述情形消除后，可以重新申请或者由所在地州市市场监管局重新推荐。",
            ],
        }
    if kind == "alliance.recommendation":
        return {
            "rows": _subject_rows(admission),
            "sections": [["推荐理由", admission.statement]],
            "items": _screening_rows(admission),
            "opinions": [
                ["地州市局审核意见", admission.prefecture_findings or "—"],
                [
                    "实地核查日期",
                    f"{admission.site_visit_on:%Y年%m月%d日}"
                    if admission.site_visit_on
                    else "未实地核查",
                ],
                ["科室负责人意见", extra.get("signoff", "同意推荐")],
            ],
        }
    if kind == "alliance.review_opinion":
        scores = [[s["name"], str(s["score"])] for s in admission.expert_scores]
        opinions = [
            ["审核结论", extra.get("conclusion", "")],
            ["审核意见", extra.get("opinion", "")],
        ]
        if admission.expert_average is not None:
            opinions.append(["专家评审平均分", f"{admission.expert_average}"])
        return {
            "rows": _subject_rows(admission),
            "items": _screening_rows(admission),
            "scores": scores,
            "opinions": opinions,
        }
    if kind == "alliance.notice_list":
        return {
            "paragraphs": [
                f"根据{BASIS}，经企业申请或地州市市场监管局推荐、资格筛查和逐级审核，"
                "下列企业拟加入企业信用同盟，现予公示。",
                f"公示期：{admission.notice_from:%Y年%m月%d日}至{admission.notice_until:%Y年%m月%d日}"
                "（5个工作日）。公示期间，任何单位和个人对拟入盟企业有异议的，可通过新疆政务服务网"
                "或者书面、电话方式向自治区市场监督管理局信用监督管理处反映，并提供必要的证据材料。"
                + document_date_note(admission.notice_from, admission.notice_until),
            ],
            "candidates": extra["candidates"],
        }
    if kind == "alliance.admission_decision":
        return {
            "addressee": subject.name,
            "paragraphs": [
                f"{who}：经企业申请（推荐）、资格筛查、地州市局审核、自治区局审核和公示，"
                f"公示期内{extra.get('objections', '无异议')}。",
                f"根据{BASIS}，经研究，决定接纳你单位为企业信用同盟成员，成员证书编号"
                f"{admission.membership.certificate_no}。",
                "入盟后，你单位在“双随机、一公开”监管中适用较低抽查比例，享受登记注册绿色通道和"
                "告知承诺容缺受理优先等激励措施。请严格履行信用承诺；出现严重失信行为的，将依程序除名。",
            ],
        }
    if kind == "alliance.certificate":
        membership = admission.membership
        return {
            "subject_name": subject.name,
            "uscc": subject.uscc,
            "certificate_no": membership.certificate_no,
            "admitted_on": f"{membership.admitted_at:%Y年%m月%d日}",
        }
    if kind == "alliance.not_admitted":
        return {
            "addressee": subject.name,
            "paragraphs": [
                f"{who}于{admission.received_on:%Y年%m月%d日}被推荐（申请）加入企业信用同盟。",
                f"经审核，{extra.get('reasons', '')}，决定不予入盟。",
            ],
        }
    raise KeyError(kind)


def _review_context(kind: str, review: MembershipReview, extra: dict) -> dict:
    subject = review.case.subject
    who = _who(subject)
    if kind == "alliance.expulsion_notice":
        return {
            "addressee": subject.name,
            "paragraphs": [
                f"{who}：经核查，{review.findings}",
                f"根据{BASIS}，本局拟将你单位从企业信用同盟除名，撤销成员资格并停止适用成员激励措施。",
                "你单位有权进行陈述、申辩。请于收到本告知书之日起五个工作日内提出陈述、申辩意见；"
                "逾期未提出的，视为放弃陈述、申辩的权利。",
            ],
        }
    if kind == "alliance.expulsion_decision":
        statement = (
            f"你单位提出陈述、申辩：{review.statement_text}。经复核，陈述、申辩理由不成立。"
            if review.statement == "submitted"
            else "你单位在规定期限内未提出陈述、申辩。"
        )
        return {
            "addressee": subject.name,
            "paragraphs": [
                f"{who}：经核查，{review.findings}",
                f"本局已于{review.notice_served_on:%Y年%m月%d日}送达拟除名告知书。{statement}",
                f"根据{BASIS}，本局决定将你单位从企业信用同盟除名，收回成员证书"
                f"（{review.membership.certificate_no}），自本决定作出之日起停止适用成员激励措施，"
                "并予以公告。",
                f"理由：{review.decision_reasons}" if review.decision_reasons else "",
            ],
        }
    raise KeyError(kind)


def _withdrawal_context(membership: Membership, reason: str) -> dict:
    subject = membership.subject
    return {"addressee": subject.name, "paragraphs": [
        f"{_who(subject)}：你单位申请退出企业信用同盟，理由：{reason}。",
        f"经审核，同意你单位退出企业信用同盟，成员证书（{membership.certificate_no}）自"
        f"{membership.ended_on:%Y年%m月%d日}起失效，不再适用成员激励措施。",
    ]}  # fmt: skip


@translation.override("zh-hans")  # an official document is Chinese whoever acts
def alliance_document_issue(
    *,
    kind: str,
    actor: User | None,
    admission: Admission | None = None,
    review: MembershipReview | None = None,
    membership: Membership | None = None,
    case: Case | None = None,
    **extra,
) -> CaseDocument:
    """Issue (or, when the case already has one, re-issue) an alliance document: of an
    admission, of a review, or of a membership's own ``case`` (withdrawal)."""
    title, word, template = DOCUMENTS[kind]
    if admission is not None:
        case = admission.case
        context = _admission_context(kind, admission, extra)
    elif review is not None:
        case = review.case
        context = _review_context(kind, review, extra)
    else:
        context = _withdrawal_context(membership, extra["reason"])
    issuer = Bureau.objects.get(code=REGIONAL_BUREAU_CODE) if kind in REGIONAL else case.bureau
    context = {"issuer": issuer.name, **context}
    if "paragraphs" in context:
        context["paragraphs"] = [p for p in context["paragraphs"] if p]
    existing = (
        CaseDocument.objects.filter(case=case, kind=kind, superseded_by__isnull=True)
        .order_by("-version")
        .first()
    )
    if existing is not None:
        return document_reissue(document=existing, actor=actor, context=context, reason=title)
    return document_issue(
        case=case,
        kind=kind,
        title=title,
        number_word=word,
        context=context,
        actor=actor,
        template_name=template,
        issuing_bureau=issuer,
    )


#: Documents the regional bureau issues (the alliance is run by XJ-AMR), with its 文号.
REGIONAL = frozenset(
    {
        "alliance.review_opinion",
        "alliance.notice_list",
        "alliance.admission_decision",
        "alliance.certificate",
        "alliance.not_admitted",
        "alliance.expulsion_decision",
        "alliance.withdrawal",
    }
)

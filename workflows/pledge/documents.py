"""The official documents of pledge verification (DOMAIN.md §5.3), with their 文号."""

from workflows.core.models import CaseDocument, User
from workflows.core.services.documents import DEFAULT_TEMPLATE, document_issue
from workflows.pledge.models import Measure, Verification

# kind: (title, 文号 word, template)
DOCUMENTS = {
    "pledge.verification_notice": ("信用承诺核查通知书", "承诺核通", DEFAULT_TEMPLATE),
    "pledge.verification_record": ("信用承诺核查记录", "承诺核记", "pledge/pdf/record.html"),
    "pledge.finding_notice": ("不实承诺认定告知书", "承诺告", DEFAULT_TEMPLATE),
    "pledge.decision": ("不实承诺认定决定书", "承诺定", DEFAULT_TEMPLATE),
    "pledge.licence_revocation": ("撤销行政许可决定书", "撤许", DEFAULT_TEMPLATE),
    "pledge.penalty_referral": ("案件移送函", "承诺移", DEFAULT_TEMPLATE),
}

REMEDY = (
    "如不服本决定，可以自收到本文书之日起六十日内依法申请行政复议，"
    "或者在六个月内依法向人民法院提起行政诉讼。"
)
BASIS = "《经营主体信用承诺实施指南》及告知承诺制有关规定"


#: Official documents are always in Chinese, whatever language the issuing user reads.
TYPE_WORDS = {
    "licensing": "告知承诺", "deficiency": "承诺容缺", "repair": "信用修复承诺",
    "voluntary": "主动型信用承诺", "sector": "行业自律承诺",
}  # fmt: skip
METHOD_WORDS = {
    "written": "书面核查", "online": "网络核查", "on_site": "现场核查", "public_notice": "公示核查",
}  # fmt: skip
RESULT_WORDS = {"fulfilled": "承诺属实，已履行", "not_fulfilled": "未履行承诺", "false": "承诺不实"}


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in "。！？；" else f"{text}。"


def _day(value) -> str:
    return f"{value:%Y年%m月%d日}" if value else ""


def _pledge_line(verification: Verification) -> str:
    pledge = verification.pledge
    matter = f"（{pledge.matter}）" if pledge.matter else ""
    return (
        f"你单位于{_day(pledge.pledged_on)}作出的{TYPE_WORDS[pledge.pledge_type]}{matter}，"
        f"承诺内容：{pledge.content}"
    )


def _measures_text(verification: Verification) -> list[str]:
    texts = {
        Measure.RECTIFICATION: f"责令你单位于{_day(verification.rectify_by)}前改正",
        Measure.REVOKE_LICENCE: "撤销依据该承诺作出的行政许可（"
        + (verification.pledge.licence_no or verification.pledge.matter)
        + "）",
        Measure.PENALTY_REFERRAL: "将涉嫌违法线索移送办案机构依法立案查处",
    }
    return [texts[m] for m in verification.measures if m in texts]


def _paragraphs(kind: str, verification: Verification, extra: dict) -> list[str]:
    subject = verification.case.subject
    who = f"{subject.name}（统一社会信用代码：{subject.uscc}）"
    pledge = verification.pledge
    texts = {  # built lazily: only the issued kind's data exists yet
        "pledge.verification_notice": lambda: [
            f"{who}：{_pledge_line(verification)}。",
            f"依据{BASIS}，本局定于{_day(verification.planned_on)}以"
            f"{METHOD_WORDS[verification.method]}方式对上述承诺的履行情况进行核查，请予以配合，"
            "并如实提供相关材料。",
        ],
        "pledge.finding_notice": lambda: [
            f"{who}：{_pledge_line(verification)}。",
            f"经{_day(verification.verified_on)}核查，{_sentence(verification.findings)}",
            "本局拟认定你单位作出不实承诺，并依法记入信用记录；认定后，在信用修复前你单位不得适用"
            "告知承诺、承诺容缺等承诺制办理事项。",
            "你单位有权进行陈述、申辩。请于收到本告知书之日起五个工作日内提出；逾期视为放弃。",
        ],
        "pledge.decision": lambda: [
            f"{who}：{_pledge_line(verification)}。",
            f"经核查，{_sentence(verification.findings)}{_sentence(extra.get('reasons', ''))}",
            f"依据{BASIS}，本局认定你单位作出不实承诺，"
            + "；".join(["记入你单位信用记录并依法公示", *_measures_text(verification)])
            + "。",
            "在不实承诺信用记录修复前，你单位不得适用告知承诺、承诺容缺等承诺制办理事项。"
            "自认定之日起满三个月且已完成整改的，可以申请信用修复。",
            REMEDY,
        ],
        "pledge.licence_revocation": lambda: [
            f"{who}：你单位以告知承诺方式取得的行政许可（{pledge.matter or pledge.licence_no}，"
            f"许可证编号：{pledge.licence_no}），经核查承诺内容与实际情况不符。",
            "依据《中华人民共和国行政许可法》第六十九条及告知承诺制有关规定，本局决定撤销该行政许可。",
            REMEDY,
        ],
        "pledge.penalty_referral": lambda: [
            f"本局在信用承诺核查中发现{who}涉嫌提供虚假承诺取得行政许可或者享受便利措施，"
            f"相关事实：{_sentence(verification.findings)}",
            "现将该线索及核查记录、不实承诺认定决定书移送你机构，请依法调查处理，并将处理结果反馈本局。",
        ],
    }
    return texts[kind]()


def pledge_document_issue(
    *, verification: Verification, kind: str, actor: User | None, **extra
) -> CaseDocument:
    title, word, template = DOCUMENTS[kind]
    case = verification.case
    if kind == "pledge.verification_record":
        context = _record_context(verification)
    else:
        addressee = "办案机构" if kind == "pledge.penalty_referral" else case.subject.name
        context = {"addressee": addressee, "paragraphs": _paragraphs(kind, verification, extra)}
    context["issuer"] = case.bureau.name
    return document_issue(
        case=case, kind=kind, title=title, number_word=word, context=context, actor=actor,
        template_name=template,
    )  # fmt: skip


def _record_context(verification: Verification) -> dict:
    """The 核查记录 is a form: rows of label and value (``pledge/pdf/record.html``)."""
    pledge, subject = verification.pledge, verification.case.subject
    return {
        "rows": [
            ("被核查主体", f"{subject.name}（{subject.uscc}）"),
            ("承诺类型", TYPE_WORDS[pledge.pledge_type]),
            ("承诺事项", pledge.matter or "—"),
            ("承诺内容", pledge.content),
            ("承诺日期", _day(pledge.pledged_on)),
            ("核查方式", METHOD_WORDS[verification.method]),
            ("核查日期", _day(verification.verified_on)),
            ("核查情况", verification.findings),
            ("证据材料", verification.evidence),
            ("核查结论", RESULT_WORDS[verification.result]),
        ],
    }

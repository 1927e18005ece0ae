"""The official documents of serious-violation listing (DOMAIN.md §4.4), with their 文号."""

from django.utils import translation

from workflows.core.models import CaseDocument, User
from workflows.core.services.documents import document_issue, document_reissue
from workflows.listing.models import Listing

# kind: (title, 文号 word)
DOCUMENTS = {
    "listing.lead_receipt": ("法院线索推送接收单", "失信线索"),
    "listing.prelist_notice": ("列入严重违法失信名单告知书", "失信告"),
    "listing.hearing_notice": ("听证通知书", "失信听"),
    "listing.decision": ("列入严重违法失信名单决定书", "失信列"),
    "listing.removal": ("移出严重违法失信名单决定书", "失信移"),
    "listing.revocation": ("撤销列入严重违法失信名单决定书", "失信撤"),
}

REMEDY = (
    "如不服本决定，可以自收到本文书之日起六十日内依法申请行政复议，"
    "或者在六个月内依法向人民法院提起行政诉讼。"
)
BASIS = "《市场监督管理严重违法失信名单管理办法》"


def _paragraphs(kind: str, listing: Listing, extra: dict) -> list[str]:
    subject = listing.case.subject
    who = f"{subject.name}（统一社会信用代码：{subject.uscc}，法定代表人：{subject.legal_rep}）"
    lead = listing.lead
    record = listing.credit_record
    texts = {  # built lazily: only the issued kind's data exists yet
        "listing.lead_receipt": lambda: [
            f"来源：{lead.get_source_display()}。当事人：{who}。",
            f"线索摘要：{lead.summary}",
        ],
        "listing.prelist_notice": lambda: [
            f"{who}：经查，{extra.get('facts', '')}",
            f"依据{BASIS}{extra.get('basis', '')}，本局拟将你单位列入严重违法失信名单。",
            "你单位有权进行陈述、申辩，并有权要求举行听证。请于收到本告知书之日起五个工作日内"
            "提出陈述、申辩意见或者听证申请；逾期视为放弃上述权利。",
        ],
        "listing.hearing_notice": lambda: [
            f"{who}：根据你单位的申请，本局定于{extra.get('hearing_date', '')}在"
            f"{extra.get('place', '')}举行听证，听证主持人：{extra.get('officer', '')}。",
            "请准时出席；无正当理由拒不出席的，视为放弃听证权利。",
        ],
        "listing.decision": lambda: [
            f"{who}：{extra.get('reasons', '')}",
            f"依据{BASIS}，本局决定将你单位列入严重违法失信名单，列入日期"
            f"{listing.decided_on:%Y年%m月%d日}，列入期限三年"
            "（实施限制开展生产经营活动、责令关闭、限制从业等措施的期限长于三年的，为实际限制期限）。"
            "列入期间，你单位将被列为重点监管对象，不适用告知承诺制，不得参加评先评优，"
            "相关信息通过国家企业信用信息公示系统公示，并推送有关部门实施联合惩戒。",
            "期满自动移出；列入满一年且符合条件的，可以申请提前移出。",
            REMEDY,
        ],
        "listing.removal": lambda: [
            f"{who}：你单位列入严重违法失信名单的期限已届满"
            + (f"（列入决定书{record.decision_no}）" if record and record.decision_no else "")
            + f"。依据{BASIS}，本局决定将你单位移出严重违法失信名单，停止公示相关信息。",
        ],
        "listing.revocation": lambda: [
            f"{who}：{extra.get('reasons', '')}",
            f"依据{BASIS}第十九条，本局决定撤销列入严重违法失信名单决定，停止公示相关信息，"
            "并解除相应管理措施。",
        ],
    }
    return texts[kind]()


@translation.override("zh-hans")  # an official document is Chinese whoever acts
def listing_document_issue(
    *, listing: Listing, kind: str, actor: User | None, **extra
) -> CaseDocument:
    """Issue (or, when the case already has one, re-issue) a listing document."""
    title, word = DOCUMENTS[kind]
    case = listing.case
    context = {
        "addressee": case.subject.name,
        "paragraphs": _paragraphs(kind, listing, extra),
        "issuer": case.bureau.name,
    }
    existing = (
        CaseDocument.objects.filter(case=case, kind=kind, superseded_by__isnull=True)
        .order_by("-version")
        .first()
    )
    if existing is not None:
        return document_reissue(document=existing, actor=actor, context=context, reason=title)
    return document_issue(
        case=case, kind=kind, title=title, number_word=word, context=context, actor=actor
    )

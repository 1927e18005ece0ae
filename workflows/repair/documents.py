"""The official documents of credit repair (DOMAIN.md §3.5), issued with their 文号."""

from django.utils import timezone, translation

from workflows.core.models import CaseDocument, User
from workflows.core.services.documents import document_issue, document_reissue
from workflows.repair.models import RepairApplication

# kind: (title, 文号 word)
DOCUMENTS = {
    "repair.accept_notice": ("信用修复申请受理通知书", "信修受"),
    "repair.not_accept_notice": ("信用修复申请不予受理通知书", "信修不受"),
    "repair.supplement_notice": ("信用修复申请补正材料通知书", "信修补"),
    "repair.grant_decision": ("准予信用修复决定书", "信修准"),
    "repair.refuse_decision": ("不予信用修复决定书", "信修不准"),
    "repair.abnormal_removal": ("移出经营异常名录决定书", "移出异常"),
    "repair.revocation": ("撤销信用修复决定书", "信修撤"),
}

REMEDY = (
    "如不服本决定，可以自收到本文书之日起六十日内依法申请行政复议，"
    "或者在六个月内依法向人民法院提起行政诉讼。"
)


def _record_line(application: RepairApplication) -> str:
    record = application.credit_record
    number = f"（{record.decision_no}）" if record.decision_no else ""
    return (
        f"{record.get_kind_display()}{number}，列入（公示）日期{record.listed_on:%Y年%m月%d日}，"
        f"事由：{record.reason}"
    )


def _paragraphs(kind: str, application: RepairApplication, reasons: str) -> list[str]:
    subject = application.credit_record.subject
    received = f"{application.received_on:%Y年%m月%d日}"
    who = f"{subject.name}（统一社会信用代码：{subject.uscc}）"
    record = _record_line(application)
    basis = "依据《市场监督管理信用修复管理办法》"
    decided = application.decided_on or timezone.localdate()
    texts = {
        "repair.accept_notice": [
            f"{who}：你单位于{received}提交的信用修复申请（{application.get_kind_display()}），"
            f"涉及信用记录：{record}。经审查，申请材料齐全，符合法定形式，本局决定予以受理。",
            *(
                [f"你单位承诺在规定期限内补齐以下材料：{application.missing_materials}。"
                 "逾期未补齐的，将依法记录为不实承诺。"]
                if application.missing_materials else []
            ),
        ],
        "repair.not_accept_notice": [
            f"{who}：你单位于{received}提交的信用修复申请，经审查，本局决定不予受理。",
            f"理由：{reasons}",
            REMEDY,
        ],
        "repair.supplement_notice": [
            f"{who}：你单位于{received}提交的信用修复申请，材料不齐全或者不符合法定形式。",
            f"请补正以下材料：{reasons}",
            "补正期间不计入办理期限。",
        ],
        "repair.grant_decision": [
            f"{who}：你单位申请的信用修复（{application.get_kind_display()}），涉及信用记录：{record}。",
            f"经核查，你单位符合信用修复条件。{basis}，本局决定准予信用修复，"
            "自本决定作出之日起停止公示相关信息，解除相应管理措施，并将修复结果共享至信用中国网站。",
        ],
        "repair.refuse_decision": [
            f"{who}：你单位申请的信用修复（{application.get_kind_display()}），涉及信用记录：{record}。",
            f"经核查，{reasons}。{basis}，本局决定不予信用修复。",
            REMEDY,
        ],
        "repair.abnormal_removal": [
            f"{who}：经查，你单位已履行相关义务，{record}的情形已消除。",
            "依据《企业经营异常名录管理暂行办法》，本局决定将你单位移出经营异常名录。",
        ],
        "repair.revocation": [
            f"{who}：本局于{decided:%Y年%m月%d日}作出准予信用修复决定。",
            f"经查，{reasons}。本局决定撤销该信用修复决定，恢复相关信息公示，公示期重新计算；"
            "三年内不再受理你单位的信用修复申请。",
            REMEDY,
        ],
    }  # fmt: skip
    return texts[kind]


@translation.override("zh-hans")  # an official document is Chinese whoever acts
def repair_document_issue(
    *, application: RepairApplication, kind: str, actor: User | None, reasons: str = ""
) -> CaseDocument:
    """Issue (or, when the case already has one, re-issue) a repair document."""
    title, word = DOCUMENTS[kind]
    case = application.case
    context = {
        "addressee": application.credit_record.subject.name,
        "paragraphs": _paragraphs(kind, application, reasons),
        "issuer": case.bureau.name,
    }
    existing = (
        CaseDocument.objects.filter(case=case, kind=kind, superseded_by__isnull=True)
        .order_by("-version")
        .first()
    )
    if existing is not None:
        return document_reissue(
            document=existing, actor=actor, context=context, reason=reasons or title
        )
    return document_issue(
        case=case, kind=kind, title=title, number_word=word, context=context, actor=actor
    )

# ruff: noqa: E501  (official wording reads best one sentence per line)
"""The documents of a pilot case (DOMAIN.md §7.2), issued as PDFs with their 文号.

The application form carries the applying prefecture's 文号; everything the regional
bureau decides (formal-check opinion, scoring summary, approval, rejection, acceptance
opinion) carries the regional bureau's.
"""

from django.utils import translation

from workflows.core.models import CaseDocument, User
from workflows.core.regions import REGIONAL_BUREAU_CODE
from workflows.core.services.documents import document_issue, document_reissue
from workflows.pilot.models import SCORE_CRITERIA, PilotApplication

# kind: (title, 文号 word, issued by the regional bureau, template)
GENERIC = "core/pdf/document.html"
DOCUMENTS = {
    "pilot.application_form": ("信用建设试点申报书", "试点申", False, GENERIC),
    "pilot.check_opinion": ("试点申报形式审查意见书", "试点审", True, GENERIC),
    "pilot.scoring_summary": ("试点申报专家评审打分汇总表", "试点评", True,
                              "pilot/pdf/scoring_summary.html"),
    "pilot.approval": ("关于同意开展信用建设试点的批复", "试点批", True, GENERIC),
    "pilot.rejection": ("试点申报评审结果通知书", "试点否", True, GENERIC),
    "pilot.acceptance_opinion": ("信用建设试点验收意见书", "试点验", True, GENERIC),
}  # fmt: skip

REGIONAL_NAME = "新疆维吾尔自治区市场监督管理局"


def _who(application: PilotApplication) -> str:
    return f"{application.case.bureau.name}申报的“{application.name}”（{application.get_kind_display()}）"


def _application_paragraphs(a: PilotApplication) -> list[str]:
    return [
        f"申报单位：{a.case.bureau.name}；申报批次：{a.call.title}。",
        f"试点名称：{a.name}；类型：{a.get_kind_display()}。",
        f"区域范围：{a.area}，面积{a.area_km2}平方公里；运营管理主体：{a.managing_body}；"
        f"经营主体（商户）数量：{a.merchant_count}户。",
        f"建设方案：{a.plan}",
        f"建设指标：{a.indicators}",
        f"资金预算：{a.budget}万元；建设周期：{a.period_start:%Y年%m月%d日}至{a.period_end:%Y年%m月%d日}。",
        f"联系人：{a.contact_name}，联系电话：{a.contact_phone}。",
    ]


def _paragraphs(kind: str, a: PilotApplication, extra: dict) -> list[str]:
    who, opinion = _who(a), extra.get("opinion", "")
    if kind == "pilot.application_form":
        return _application_paragraphs(a)
    if kind == "pilot.check_opinion":
        verdict = {
            "complete": "申报材料齐全，符合申报通知要求，进入专家评审。",
            "supplement": "申报材料不齐全，请于收到本意见之日起十个工作日内一次性补充下列材料，逾期视为放弃申报：",
            "reject": "申报不符合申报通知要求，不予受理。",
        }[a.check_result]
        return [f"{who}，经形式审查，{verdict}", f"审查意见：{opinion}"]
    if kind == "pilot.approval":
        return [
            f"你局报送的{a.name}建设试点申报材料收悉。经形式审查、专家评审（平均得分{a.score_mean}分）"
            f"和审核，同意{a.name}开展{a.get_kind_display()}建设试点，试点期限为"
            f"{extra['period_start']:%Y年%m月%d日}至{extra['period_end']:%Y年%m月%d日}。",
            "请按照建设方案认真组织实施，每季度结束后十五日内报送进展情况，每年10月底前报送阶段性成果清单和年度总结，"
            "试点期满后开展自评并申请验收。",
            f"意见：{opinion}",
        ]
    if kind == "pilot.rejection":
        return [
            f"{who}，经专家评审（平均得分{a.score_mean}分）和审核，未列入本批次信用建设试点。",
            f"理由：{opinion}",
        ]
    if kind == "pilot.acceptance_opinion":
        verdict = {"accepted": "通过验收", "rectify": "限期整改后重新验收", "failed": "未通过验收"}
        return [
            f"根据{a.case.bureau.name}的自评报告和现场验收情况，{a.name}建设试点{verdict[extra['result']]}。",
            f"验收意见：{opinion}",
        ]
    raise ValueError(f"unknown pilot document {kind!r}")


def _scoring_context(a: PilotApplication) -> dict:
    from workflows.pilot.selectors import score_summary

    summary = score_summary(a)
    return {
        "criteria": [{"code": c, "title": str(t), "points": p} for c, t, p in SCORE_CRITERIA],
        "rows": [
            {"scorer": str(row.score.scorer), "items": [row.score.items[c] for c, _t, _p in SCORE_CRITERIA],
             "total": row.score.total, "outlier": row.outlier, "comment": row.score.comment}
            for row in summary.rows
        ],
        "mean": summary.mean,
        "outlier_points": summary.outlier_points,
        "paragraphs": [f"{_who(a)}，专家评审平均得分{summary.mean}分。"],
    }  # fmt: skip


def pilot_document_issue(
    *, application: PilotApplication, kind: str, actor: User | None, **extra
) -> CaseDocument:
    """Issue (or, when the case already has one, re-issue) a pilot document."""
    from workflows.core.models import Bureau

    title, word, regional, template = DOCUMENTS[kind]
    case = application.case
    issuer = Bureau.objects.get(code=REGIONAL_BUREAU_CODE) if regional else case.bureau
    addressee = case.bureau.name if regional else REGIONAL_NAME
    with translation.override("zh-hans"):  # an official document is Chinese whoever acts
        if kind == "pilot.scoring_summary":
            context = {"addressee": "", "issuer": issuer.name, **_scoring_context(application)}
        else:
            context = {"addressee": addressee, "issuer": issuer.name,
                       "paragraphs": _paragraphs(kind, application, extra)}  # fmt: skip
    existing = (
        CaseDocument.objects.filter(case=case, kind=kind, superseded_by__isnull=True)
        .order_by("-version")
        .first()
    )
    if existing is not None:
        return document_reissue(document=existing, actor=actor, context=context, reason=title)
    return document_issue(
        case=case, kind=kind, title=title, number_word=word, context=context, actor=actor,
        template_name=template, issuing_bureau=issuer,
    )  # fmt: skip

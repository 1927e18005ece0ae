"""Opening and closing cases: the spine every procedure shares."""

from django.db import transaction
from django.utils import timezone

from workflows.core import audit
from workflows.core.models import Bureau, Case, Procedure, Subject, User
from workflows.core.services.numbering import number_next

#: The procedure's abbreviation inside a case number, e.g. 乌市监信修〔2026〕12号.
CASE_NUMBER_WORDS = {
    Procedure.REPAIR: "信修",
    Procedure.LISTING: "失信",
    Procedure.PLEDGE: "承诺",
    Procedure.ALLIANCE: "同盟",
    Procedure.PILOT: "试点",
}


def case_number(bureau: Bureau, procedure: str, year: int, number: int) -> str:
    prefix = bureau.doc_prefix or bureau.code
    return f"{prefix}{CASE_NUMBER_WORDS[procedure]}〔{year}〕{number}号"


@transaction.atomic
def case_open(
    *,
    procedure: str,
    bureau: Bureau,
    source: str,
    actor: User | None,
    subject: Subject | None = None,
    sub_type: str = "",
    summary: str = "",
    legal_basis: str = "",
) -> Case:
    """Open a case with the next case number of its bureau, year and procedure."""
    now = timezone.now()
    year = timezone.localtime(now).year
    number = number_next(bureau=bureau, year=year, kind=f"case:{procedure}")
    case = Case.objects.create(
        case_no=case_number(bureau, procedure, year, number),
        procedure=procedure,
        sub_type=sub_type,
        subject=subject,
        bureau=bureau,
        source=source,
        summary=summary,
        legal_basis=legal_basis,
        opened_by=actor,
        opened_at=now,
    )
    audit.record(
        "case.opened",
        case=case,
        actor=actor,
        after={
            "case_no": case.case_no,
            "procedure": procedure,
            "sub_type": sub_type,
            "source": source,
            "subject": subject.uscc if subject else None,
            "bureau": bureau.code,
        },
    )
    return case


@transaction.atomic
def case_set_step(*, case: Case, step: str, actor: User | None, task_id: int | None = None) -> Case:
    """Record that the case moved to ``step`` (denormalised for lists and search)."""
    before = case.current_step
    if before == step:
        return case
    case.current_step = step
    case.save(update_fields=["current_step"])
    audit.record(
        "case.step_changed",
        case=case,
        actor=actor,
        task_id=task_id,
        before={"current_step": before},
        after={"current_step": step},
    )
    return case


@transaction.atomic
def case_close(*, case: Case, decision: str, actor: User | None, comment: str = "") -> Case:
    if case.status != Case.Status.OPEN:
        raise ValueError(f"case {case.case_no} is already {case.status}")
    before = {"status": case.status, "decision": case.decision}
    case.status = Case.Status.CLOSED
    case.decision = decision
    case.closed_at = timezone.now()
    case.save(update_fields=["status", "decision", "closed_at"])
    audit.record(
        "case.closed",
        case=case,
        actor=actor,
        before=before,
        after={"status": case.status, "decision": decision},
        comment=comment,
    )
    return case

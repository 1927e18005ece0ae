"""The pledge register: registering pledges (from any procedure, the counter, a file)
and the outcomes reported back by the procedure that took them."""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from forms.pledge import PLEDGE_COLUMNS, REQUIRED_PLEDGE_COLUMNS, PledgeForm
from forms.tabular import RowsReport, Source, map_columns, read_table
from workflows.core.deadlines import due_date, rule_in_force
from workflows.core.models import Bureau, Case, CreditRecord, Subject, User
from workflows.core.services.kit import local_today
from workflows.pledge.models import CheckMode, Pledge
from workflows.pledge.selectors import restriction_reasons
from workflows.pledge.services.common import pledge_event, pledge_transition


class PledgeRefused(ValidationError):
    """The subject may not make this pledge now; the messages say why (for the subject)."""

    def __init__(self, reasons: list[str]):
        super().__init__(reasons, code="pledge_restricted")
        self.reasons = reasons


def default_due(pledged_on: date) -> date:
    """Verification due when the source sets no date: PLG-DUE after the pledge."""
    return due_date(rule_in_force("PLG-DUE", pledged_on), pledged_on).last_day


@transaction.atomic
def pledge_register(
    *,
    subject: Subject,
    pledge_type: str,
    content: str,
    source: str,
    actor: User | None,
    source_ref: str = "",
    bureau: Bureau | None = None,
    linked_case: Case | None = None,
    pledged_on: date | None = None,
    verification_due: date | None = None,
    matter: str = "",
    licence_no: str = "",
    verified_by_source: bool = False,
) -> Pledge:
    """Register a pledge, refusing pledge-based handling to a restricted subject.

    ``verified_by_source``: the procedure that took the pledge checks it itself (a
    承诺容缺 pledge is checked by whether the materials arrive): the pledge is under
    verification at once (a full check) and never enters a draw; that procedure
    reports the outcome (``pledge_fulfilled_by_source``, ``pledge_broken_by_source``).
    A ``source_ref`` already registered for the source returns that pledge unchanged.
    """
    if source_ref:
        existing = Pledge.objects.filter(source=source, source_ref=source_ref).first()
        if existing is not None:
            return existing
    reasons = restriction_reasons(subject, pledge_type)
    if reasons:  # nothing is written: the caller shows the reasons
        raise PledgeRefused(reasons)
    pledged_on = pledged_on or local_today()
    try:
        with transaction.atomic():
            pledge = Pledge.objects.create(
                subject=subject,
                bureau=bureau or (linked_case.bureau if linked_case else subject.region),
                pledge_type=pledge_type,
                content=content,
                matter=matter,
                licence_no=licence_no,
                linked_case=linked_case,
                source=source,
                source_ref=source_ref,
                pledged_on=pledged_on,
                verification_due=verification_due or default_due(pledged_on),
                registered_by=actor,
            )
    except IntegrityError:  # a concurrent registration of the same reference won
        return Pledge.objects.get(source=source, source_ref=source_ref)
    pledge_event(
        pledge,
        "pledge.registered",
        actor,
        pledge_type=pledge_type,
        subject=subject.uscc,
        source=source,
        source_ref=source_ref,
        linked_case=linked_case.case_no if linked_case else None,
        verification_due=pledge.verification_due,
    )
    if verified_by_source:
        pledge.check_mode = CheckMode.FULL
        pledge.save(update_fields=["check_mode"])
        pledge_transition(pledge, "start_verification", actor, by="source")
    return pledge


def _source_pledge(linked_case: Case, pledge_type: str) -> Pledge | None:
    return (
        Pledge.objects.select_for_update(of=("self",))
        .filter(linked_case=linked_case, pledge_type=pledge_type)
        .order_by("-pk")
        .first()
    )


@transaction.atomic
def pledge_fulfilled_by_source(
    *, linked_case: Case, pledge_type: str, actor: User | None
) -> Pledge | None:
    """The procedure that took the pledge found it kept (e.g. the materials arrived)."""
    pledge = _source_pledge(linked_case, pledge_type)
    if pledge is None or pledge.state != Pledge.State.UNDER_VERIFICATION:
        return pledge
    pledge.closed_on = local_today()
    pledge.save(update_fields=["closed_on"])
    pledge_transition(pledge, "fulfil", actor, by="source")
    return pledge


@transaction.atomic
def pledge_broken_by_source(
    *, linked_case: Case, pledge_type: str, record: CreditRecord, actor: User | None
) -> Pledge | None:
    """The procedure that took the pledge recorded it as false (``record``)."""
    pledge = _source_pledge(linked_case, pledge_type)
    if pledge is None or pledge.state != Pledge.State.UNDER_VERIFICATION:
        return pledge
    pledge.closed_on, pledge.false_record = local_today(), record
    pledge.save(update_fields=["closed_on", "false_record"])
    pledge_transition(pledge, "find_false", actor, by="source", record=record.pk)
    return pledge


# --- file import --------------------------------------------------------------------


@dataclass(frozen=True)
class RowResult:
    row: int
    status: str  # created, existing, rejected
    pledge: int | None = None
    errors: dict[str, list[str]] = field(default_factory=dict)


def pledges_import(
    *, source: Source, actor: User | None, bureaus=None, max_bytes: int | None = None
) -> RowsReport:
    """Register every valid row of a CSV (UTF-8 or GBK) or XLSX file of pledges.

    A file that cannot be read, or lacks a required column, raises ``TabularFileError``
    before anything is written. Each row is registered in its own transaction, keyed
    by its 来源编号 (source reference): importing the file again reports its rows as
    existing. Invalid rows, subjects outside ``bureaus`` (None: all) and refused
    pledges are reported with their reasons and never stop the other rows.
    """
    table = read_table(source, max_bytes=max_bytes)
    columns = map_columns(table.header, PLEDGE_COLUMNS, required=REQUIRED_PLEDGE_COLUMNS)
    report = RowsReport(encoding=table.encoding)
    first_row_of: dict[str, int] = {}
    for row, cells in table.records(columns):
        form = PledgeForm(cells)
        errors = {name: list(messages) for name, messages in form.errors.items()}
        data = form.cleaned_data
        ref = data.get("source_ref")
        if ref in first_row_of:
            duplicate = _("Duplicate of row %(row)d.") % {"row": first_row_of[ref]}
            errors.setdefault("source_ref", []).append(duplicate)
        elif ref:
            first_row_of[ref] = row
        subject = None
        if "uscc" in data:
            subject = Subject.objects.select_related("region").filter(uscc=data["uscc"]).first()
            if subject is None or (bureaus is not None and subject.region not in bureaus):
                errors.setdefault("uscc", []).append(
                    _("No subject with this code in your bureaus.")
                )
        if errors:
            report.rows.append(RowResult(row=row, status="rejected", errors=errors))
            continue
        existing = Pledge.objects.filter(source=Pledge.Source.IMPORT, source_ref=ref).first()
        if existing is not None:
            report.rows.append(RowResult(row=row, status="existing", pledge=existing.pk))
            continue
        try:
            pledge = pledge_register(
                subject=subject, source=Pledge.Source.IMPORT, actor=actor,
                **{name: data[name] for name in (
                    "pledge_type", "content", "matter", "licence_no", "pledged_on",
                    "verification_due", "source_ref")},
            )  # fmt: skip
        except PledgeRefused as exc:
            report.rows.append(
                RowResult(row=row, status="rejected", errors={"uscc": list(exc.reasons)})
            )
            continue
        report.rows.append(RowResult(row=row, status="created", pledge=pledge.pk))
    return report

"""Writes of subjects (经营主体): one upsert, and the import of a file of them."""

from dataclasses import asdict, dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from forms.subjects import (
    REQUIRED_SUBJECT_COLUMNS,
    SUBJECT_COLUMNS,
    SubjectRowForm,
    subject_type_terms,
)
from forms.tabular import Source, map_columns, read_table
from workflows.core import audit
from workflows.core.models import Bureau, InboundCall, Subject, User
from workflows.core.permissions import can_act_for_bureau
from workflows.core.services.inbound import inbound_call_record


@dataclass(frozen=True)
class RejectedRow:
    row: int
    errors: dict[str, list[str]]


@dataclass(frozen=True)
class RowWarning:
    """A row imported with a doubt (e.g. the type column contradicts the USCC)."""

    row: int
    messages: list[str]


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)
    warnings: list[RowWarning] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "updated": self.updated,
            "rejected": [asdict(rejected) for rejected in self.rejected],
            "warnings": [asdict(warning) for warning in self.warnings],
        }


def _snapshot(subject: Subject, names) -> dict[str, Any]:
    return {name: getattr(subject, f"{name}_id" if name == "region" else name) for name in names}


@transaction.atomic
def subject_upsert(*, data: dict[str, Any], actor: User | None = None) -> tuple[Subject, bool]:
    """Create the subject with ``data["uscc"]`` or update it with the other fields.

    Returns the subject and whether it was created. A creation or a real change is
    audited in the subject's own stream with the fields before and after.
    """
    fields = dict(data)
    uscc = fields.pop("uscc")
    existing = Subject.objects.select_for_update(of=("self",)).filter(uscc=uscc).first()
    before = _snapshot(existing, fields) if existing else {}
    subject, created = Subject.objects.update_or_create(uscc=uscc, defaults=fields)
    after = _snapshot(subject, fields)
    if created or after != before:
        changed = {k: v for k, v in after.items() if before.get(k) != v}
        audit.record(
            "subject.created" if created else "subject.updated",
            stream=f"subject:{uscc}",
            actor=actor,
            before={k: before[k] for k in changed if k in before},
            after=changed,
        )
    return subject, created


def subjects_import(
    *, source: Source, max_bytes: int | None = None, actor: User | None = None
) -> ImportReport:
    """Create or update a subject for each valid row of a CSV or XLSX file.

    With an ``actor`` (staff on the import page), rows of bureaus the actor may not act
    for are rejected, and the audit events name the actor.

    A file that cannot be read, or lacks a required column, raises
    ``forms.tabular.TabularFileError`` before anything is written. Invalid rows are
    reported, never written, and never stop the valid ones.

    Each valid row is written in its own transaction (``subject_upsert``): a crash
    keeps the rows already written and never leaves half a row, and because rows are
    upserts by USCC, importing the file again completes the job. One transaction for
    the whole file would instead hold locks on every subject touched until the end.
    """
    table = read_table(source, max_bytes=max_bytes)
    columns = map_columns(table.header, SUBJECT_COLUMNS, required=REQUIRED_SUBJECT_COLUMNS)
    report = _upsert_rows(table.records(columns), actor=actor)
    _record_call(report, InboundCall.Channel.FILE, actor)
    return report


def subjects_receive(*, rows: list[dict[str, Any]], actor: User) -> ImportReport:
    """The registration system's push of subjects (its API): the same rows as a file's,
    numbered from 1, each upserted by USCC in its own transaction."""
    records = (
        (number, {name: "" if value is None else str(value) for name, value in row.items()})
        for number, row in enumerate(rows, start=1)
    )
    report = _upsert_rows(records, actor=actor, bureau_check=False)
    _record_call(report, InboundCall.Channel.API, actor)
    return report


def _record_call(report: ImportReport, channel: str, actor: User | None) -> None:
    rejected = len(report.rejected)
    inbound_call_record(
        kind=InboundCall.Kind.SUBJECTS, channel=channel, client=actor,
        rows=report.created + report.updated + rejected, rejected=rejected,
    )  # fmt: skip


def _upsert_rows(records, *, actor: User | None, bureau_check: bool = True) -> ImportReport:
    """Validate and upsert (row number, {column: text}) records; ``bureau_check`` refuses
    rows of bureaus a staff ``actor`` does not act for (the registration system covers
    every bureau)."""
    bureaus = {bureau.code: bureau for bureau in Bureau.objects.all()}
    acting = (
        {b.pk for b in bureaus.values() if can_act_for_bureau(actor, b)}
        if bureau_check and actor is not None
        else None
    )
    terms = subject_type_terms()
    report = ImportReport()
    first_row_of: dict[str, int] = {}
    for row, record in records:
        form = SubjectRowForm(record, bureaus=bureaus, terms=terms)
        errors = {name: list(messages) for name, messages in form.errors.items()}
        uscc = form.cleaned_data.get("uscc")
        if uscc in first_row_of:
            duplicate = _("Duplicate of row %(row)d.") % {"row": first_row_of[uscc]}
            errors.setdefault("uscc", []).append(duplicate)
        elif uscc:
            first_row_of[uscc] = row
        bureau = form.cleaned_data.get("region_code")
        if acting is not None and bureau is not None and bureau.pk not in acting:
            message = _("%(bureau)s is not one of the bureaus you act for.") % {"bureau": bureau}
            errors.setdefault("region_code", []).append(message)
        if acting is not None and uscc and not errors:  # nor a subject held by another
            held_by = Subject.objects.filter(uscc=uscc).values_list("region_id", flat=True).first()
            if held_by is not None and held_by not in acting:
                held = next(b for b in bureaus.values() if b.pk == held_by)
                message = _("This subject is registered with %(bureau)s, which you do not act "
                            "for.") % {"bureau": held}  # fmt: skip
                errors.setdefault("uscc", []).append(message)
        if errors:
            report.rejected.append(RejectedRow(row=row, errors=errors))
            continue
        _subject, created = subject_upsert(data=form.subject_data(), actor=actor)
        if form.warnings:
            report.warnings.append(RowWarning(row=row, messages=form.warnings))
        if created:
            report.created += 1
        else:
            report.updated += 1
    return report

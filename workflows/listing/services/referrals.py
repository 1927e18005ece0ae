"""Court referrals (法院线索推送) and other leads: intake, matching, opening a listing case.

A referral is unique per (court code, court case number). Receiving the same payload
again returns the referral already stored; a different payload for the same key is a
conflict and changes nothing. A referral whose USCC is unknown, or whose subject name
disagrees with the register, becomes a lead for manual matching; otherwise its lead
opens a listing case at once (at the bureau of the subject's registration).
"""

import hashlib
import json
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from forms.listing import REFERRAL_COLUMNS, REQUIRED_REFERRAL_COLUMNS, CourtReferralForm
from forms.tabular import RowsReport, Source, map_columns, read_table
from workflows.core import audit
from workflows.core.flow.registry import start_named_flow
from workflows.core.models import Bureau, Case, InboundCall, Procedure, Subject, User
from workflows.core.regions import REGIONAL_BUREAU_CODE
from workflows.core.services.cases import case_open
from workflows.core.services.inbound import inbound_call_record
from workflows.listing.models import Court, CourtReferral, Lead, Listing

#: The fields that make a referral's payload (the document by its SHA-256).
PAYLOAD_FIELDS = (
    "court_code", "court_name", "court_case_number", "judgment_number", "judgment_date",
    "uscc", "subject_name", "cause",
)  # fmt: skip


class ReferralConflict(Exception):
    """Another payload was already received for this court and court case number."""

    def __init__(self, existing: CourtReferral):
        super().__init__(f"referral {existing.pk} has another payload")
        self.existing = existing


def payload_sha256(data: dict[str, Any]) -> str:
    document = data.get("document")
    canonical = {name: unicodedata.normalize("NFKC", str(data[name])) for name in PAYLOAD_FIELDS}
    canonical["document"] = document["sha256"] if document else ""
    text = json.dumps(canonical, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _same_name(a: str, b: str) -> bool:
    def norm(text: str) -> str:
        text = unicodedata.normalize("NFKC", text)
        return "".join(text.replace("(", "（").replace(")", "）").split())

    return norm(a) == norm(b)


def _match(uscc: str, name: str) -> tuple[Subject | None, str]:
    subject = Subject.objects.filter(uscc=uscc).select_related("region").first()
    if subject is None:
        return None, _("The unified social credit code is not in the subject register.")
    if not _same_name(subject.name, name):
        return subject, _("The name “%(given)s” differs from the register's “%(registered)s”.") % {
            "given": name,
            "registered": subject.name,
        }
    return subject, ""


def referral_receive(
    *, data: dict[str, Any], channel: str, actor: User | None, court: Court | None = None
) -> tuple[CourtReferral, bool]:
    """Store a referral (``data`` is ``CourtReferralForm.cleaned_data``) and make its lead.

    Returns (referral, created). Raises ``ReferralConflict`` when the key is known with
    another payload. Safe against a concurrent duplicate: the unique constraint decides.
    """
    digest = payload_sha256(data)
    key = {"court_code": data["court_code"], "court_case_number": data["court_case_number"]}
    existing = CourtReferral.objects.filter(**key).first()
    if existing is None:
        try:
            with transaction.atomic():
                return _create(data, digest, channel, actor, court), True
        except IntegrityError:
            existing = CourtReferral.objects.get(**key)
    if existing.payload_sha256 != digest:
        raise ReferralConflict(existing)
    return existing, False


def _create(data, digest, channel, actor, court) -> CourtReferral:
    subject, problem = _match(data["uscc"], data["subject_name"])
    if problem:  # matched by hand: by the court's bureau, else the importer's
        if court is not None:
            bureau = court.bureau
        elif actor is not None and actor.bureau_id:
            bureau = actor.bureau
        else:
            bureau = Bureau.objects.get(code=REGIONAL_BUREAU_CODE)
    else:
        bureau = subject.region
    lead = Lead.objects.create(
        source=Lead.Source.COURT_REFERRAL,
        status=Lead.Status.NEEDS_MATCH if problem else Lead.Status.CASE_OPENED,
        subject=None if problem else subject,
        bureau=bureau,
        summary=_("%(court)s %(case)s (%(judgment)s, %(date)s): %(cause)s")
        % {
            "court": data["court_name"],
            "case": data["court_case_number"],
            "judgment": data["judgment_number"],
            "date": data["judgment_date"],
            "cause": data["cause"],
        },
        match_problem=problem,
        created_by=actor,
    )
    referral = CourtReferral(
        court=court,
        **{name: data[name] for name in PAYLOAD_FIELDS},
        payload_sha256=digest,
        channel=channel,
        received_by=actor,
        lead=lead,
    )
    document = data.get("document")
    if document:
        referral.document_sha256 = document["sha256"]
        referral.document.save("judgment.pdf", ContentFile(document["content"]), save=False)
    referral.save()
    audit.record(
        "listing.referral_received",
        stream=f"lead:{lead.pk}",
        actor=actor,
        after={
            "referral": referral.pk,
            "court_code": referral.court_code,
            "court_case_number": referral.court_case_number,
            "uscc": referral.uscc,
            "channel": channel,
            "match_problem": problem,
        },
    )
    if not problem:
        _open_case(lead, actor)
    return referral


@transaction.atomic
def lead_match(*, lead: Lead, subject: Subject, actor: User | None) -> Listing:
    """Manual matching of a lead to a subject, which opens its listing case."""
    lead = Lead.objects.select_for_update(of=("self",)).get(pk=lead.pk)
    if lead.status != Lead.Status.NEEDS_MATCH:
        raise ValidationError(_("This lead has already been matched."))
    lead.subject, lead.bureau, lead.status = subject, subject.region, Lead.Status.CASE_OPENED
    lead.save(update_fields=["subject", "bureau", "status"])
    audit.record(
        "listing.lead_matched", stream=f"lead:{lead.pk}", actor=actor,
        after={"subject": subject.uscc, "bureau": subject.region.code},
    )  # fmt: skip
    return _open_case(lead, actor)


@transaction.atomic
def lead_register(
    *,
    source: str,
    subject: Subject,
    summary: str,
    actor: User | None,
    penalty_decision_no: str = "",
) -> Listing:
    """A lead from a penalty case, inside the bureau or the abnormal list's 3-year mark:
    it opens a listing case at once."""
    if source not in (Lead.Source.PENALTY_CASE, Lead.Source.INTERNAL,
                      Lead.Source.ABNORMAL_ESCALATION):  # fmt: skip
        raise ValueError(f"leads of source {source!r} come through their own intake")
    lead = Lead.objects.create(
        source=source, status=Lead.Status.CASE_OPENED, subject=subject, bureau=subject.region,
        summary=summary, penalty_decision_no=penalty_decision_no, created_by=actor,
    )  # fmt: skip
    return _open_case(lead, actor)


def _open_case(lead: Lead, actor: User | None) -> Listing:
    case = case_open(
        procedure=Procedure.LISTING,
        bureau=lead.bureau,
        source=lead.source,
        actor=actor,
        subject=lead.subject,
        sub_type="serious_list",
        summary=lead.summary[:500],
        legal_basis="《市场监督管理严重违法失信名单管理办法》",
    )
    lead.case = case
    lead.save(update_fields=["case"])
    listing = Listing.objects.create(case=case, lead=lead)
    audit.record(
        "listing.lead_opened", case=case, actor=actor,
        after={"lead": lead.pk, "source": lead.source},
    )  # fmt: skip
    if lead.source == Lead.Source.COURT_REFERRAL:
        from workflows.listing.documents import listing_document_issue

        listing_document_issue(listing=listing, kind="listing.lead_receipt", actor=actor)

    start_named_flow("listing", case)
    return listing


# --- file import --------------------------------------------------------------------


@dataclass(frozen=True)
class RowResult:
    row: int
    status: str  # created, existing, rejected
    referral: int | None = None
    case_no: str | None = None
    needs_match: bool = False
    errors: dict[str, list[str]] = field(default_factory=dict)


def referrals_import(
    *, source: Source, actor: User | None, max_bytes: int | None = None
) -> RowsReport:
    """Receive every valid row of a court's CSV (UTF-8 or GBK) or XLSX file.

    A file that cannot be read, or lacks a column, raises ``TabularFileError`` before
    anything is written. Each row is received on its own (``referral_receive``, the
    same idempotent intake as the API), so importing the file again reports its rows
    as existing; invalid or conflicting rows are reported and never stop the others.
    """
    table = read_table(source, max_bytes=max_bytes)
    columns = map_columns(table.header, REFERRAL_COLUMNS, required=REQUIRED_REFERRAL_COLUMNS)
    report = RowsReport(encoding=table.encoding)
    courts = {court.code: court for court in Court.objects.select_related("bureau")}
    for row, record in table.records(columns):
        form = CourtReferralForm(record)
        if not form.is_valid():
            errors = {name: list(messages) for name, messages in form.errors.items()}
            report.rows.append(RowResult(row=row, status="rejected", errors=errors))
            continue
        data = form.cleaned_data
        try:
            referral, created = referral_receive(
                data=data, channel=CourtReferral.Channel.FILE, actor=actor,
                court=courts.get(data["court_code"]),
            )  # fmt: skip
        except ReferralConflict as exc:
            message = _(
                "Court case %(number)s was received before with other content (referral %(id)d)."
            ) % {"number": data["court_case_number"], "id": exc.existing.pk}
            report.rows.append(
                RowResult(row=row, status="rejected", errors={"court_case_number": [message]})
            )
            continue
        lead = referral.lead
        case_no = Case.objects.filter(pk=lead.case_id).values_list("case_no", flat=True).first()
        report.rows.append(
            RowResult(
                row=row,
                status="created" if created else "existing",
                referral=referral.pk,
                case_no=case_no,
                needs_match=lead.status == Lead.Status.NEEDS_MATCH,
            )
        )
    inbound_call_record(
        kind=InboundCall.Kind.COURT_REFERRALS, channel=InboundCall.Channel.FILE, client=actor,
        rows=len(report.rows), rejected=sum(r.status == "rejected" for r in report.rows),
    )  # fmt: skip
    return report

"""Official documents: issue with a 文号, re-issue as a new version, render to PDF.

文号 format: ``{bureau.doc_prefix}{number_word}〔{year}〕{n}号``, e.g.
``乌市监信修受〔2026〕3号``. The caller gives ``number_word``, the short word of the
document series (信修受 for repair acceptance notices, …); ``n`` counts per bureau,
year and series word (sequence key ``doc:<number_word>``), gapless, taken under a row
lock in the issuing transaction. Kinds that share a word share one series, so a
文号 is never issued twice. A bureau without a prefix uses its region code, as case numbers do.

Issuing writes the row (status pending) and schedules ``render_document`` on commit;
rendering (``document_render``) stores the PDF and its SHA-256 and is idempotent.
"""

import hashlib
import json
import logging
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.template.loader import get_template
from django.utils import timezone
from django.utils.translation import gettext_lazy

from workflows.core import audit
from workflows.core.models import Bureau, Case, CaseDocument, User
from workflows.core.pdf import render_pdf
from workflows.core.services.numbering import number_next

logger = logging.getLogger(__name__)

#: What a user is told when a stored document no longer matches its checksum.
TAMPERED_MESSAGE = gettext_lazy(
    "The stored file of this document does not match its recorded checksum: it may have "
    "been altered or lost. The incident has been logged; please contact the system "
    "administrator."
)

#: The generic template: title, doc_number, addressee, paragraphs, issuer, issued_on.
DEFAULT_TEMPLATE = "core/pdf/document.html"


def document_number(*, bureau_prefix: str, number_word: str, year: int, number: int) -> str:
    return f"{bureau_prefix}{number_word}〔{year}〕{number}号"


def _frozen(context: dict) -> dict:
    """The context as plain JSON, exactly as stored and later rendered."""
    return json.loads(json.dumps(context, cls=DjangoJSONEncoder))


def _issued_on(moment) -> str:
    day = timezone.localtime(moment).date()
    return f"{day.year}年{day.month}月{day.day}日"


def _schedule_render(document: CaseDocument) -> None:
    from workflows.core.tasks import render_document

    document_id = document.pk
    # robust: with the broker down the issue still stands and the caller gets its answer;
    # the document stays pending until the sweep (sweep_pending_documents) queues it.
    transaction.on_commit(lambda: render_document.delay(document_id), robust=True)


def _snapshot(document: CaseDocument) -> dict:
    return {
        "document": document.pk,
        "kind": document.kind,
        "title": document.title,
        "doc_number": document.doc_number,
        "version": document.version,
        "template_name": document.template_name,
    }


@transaction.atomic
def document_issue(
    *,
    case: Case,
    kind: str,
    title: str,
    number_word: str,
    context: dict,
    actor: User | None,
    template_name: str = DEFAULT_TEMPLATE,
    issuing_bureau: Bureau | None = None,
) -> CaseDocument:
    """Issue version 1 of a document of ``kind`` for ``case`` with the next 文号.

    The 文号 takes the prefix and series of ``issuing_bureau`` when another bureau than
    the case's issues the document (e.g. the regional bureau's approval of a pilot).

    ``context`` is what the template renders; ``title`` and ``doc_number`` are set
    in it, and ``issued_on`` (2026年11月26日) defaults to today. A case has at most
    one document of each kind: issue it again with ``document_reissue``.
    """
    if not kind or len(kind) > CaseDocument._meta.get_field("kind").max_length:
        raise ValueError(f"document kind {kind!r} must be 1 to 28 characters")
    if not number_word or len(number_word) > 28:
        raise ValueError("a document needs the word of its 文号 (number_word, 1 to 28 characters)")
    get_template(template_name)  # fail before taking a number, not in the worker
    if CaseDocument.objects.filter(case=case, kind=kind).exists():
        raise ValueError(f"case {case.case_no} already has a {kind} document; re-issue it")
    now = timezone.now()
    year = timezone.localtime(now).year
    bureau = issuing_bureau or case.bureau
    number = number_next(bureau=bureau, year=year, kind=f"doc:{number_word}")
    doc_number = document_number(
        bureau_prefix=bureau.doc_prefix or bureau.code,
        number_word=number_word,
        year=year,
        number=number,
    )
    document = CaseDocument.objects.create(
        case=case,
        kind=kind,
        title=title,
        doc_number=doc_number,
        version=1,
        context=_frozen(
            {"issued_on": _issued_on(now), **context, "title": title, "doc_number": doc_number}
        ),
        template_name=template_name,
        issued_by=actor,
        issued_at=now,
    )
    audit.record("document.issued", case=case, actor=actor, after=_snapshot(document))
    _schedule_render(document)
    return document


@transaction.atomic
def document_reissue(
    *,
    document: CaseDocument,
    actor: User | None,
    reason: str,
    context: dict | None = None,
) -> CaseDocument:
    """Issue the next version of ``document``: same 文号, new row, the old one kept.

    With no ``context`` the new version renders the previous version's data as it
    was (e.g. to replace a damaged file); otherwise ``context`` replaces it, with
    ``title`` and ``doc_number`` kept and ``issued_on`` defaulting to today. Only
    the latest version can be re-issued.
    """
    if not reason.strip():
        raise ValueError("a re-issue needs a reason")
    previous = (
        CaseDocument.objects.select_for_update(of=("self",))
        .select_related("case")
        .get(pk=document.pk)
    )
    if CaseDocument.objects.filter(
        case_id=previous.case_id, kind=previous.kind, version__gt=previous.version
    ).exists():
        raise ValueError(f"{previous} has already been superseded; re-issue the latest version")
    now = timezone.now()
    if context is None:
        new_context = previous.context
    else:
        new_context = _frozen(
            {
                "issued_on": _issued_on(now),
                **context,
                "title": previous.title,
                "doc_number": previous.doc_number,
            }
        )
    new = CaseDocument.objects.create(
        case=previous.case,
        kind=previous.kind,
        title=previous.title,
        doc_number=previous.doc_number,
        version=previous.version + 1,
        supersedes=previous,
        context=new_context,
        template_name=previous.template_name,
        issued_by=actor,
        issued_at=now,
    )
    audit.record(
        "document.reissued",
        case=previous.case,
        actor=actor,
        before=_snapshot(previous),
        after=_snapshot(new),
        comment=reason,
    )
    _schedule_render(new)
    return new


def document_render(document_id: int, *, counted: bool = True) -> CaseDocument:
    """Render, store and fingerprint a document; a rendered one is left as it is.

    Runs in the ``render_document`` task. The row is locked while rendering, so two
    deliveries of the task never render twice. On failure the row is marked failed
    with the error (in its own transaction) and the exception re-raised for Celery
    to retry; a file stored by the failed attempt is removed.
    """
    stored_name = ""
    try:
        with transaction.atomic():
            document = (
                CaseDocument.objects.select_for_update(of=("self",))
                .select_related("case")
                .get(pk=document_id)
            )
            if document.status == CaseDocument.Status.RENDERED:
                return document
            pdf = render_pdf(document.template_name, document.context)
            # The storage never overwrites: an existing name gets a suffix.
            document.file.save("document.pdf", ContentFile(pdf), save=False)
            stored_name = document.file.name
            document.sha256 = hashlib.sha256(pdf).hexdigest()
            document.size = len(pdf)
            document.status = CaseDocument.Status.RENDERED
            document.rendered_at = timezone.now()
            document.error, document.retry_at = "", None
            document.save(
                update_fields=["file", "sha256", "size", "status", "rendered_at", "error",
                               "retry_at"]
            )  # fmt: skip
            audit.record(
                "document.rendered",
                case=document.case,
                actor=None,
                after={
                    "document": document.pk,
                    "doc_number": document.doc_number,
                    "version": document.version,
                    "file": document.file.name,
                    "sha256": document.sha256,
                    "size": document.size,
                },
            )
            return document
    except Exception as exc:
        if stored_name:
            CaseDocument._meta.get_field("file").storage.delete(stored_name)
        _mark_failed(document_id, exc, counted=counted)
        raise


def document_due_ids(older_than_seconds: int = 60) -> list[int]:
    """Documents for the sweep to render: still waiting for their PDF that long after
    issue (rendering takes seconds), or failed with their next attempt due. Each failed
    one's next attempt moves on by its backoff as it is handed out, so a lost task is
    tried again and a slow one is not queued twice."""
    now = timezone.now()
    pending = CaseDocument.objects.filter(
        status=CaseDocument.Status.PENDING,
        issued_at__lt=now - timedelta(seconds=older_than_seconds),
    )
    ids = list(pending.order_by("pk").values_list("pk", flat=True))
    with transaction.atomic():
        failed = CaseDocument.objects.select_for_update(skip_locked=True, of=("self",)).filter(
            status=CaseDocument.Status.FAILED, retry_at__lte=now
        )
        for document in failed.order_by("pk"):
            document.retry_at = now + _backoff(document.render_failures)
            document.save(update_fields=["retry_at"])
            ids.append(document.pk)
    return ids


def document_render_again(document: CaseDocument, *, actor: User) -> None:
    """An admin's "render again" of a failed document, whatever its attempts so far."""
    with transaction.atomic():
        document = (
            CaseDocument.objects.select_for_update(of=("self",))
            .select_related("case")
            .get(pk=document.pk)
        )
        if document.status != CaseDocument.Status.FAILED:
            return
        before = {
            "render_failures": document.render_failures,
            "retry_at": document.retry_at and document.retry_at.isoformat(),
        }
        document.retry_at = timezone.now() + _backoff(document.render_failures)
        document.save(update_fields=["retry_at"])
        audit.record(
            "document.render_requested",
            case=document.case,
            actor=actor,
            before=before,
            after={"document": document.pk, "doc_number": document.doc_number},
        )
        _schedule_render(document)


def _backoff(failures: int) -> timedelta:
    first, limit = settings.DOCUMENT_RETRY_FIRST_SECONDS, settings.DOCUMENT_RETRY_MAX_SECONDS
    return timedelta(seconds=min(limit, first * 2 ** max(failures - 1, 0)))


def _mark_failed(document_id: int, exc: Exception, *, counted: bool = True) -> None:
    """Mark the document failed with the error; a ``counted`` failure (the last attempt of
    a dispatch) also moves the sweep's next attempt on by the doubled backoff."""
    error = f"{type(exc).__name__}: {exc}"[:2000]
    logger.warning("rendering document %s failed: %s", document_id, error)
    with transaction.atomic():
        document = (
            CaseDocument.objects.select_for_update(of=("self",))
            .select_related("case")
            .filter(pk=document_id)
            .first()
        )
        if document is None or document.status == CaseDocument.Status.RENDERED:
            return
        before = document.status
        document.status = CaseDocument.Status.FAILED
        document.error = error
        if counted:
            document.render_failures += 1
            document.retry_at = (
                timezone.now() + _backoff(document.render_failures)
                if document.render_failures < settings.DOCUMENT_RENDER_ATTEMPTS
                else None
            )
        document.save(update_fields=["status", "error", "render_failures", "retry_at"])
        audit.record(
            "document.render_failed",
            case=document.case,
            actor=None,
            before={"status": before},
            after={
                "document": document.pk,
                "status": document.status,
                "error": error,
                "render_failures": document.render_failures,
                "retry_at": document.retry_at and document.retry_at.isoformat(),
            },
        )

"""Plain views of the core: document downloads, the user's notifications, the subject import."""

import hashlib
import io
import logging
import re

from django.conf import settings
from django.contrib.auth.decorators import login_not_required, login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_GET, require_POST

from forms.subjects import SubjectFileForm, SubjectRowForm
from forms.tabular import TabularFileError
from workflows.core.models import CaseDocument, Notification
from workflows.core.permissions import acts_on_cases
from workflows.core.roles import is_staff_member
from workflows.core.selectors import cases_visible_to
from workflows.core.services.documents import TAMPERED_MESSAGE
from workflows.core.services.notifications import notification_mark_read
from workflows.core.services.subjects import subjects_import

logger = logging.getLogger(__name__)

NOTIFICATIONS_PER_PAGE = 25


@login_not_required
@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """The site icon where browsers look for it: pages without a head of their own (the
    flow charts' SVG) make them ask. Resolved per request: the production static
    storage knows the hashed name only once ``collectstatic`` has run."""
    return HttpResponsePermanentRedirect(static("viewflow/img/favicon.png"))


def _download_name(document: CaseDocument) -> str:
    """乌市监信修受〔2026〕3号-v1.pdf: the real 文号, minus separators and control characters."""
    return re.sub(r'[\x00-\x1f\x7f/\\"]', "_", f"{document.doc_number}-v{document.version}.pdf")


@require_GET
@login_required
def document_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The stored PDF of a rendered document of a case the user can see.

    The file is hashed before it is served; a file that no longer matches its
    recorded SHA-256 (or is missing) is refused with 409 and logged as an error.
    """
    if not is_staff_member(request.user):  # the court and online-channel clients
        raise PermissionDenied
    document = get_object_or_404(
        CaseDocument.objects.select_related("case"),
        pk=pk,
        case__in=cases_visible_to(request.user),
        status=CaseDocument.Status.RENDERED,
    )
    try:
        with document.file.open("rb") as stored:
            content = stored.read()
    except FileNotFoundError:
        content = None
    if content is None or hashlib.sha256(content).hexdigest() != document.sha256:
        logger.error(
            "document %s (%s v%s, case %s): stored file %s %s its recorded SHA-256 %s; "
            "refused to %s",
            document.pk,
            document.doc_number,
            document.version,
            document.case.case_no,
            document.file.name,
            "is missing, expected" if content is None else "does not match",
            document.sha256,
            request.user,
        )
        return HttpResponse(
            TAMPERED_MESSAGE,
            status=409,
            content_type="text/plain; charset=utf-8",
        )
    return FileResponse(
        io.BytesIO(content),
        as_attachment=True,
        filename=_download_name(document),
        content_type="application/pdf",
    )


@require_GET
@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    notifications = Notification.objects.filter(recipient=request.user).select_related("case")
    page = Paginator(notifications, NOTIFICATIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "core/notifications.html", {"page_obj": page})


@require_POST
@login_required
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one of the user's own notifications read; someone else's is a 404."""
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    notification_mark_read(notification=notification, user=request.user)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("notification-list")
    return redirect(target)


class SubjectImportView(View):
    """Upload a registration system's export of subjects (CSV in UTF-8 or GBK, or XLSX):
    each valid row creates or updates its subject, the report names every rejected row
    and every row imported with a doubt."""

    template_name = "core/subject_import.html"

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not acts_on_cases(request.user):
            raise PermissionDenied(_("Supervisors and auditors do not import subjects."))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, {"form": SubjectFileForm()})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = SubjectFileForm(request.POST, request.FILES)
        report = None
        if form.is_valid():
            try:
                report = subjects_import(
                    source=form.cleaned_data["file"].read(),
                    max_bytes=settings.UPLOAD_MAX_BYTES,
                    actor=request.user,
                )
            except TabularFileError as exc:
                form.add_error("file", str(exc))
        context = {"form": form, "report": _readable_subject_report(report) if report else None}
        return render(request, self.template_name, context, status=200 if report else 400)


def _readable_subject_report(report) -> dict:
    """The counts, and the rejected rows and rows with a warning in file order, each with
    its messages in the user's words."""
    labels = {name: field.label for name, field in SubjectRowForm.base_fields.items()}
    rows = [
        {"row": rejected.row, "rejected": True, "messages": [
            (labels.get(name, name), " ".join(messages))
            for name, messages in rejected.errors.items()
        ]}
        for rejected in report.rejected
    ] + [
        {"row": warning.row, "rejected": False, "messages": [("", " ".join(warning.messages))]}
        for warning in report.warnings
    ]  # fmt: skip
    return {
        "created": report.created,
        "updated": report.updated,
        "rejected": len(report.rejected),
        "rows": sorted(rows, key=lambda row: row["row"]),
    }

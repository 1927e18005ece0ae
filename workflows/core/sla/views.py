"""The supervisor dashboard, its drill-down lists and the weekly reports (Material UI)."""

import hashlib
import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from viewflow.urls import AppMenuMixin, Viewset
from viewflow.workflow.models import Task

from workflows.core.models import Deadline, Procedure, User
from workflows.core.permissions import can_act_on_case
from workflows.core.roles import Role
from workflows.core.services.deadlines import DeadlineError, deadline_pause, deadline_resume
from workflows.core.services.tasks import TaskError, TaskFormInvalid, task_reassign
from workflows.core.sla import charts, figures
from workflows.core.sla.figures import can_view_sla
from workflows.core.sla.lists import CaseListForm, SlaFilterForm, StepListForm, case_list, step_list
from workflows.core.sla.reports import reports_visible_to
from workflows.core.viewsets import case_page_url
from workflows.core.workdays import Calendar, workdays_between

PER_PAGE = 25
BASE = "/app/sla/dashboard/"


def percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.1f}%"


def _require(request) -> None:
    if not can_view_sla(request.user):
        raise PermissionDenied


def dashboard(request):
    _require(request)
    form = SlaFilterForm(request.GET or None, user=request.user)
    if request.GET and not form.is_valid():
        return render(request, "core/sla/dashboard.html", {"form": form, "invalid": True})
    if not request.GET:
        form = SlaFilterForm({}, user=request.user)
        form.is_valid()
    today = timezone.localdate()
    scope, period = form.scope(), form.period()
    data = figures.summary(scope, period, today)
    titles = figures.step_titles()

    def steps_url(**extra) -> str:
        return f"{BASE}steps/?{form.query(**extra)}"

    def cases_url(**extra) -> str:
        return f"{BASE}cases/?{form.query(**extra)}"

    chart_specs = {
        "open": charts.open_steps_chart(
            data["open_steps"]["rows"],
            lambda bureau, status: steps_url(state="open", bureau=bureau, status=status),
        ),
        "compliance": charts.compliance_chart(
            data["compliance"]["rows"],
            lambda bureau: steps_url(state="completed", bureau=bureau),
        ),
        "trend": charts.trend_chart(
            data["weekly_trend"],
            lambda week: steps_url(state="completed", week=week.isoformat()),
        ),
        "handling": charts.handling_chart(
            data["handling_times"],
            titles,
            lambda procedure, step: steps_url(state="completed", procedure=procedure, step=step),
        ),
    }
    procedures = dict(Procedure.choices)
    for row in (*data["compliance"]["rows"], *data["handling_times"]):
        row["procedure_label"] = procedures.get(row["procedure"], row["procedure"])
    for row in data["compliance"]["rows"]:
        row["steps_breached"] = row["steps_total"] - row["steps_met"]
        row["steps_percent"] = percent(row["steps_rate"])
        row["cases_percent"] = percent(row["cases_rate"])
    total = data["compliance"]["total"]
    total["steps_percent"] = percent(total["steps_rate"])
    total["cases_percent"] = percent(total["cases_rate"])
    for row in data["weekly_trend"]:
        row["percent"] = percent(row["rate"])
    overdue_top = figures.overdue_items(scope, today, limit=10)
    for row in overdue_top:
        row.step_title = titles.get((row.procedure, row.step), row.step)
    # Open steps and cases as pivots (a column per status); the bureaus are on the lists.
    open_steps = figures.by_status(data["open_steps"]["rows"], "procedure", "step")
    for row in open_steps:
        keys = {"procedure": row["procedure"], "step": row["step"]}
        row["cells"] = [
            (n, steps_url(state="open", status=s, **keys)) for s, n in row["counts"].items()
        ]
        row["url"] = steps_url(state="open", **keys)
        row["procedure_label"] = procedures.get(row["procedure"], row["procedure"])
        row["step_title"] = titles.get((row["procedure"], row["step"]), row["step"])
    open_cases = figures.by_status(data["open_cases"]["rows"], "procedure")
    for row in open_cases:
        keys = {"procedure": row["procedure"]}
        row["cells"] = [
            (n, cases_url(state="open", status=s, **keys)) for s, n in row["counts"].items()
        ]
        row["url"] = cases_url(state="open", **keys)
        row["procedure_label"] = procedures.get(row["procedure"], row["procedure"])
    for row in data["compliance"]["rows"]:
        scope_args = {"bureau": row["bureau"], "procedure": row["procedure"]}
        row["steps_url"] = steps_url(state="completed", **scope_args)
        row["breached_url"] = steps_url(state="completed", status="breached", **scope_args)
        row["cases_url"] = cases_url(state="closed", **scope_args)
    for row in data["handling_times"]:
        row["url"] = steps_url(state="completed", procedure=row["procedure"], step=row["step"])
        row["step_title"] = titles.get((row["procedure"], row["step"]), row["step"])
    for row in data["weekly_trend"]:
        row["url"] = steps_url(state="completed", week=row["week_start"].isoformat())
    totals_links = {
        "steps": {s: steps_url(state="open", status=s) for s in data["open_steps"]["total"]},
        "cases": {s: cases_url(state="open", status=s) for s in data["open_cases"]["total"]},
        "overdue": steps_url(state="overdue"),
        "completed": steps_url(state="completed"),
        "breached": steps_url(state="completed", status="breached"),
        "closed": cases_url(state="closed"),
        "closed_late": cases_url(state="closed", compliant="false"),
    }
    return render(
        request,
        "core/sla/dashboard.html",
        {
            "form": form,
            "data": data,
            "links": totals_links,
            "charts": chart_specs,
            "overdue_top": overdue_top,
            "open_steps": open_steps,
            "open_cases": open_cases,
            "provisional": _provisional(scope, steps_url(state="open", provisional="on")),
            "status_labels": {str(st): st.label for st in figures.OPEN_ORDER},
            "plotly_url": f"{BASE}plotly.min.js?v={charts.PLOTLY_VERSION}",
            "title": _("SLA dashboard"),
        },
    )


def _provisional(scope, url: str) -> dict:
    """The open deadlines of the scope counted into a year without the official schedule."""
    rows = figures.open_step_rows(scope).exclude(unconfirmed_years="")
    years = sorted({year for text in rows.values_list("unconfirmed_years", flat=True).distinct()
                    for year in text.split()})  # fmt: skip
    return {"count": rows.count(), "years": "、".join(years), "url": url}


def steps(request):
    _require(request)
    form = StepListForm(request.GET or {}, user=request.user)
    if not form.is_valid():
        return render(request, "core/sla/steps.html", {"form": form, "rows": []}, status=400)
    page = Paginator(step_list(form), PER_PAGE).get_page(request.GET.get("page"))
    today, calendar = timezone.localdate(), Calendar()
    titles = figures.step_titles()
    for row in page:
        row.step_title = titles.get((row.procedure, row.step), row.step)
        row.case_url = case_page_url(row.case)
        if row.status == "overdue":
            row.workdays_overdue = workdays_between(row.due_date, today, calendar).value
    for row in page:
        row.can_pause = (
            row.rule.pausable
            and row.status in (Deadline.Status.ON_TRACK, Deadline.Status.DUE_SOON)
            and can_act_on_case(request.user, row.case)
        )
        row.can_resume = row.status == Deadline.Status.PAUSED and can_act_on_case(
            request.user, row.case
        )
    can_reassign = request.user.is_superuser or request.user.has_role(Role.SUPERVISOR)
    return render(
        request,
        "core/sla/steps.html",
        {
            "form": form,
            "page_obj": page,
            "rows": page.object_list,
            "can_reassign": can_reassign,
            "staff": _reassignable_staff(page.object_list) if can_reassign else {},
            "title": _("Steps"),
        },
    )


def _reassignable_staff(rows) -> dict[int, list[User]]:
    """For each open task row: active staff of its role in its bureau (and the one above)."""
    choices = {}
    for row in rows:
        if row.task_id is None or row.status not in row.OPEN_STATUSES or not row.role:
            continue
        bureaus = [row.bureau_id, row.bureau.parent_id]
        people = list(
            User.objects.filter(groups__name=row.role, bureau_id__in=bureaus, is_active=True)
            .exclude(pk=row.assignee_id or 0)
            .select_related("bureau")
            .order_by("bureau__code", "username")
        )
        role = Role(row.role).label if row.role in Role.values else row.role
        for person in people:  # who they are, for the supervisor choosing
            bureau = person.bureau.name if person.bureau else ""
            person.choice_label = f"{person}（{role} · {bureau}）"
        choices[row.pk] = people
    return choices


def reassign(request):
    """A supervisor hands an open task to someone else, with a reason (audited)."""
    if request.method != "POST":
        raise Http404
    _require(request)
    task = Task.objects.filter(pk=request.POST.get("task")).first()
    to_user = User.objects.filter(pk=request.POST.get("to_user")).first()
    if task is None:
        raise Http404
    if to_user is None:
        messages.error(request, _("Choose whom to give the task to."))
    else:
        try:
            task_reassign(
                task=task, to_user=to_user, actor=request.user, reason=request.POST.get("reason")
            )
        except TaskFormInvalid as exc:
            for errors in exc.errors.values():
                for error in errors:
                    messages.error(request, error)
        except TaskError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The task now lies with %(who)s.") % {"who": to_user})
    back = request.POST.get("next", "")
    return HttpResponseRedirect(back if back.startswith(BASE) else BASE)


def pause_or_resume(request):
    """Staff who act on the case pause a deadline of a pausable rule (with a reason),
    or resume it (audited by the services)."""
    if request.method != "POST":
        raise Http404
    _require(request)
    deadline = Deadline.objects.filter(pk=request.POST.get("deadline")).first()
    if deadline is None:
        raise Http404
    try:
        if request.POST.get("action") == "resume":
            deadline_resume(deadline=deadline, actor=request.user)
            messages.success(request, _("The deadline runs again."))
        else:
            deadline_pause(
                deadline=deadline, actor=request.user, reason=request.POST.get("reason", "")
            )
            messages.success(request, _("The deadline is paused."))
    except DeadlineError as exc:
        messages.error(request, exc.message)
    back = request.POST.get("next", "")
    return HttpResponseRedirect(back if back.startswith(BASE) else BASE)


def cases(request):
    _require(request)
    form = CaseListForm(request.GET or {}, user=request.user)
    if not form.is_valid():
        return render(request, "core/sla/cases.html", {"form": form, "rows": []}, status=400)
    page = Paginator(case_list(form), PER_PAGE).get_page(request.GET.get("page"))
    titles = figures.step_titles()
    for case in page:
        case.step_title = titles.get((case.procedure, case.current_step), case.current_step)
        if getattr(case, "sla_status", None):
            case.sla_label = Deadline.Status(case.sla_status).label
    return render(
        request,
        "core/sla/cases.html",
        {
            "form": form,
            "page_obj": page,
            "rows": page.object_list,
            "title": _("Cases"),
        },
    )


def plotly_js(request):
    stream = open(charts.PLOTLY_JS, "rb")  # noqa: SIM115 - FileResponse closes it
    response = FileResponse(stream, content_type="text/javascript")
    response["Cache-Control"] = "max-age=31536000, immutable"
    return response


def reports(request):
    _require(request)
    page = Paginator(reports_visible_to(request.user), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "core/sla/reports.html",
        {"page_obj": page, "rows": page.object_list, "title": _("Weekly SLA reports")},
    )


FORMATS = {
    "pdf": ("pdf", "pdf_sha256", "application/pdf"),
    "xlsx": (
        "xlsx",
        "xlsx_sha256",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
}


def report_download(request, pk: int, fmt: str):
    """A stored report file of a bureau the user sees; refused (409) if it was altered."""
    _require(request)
    if fmt not in FORMATS:
        raise Http404
    report = get_object_or_404(reports_visible_to(request.user), pk=pk)
    field, digest_field, content_type = FORMATS[fmt]
    try:
        with getattr(report, field).open("rb") as stored:
            content = stored.read()
    except (FileNotFoundError, ValueError):
        content = None
    if content is None or hashlib.sha256(content).hexdigest() != getattr(report, digest_field):
        return HttpResponse(
            _("The stored report does not match its checksum; it may have been altered."),
            status=409,
            content_type="text/plain; charset=utf-8",
        )
    name = f"SLA-{report.bureau.code}-{report.week_start:%Y%m%d}.{fmt}"
    return FileResponse(
        io.BytesIO(content), as_attachment=True, filename=name, content_type=content_type
    )


class DashboardViewset(AppMenuMixin, Viewset):
    title = _("SLA dashboard")
    icon = "monitoring"
    turbo_disabled = True  # the charts' script runs on a full page load
    index_path = path("", dashboard, name="index")
    steps_path = path("steps/", steps, name="steps")
    cases_path = path("cases/", cases, name="cases")
    reassign_path = path("reassign/", reassign, name="reassign")
    pause_path = path("pause/", pause_or_resume, name="pause")
    plotly_path = path("plotly.min.js", plotly_js, name="plotly")

    def has_view_permission(self, user, obj=None):
        return can_view_sla(user)


class ReportsViewset(AppMenuMixin, Viewset):
    title = _("Weekly SLA reports")
    icon = "summarize"
    index_path = path("", reports, name="index")
    download_path = path("<int:pk>/<str:fmt>/", report_download, name="download")

    def has_view_permission(self, user, obj=None):
        return can_view_sla(user)

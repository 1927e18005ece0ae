"""系统对接: the integrations page, and an administrator's pause, resume and retry."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from viewflow.urls import AppMenuMixin, Viewset

from workflows.core.integrations.figures import (
    age_text,
    can_view_integrations,
    dead_letters,
    integrations_summary,
)
from workflows.core.models import OutboundMessage
from workflows.core.outbound_kinds import BY_CODE
from workflows.core.services.outbound import (
    outbound_retry,
    outbound_target_pause,
    outbound_target_resume,
)

PAGE = "/app/integrations/status/"


def status_page(request):
    if not can_view_integrations(request.user):
        raise PermissionDenied(_("The integrations page is for administrators and supervisors."))
    summary = integrations_summary()
    for row in summary["outbound"]:
        row["oldest_unsent"] = age_text(row["oldest_unsent_seconds"])
    dead = dead_letters()
    for message in dead:
        kind = BY_CODE.get(message.message_type)
        message.kind_title = kind.title if kind else message.message_type
    return render(request, "core/integrations.html", {
        "summary": summary, "dead": dead, "operator": request.user.is_superuser,
    })  # fmt: skip


def _operator(request) -> HttpResponse | None:
    """Refuse anyone but an administrator (before telling them the method is wrong), and
    an act not confirmed (its check box)."""
    if not request.user.is_superuser:
        raise PermissionDenied(_("Only an administrator pauses, resumes or retries deliveries."))
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if request.POST.get("confirm") != "on":
        messages.error(request, _("Tick the box to confirm: nothing was changed."))
        return HttpResponseRedirect(PAGE)
    return None


def _target(code: str) -> str:
    if code not in OutboundMessage.Target.values:
        raise Http404
    return code


def target_pause(request, code):
    if refused := _operator(request):
        return refused
    reason = request.POST.get("reason", "").strip()
    if not reason:
        messages.error(request, _("Give the reason for the pause."))
        return HttpResponseRedirect(PAGE)
    outbound_target_pause(target=_target(code), actor=request.user, reason=reason[:200])
    messages.success(request, _("Delivery to %(target)s is paused; messages wait, none is lost.")
                     % {"target": OutboundMessage.Target(code).label})  # fmt: skip
    return HttpResponseRedirect(PAGE)


def target_resume(request, code):
    if refused := _operator(request):
        return refused
    outbound_target_resume(target=_target(code), actor=request.user)
    messages.success(request, _("Delivery to %(target)s resumed, starting with what waited.")
                     % {"target": OutboundMessage.Target(code).label})  # fmt: skip
    return HttpResponseRedirect(PAGE)


def message_retry(request, pk):
    if refused := _operator(request):
        return refused
    message = get_object_or_404(OutboundMessage, pk=pk, status=OutboundMessage.Status.DEAD)
    outbound_retry(message=message, actor=request.user)
    messages.success(request, _("Message %(id)d is queued for delivery again.") % {"id": pk})
    return HttpResponseRedirect(PAGE)


class IntegrationsViewset(AppMenuMixin, Viewset):
    app_name = "status"
    title = gettext_lazy("Integrations")
    icon = "sync_alt"
    index_path = path("", status_page, name="index")
    pause_path = path("targets/<str:code>/pause/", target_pause, name="pause")
    resume_path = path("targets/<str:code>/resume/", target_resume, name="resume")
    retry_path = path("messages/<int:pk>/retry/", message_retry, name="retry")

    def has_view_permission(self, user, obj=None) -> bool:
        return can_view_integrations(user)

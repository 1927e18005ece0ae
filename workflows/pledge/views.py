"""Pages of the pledge application: the register, the file import, verification planning."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View, generic
from django.views.decorators.http import require_POST

from forms.pledge import PledgeFileForm
from forms.tabular import TabularFileError
from workflows.core.models import Bureau
from workflows.core.permissions import can_act_for_bureau
from workflows.core.roles import Role, is_staff_member
from workflows.core.selectors import bureaus_visible_to
from workflows.pledge.models import Pledge, PledgeType
from workflows.pledge.selectors import draws_visible_to, pledges_visible_to
from workflows.pledge.services import (
    pledge_check_now,
    pledges_draw,
    pledges_import,
    sampling_draw_rederive,
)


def is_pledge_handler(user) -> bool:
    """Case handlers (and superusers) import pledges and plan verification."""
    return is_staff_member(user) and (user.is_superuser or user.has_role(Role.HANDLER))


class StaffOnlyMixin:
    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not is_staff_member(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class HandlerOnlyMixin:
    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not is_pledge_handler(request.user):
            raise PermissionDenied(_("Only case handlers plan verification and import pledges."))
        return super().dispatch(request, *args, **kwargs)


class RegisterView(StaffOnlyMixin, generic.ListView):
    """信用承诺登记簿: every pledge of the user's bureaus, filtered by state and type."""

    template_name = "pledge/register.html"
    paginate_by = 25

    def get_queryset(self):
        pledges = pledges_visible_to(self.request.user)
        state, kind = self.request.GET.get("state", ""), self.request.GET.get("type", "")
        if state == "overdue":
            pledges = pledges.filter(
                state__in=Pledge.OPEN_STATES, verification_due__lt=timezone.localdate()
            )
        elif state in Pledge.State.values:
            pledges = pledges.filter(state=state)
        if kind in PledgeType.values:
            pledges = pledges.filter(pledge_type=kind)
        return pledges.order_by("-pledged_on", "-pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET
        context |= {
            "state": query.get("state", ""),
            "type": query.get("type", ""),
            "states": [*Pledge.State.choices, ("overdue", _("Verification overdue"))],
            "types": PledgeType.choices,
            "today": timezone.localdate(),
            "open_states": Pledge.OPEN_STATES,
            "may_check": is_pledge_handler(self.request.user),
        }
        return context


@require_POST
def check_now(request: HttpRequest, pk: int) -> HttpResponse:
    """A full check of one registered pledge outside a draw (e.g. after a complaint)."""
    if not is_pledge_handler(request.user):
        raise PermissionDenied
    pledge = get_object_or_404(pledges_visible_to(request.user), pk=pk)
    if not can_act_for_bureau(request.user, pledge.bureau_id):
        raise PermissionDenied
    try:
        verification = pledge_check_now(pledge=pledge, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("Verification case %(case)s opened.") % {"case": verification.case.case_no}
        )
    return HttpResponseRedirect(reverse("pledge:register:index"))


class ImportView(HandlerOnlyMixin, View):
    """Upload a CSV (UTF-8 or GBK) or XLSX file of pledges; the report lists every row."""

    template_name = "pledge/import.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, {"form": PledgeFileForm()})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = PledgeFileForm(request.POST, request.FILES)
        report = None
        if form.is_valid():
            try:
                report = pledges_import(
                    source=form.cleaned_data["file"].read(), actor=request.user,
                    bureaus=bureaus_visible_to(request.user),
                )  # fmt: skip
            except TabularFileError as exc:
                form.add_error("file", str(exc))
        context = {"form": form, "report": report.to_dict() if report else None}
        return render(request, self.template_name, context, status=200 if report else 400)


class DrawView(HandlerOnlyMixin, View):
    """Plan verification: draw over the bureau's registered pledges; past draws with
    their seed and whether the selection re-derives from it."""

    template_name = "pledge/draws.html"

    def get(self, request: HttpRequest, error: str = "") -> HttpResponse:
        draws = list(draws_visible_to(request.user)[:20])
        for draw in draws:
            entries = list(draw.entries.all())
            draw.population = len(entries)
            draw.selected = sum(entry.selected for entry in entries)
            draw.reproduced = sampling_draw_rederive(draw) == {
                entry.pledge_id: entry.selected for entry in entries
            }
        waiting = pledges_visible_to(request.user).filter(state=Pledge.State.REGISTERED)
        context = {"draws": draws, "waiting": waiting.count(), "error": error}
        return render(request, self.template_name, context, status=400 if error else 200)

    def post(self, request: HttpRequest) -> HttpResponse:
        bureau = get_object_or_404(Bureau, pk=request.user.bureau_id)
        if not can_act_for_bureau(request.user, bureau):
            raise PermissionDenied
        try:
            result = pledges_draw(bureau=bureau, actor=request.user)
        except ValidationError as exc:
            return self.get(request, error=" ".join(exc.messages))
        messages.success(
            request,
            _("Drawn: %(selected)d to verify, %(not_drawn)d not drawn, %(exempt)d exempt.")
            % {"selected": result.selected, "not_drawn": result.not_drawn,
               "exempt": result.exempt},
        )  # fmt: skip
        return HttpResponseRedirect(request.path)

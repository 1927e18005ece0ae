"""推荐入盟: a prefecture bureau nominates an enterprise of its area.

The screening runs at once; the case page shows its result item by item, with the
reason of every failed item. A subject already in the alliance procedure is refused
with the reason and nothing is stored.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import View

from forms.alliance import NominationForm
from workflows.alliance.models import Admission
from workflows.alliance.permissions import can_nominate, may_nominate
from workflows.alliance.services import AllianceRefused, admission_open
from workflows.alliance.views.urls import case_url
from workflows.core.selectors import subjects_visible_to


class NominateView(View):
    template_name = "alliance/nominate.html"

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not may_nominate(request.user):
            raise PermissionDenied(_("Only handlers, section heads and leaders nominate."))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, {"form": NominationForm()})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = NominationForm(request.POST)
        reasons: list[str] = []
        if form.is_valid():
            data = form.cleaned_data
            subject = subjects_visible_to(request.user).filter(uscc=data["uscc"]).first()
            if subject is None or not can_nominate(request.user, subject):
                form.add_error(
                    "uscc", _("No subject with this code in the bureaus where you may nominate.")
                )
            else:
                try:
                    admission = admission_open(
                        subject=subject,
                        channel=Admission.Channel.NOMINATION,
                        established_on=data["established_on"],
                        contact_name=data["contact_name"],
                        contact_phone=data["contact_phone"],
                        statement=data["statement"],
                        pledge_signed=data["pledge_signed"],
                        actor=request.user,
                    )
                except AllianceRefused as exc:
                    reasons = exc.reasons
                else:
                    _announce(request, admission)
                    return HttpResponseRedirect(case_url(admission.case))
        context = {"form": form, "reasons": reasons}
        return render(request, self.template_name, context, status=400)


def _announce(request: HttpRequest, admission: Admission) -> None:
    values = {"case": admission.case.case_no}
    if admission.screening_passed:
        messages.success(request, _("Nominated as %(case)s; the screening passed.") % values)
    else:
        messages.warning(request, _("%(case)s failed the screening; see the reasons.") % values)

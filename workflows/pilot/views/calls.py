"""申报通知 and 试点申报: the regional bureau's calls and the prefectures' applications."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View, generic

from forms.attachments import attachments_of
from forms.pilot import ApplicationForm, CallForm
from workflows.core.roles import is_staff_member
from workflows.core.services.kit import local_today
from workflows.pilot.permissions import can_apply, can_issue_call
from workflows.pilot.selectors import calls_list, open_calls
from workflows.pilot.services import pilot_apply, pilot_call_issue


class CallListView(generic.ListView):
    template_name = "pilot/call_list.html"
    paginate_by = 20

    def dispatch(self, request, *args, **kwargs):
        if not is_staff_member(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return calls_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context |= {
            "today": local_today(),
            "can_issue": can_issue_call(self.request.user),
            "can_apply": can_apply(self.request.user),
        }
        return context


class CallCreateView(View):
    template_name = "pilot/call_form.html"

    def dispatch(self, request, *args, **kwargs):
        if not can_issue_call(request.user):
            raise PermissionDenied(_("Only the regional bureau issues calls for pilots."))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        form = CallForm(initial={"year": local_today().year, "opened_on": local_today()})
        return render(request, self.template_name, {"form": form})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = CallForm(request.POST)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form}, status=400)
        call = pilot_call_issue(data=form.cleaned_data, actor=request.user)
        messages.success(request, _("The call “%(title)s” is open.") % {"title": call.title})
        return HttpResponseRedirect(reverse("pilot:calls:index"))


class ApplyView(View):
    """The prefecture's application with its materials, checked by content; a refused
    application (closed call, quota used) shows the reason and stores nothing."""

    template_name = "pilot/apply.html"

    def dispatch(self, request, *args, **kwargs):
        if not can_apply(request.user):
            raise PermissionDenied(_("Pilots are applied for by prefecture case handlers."))
        return super().dispatch(request, *args, **kwargs)

    def _render(self, request, form, status=200) -> HttpResponse:
        context = {"form": form, "max_upload_mb": f"{settings.UPLOAD_MAX_BYTES / 2**20:g}"}
        return render(request, self.template_name, context, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        calls = open_calls(local_today())
        initial = {"call": calls.first()} if calls.count() == 1 else {}
        return self._render(request, ApplicationForm(calls=calls, initial=initial))

    def post(self, request: HttpRequest) -> HttpResponse:
        # Every call is offered so a call that closed meanwhile gets its own message.
        form = ApplicationForm(request.POST, request.FILES, calls=calls_list())
        if not form.is_valid():
            return self._render(request, form, status=400)
        data = form.cleaned_data
        try:
            application = pilot_apply(
                call=data["call"], bureau=request.user.bureau, data=data,
                attachments=attachments_of(form), actor=request.user,
            )  # fmt: skip
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
            return self._render(request, form, status=400)
        messages.success(
            request,
            _("Application received as %(case_no)s; the regional bureau checks it within "
              "5 working days.") % {"case_no": application.case.case_no},
        )  # fmt: skip
        return HttpResponseRedirect(reverse("pilot:cases:detail", args=[application.case_id]))

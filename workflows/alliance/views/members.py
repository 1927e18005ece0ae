"""同盟成员: memberships in the bureaus the user sees, by state."""

from django.core.exceptions import PermissionDenied
from django.views import generic

from workflows.alliance.models import Membership
from workflows.alliance.selectors import memberships_visible_to
from workflows.core.roles import is_staff_member


class MemberListView(generic.ListView):
    template_name = "alliance/members.html"
    paginate_by = 25

    def dispatch(self, request, *args, **kwargs):
        if not is_staff_member(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        qs = memberships_visible_to(self.request.user)
        state = self.request.GET.get("state", Membership.State.MEMBER)
        if state in Membership.State.values:
            qs = qs.filter(state=state)
        return qs.prefetch_related("admissions__case").order_by("-updated_at", "-pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["state"] = self.request.GET.get("state", Membership.State.MEMBER)
        context["states"] = Membership.State.choices
        return context

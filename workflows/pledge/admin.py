"""Admin: sampling-policy versions are edited here (audited, frozen once a draw used
them); the register, draws and verifications the services write are read-only."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from workflows.core.admin import ReadOnlyAdmin
from workflows.pledge.models import DrawEntry, Pledge, SamplingDraw, SamplingPolicy, Verification
from workflows.pledge.services import sampling_policy_save


@admin.register(SamplingPolicy)
class SamplingPolicyAdmin(admin.ModelAdmin):
    list_display = ("version", "title", "effective_from", "ratio_a", "ratio_b", "ratio_c",
                    "ratio_d", "member_factor")  # fmt: skip

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.draws.exists():
            return [field.name for field in obj._meta.fields]
        return ["created_at"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change) -> None:
        try:
            sampling_policy_save(policy=obj, actor=request.user)
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.ERROR)


@admin.register(Pledge)
class PledgeAdmin(ReadOnlyAdmin):
    list_display = ("pk", "subject", "pledge_type", "pledged_on", "verification_due", "state")
    list_filter = ("state", "pledge_type", "source")
    search_fields = ("subject__uscc", "subject__name", "source_ref")


@admin.register(SamplingDraw)
class SamplingDrawAdmin(ReadOnlyAdmin):
    list_display = ("pk", "bureau", "drawn_on", "policy", "seed")


@admin.register(DrawEntry)
class DrawEntryAdmin(ReadOnlyAdmin):
    list_display = ("draw", "pledge", "mode", "risk_class", "member", "ratio", "value", "selected")


@admin.register(Verification)
class VerificationAdmin(ReadOnlyAdmin):
    list_display = ("case", "pledge", "method", "result", "outcome", "decided_on")

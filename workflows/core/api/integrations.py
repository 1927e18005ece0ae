"""``GET /api/v1/integrations/``: the integrations page's figures, for administrators
and supervisors (monitoring polls it)."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from workflows.core.api.permissions import StaffAPIMixin
from workflows.core.api.schema import NOT_AUTHENTICATED
from workflows.core.integrations.figures import can_view_integrations, integrations_summary

_OUTBOUND = {
    "target": serializers.CharField(),
    "name": serializers.CharField(),
    "channel": serializers.CharField(help_text="http, file, or a channel class."),
    "address": serializers.CharField(help_text="Where the channel delivers (no credentials)."),
    "paused": serializers.BooleanField(),
    "pause_reason": serializers.CharField(),
    "paused_by": serializers.CharField(),
    "queued": serializers.IntegerField(),
    "failing": serializers.IntegerField(help_text="Queued after at least one failed attempt."),
    "sent": serializers.IntegerField(),
    "dead": serializers.IntegerField(),
    "oldest_unsent_seconds": serializers.IntegerField(allow_null=True),
    "last_sent_at": serializers.DateTimeField(allow_null=True),
    "last_error": serializers.CharField(),
    "last_error_at": serializers.DateTimeField(allow_null=True),
}  # fmt: skip

_INBOUND = {
    "kind": serializers.CharField(),
    "kind_name": serializers.CharField(),
    "channel": serializers.CharField(),
    "channel_name": serializers.CharField(),
    "client": serializers.CharField(help_text="User name of the sender; empty: a command."),
    "client_name": serializers.CharField(),
    "last_call_at": serializers.DateTimeField(),
    "calls": serializers.IntegerField(),
    "rows": serializers.IntegerField(),
    "accepted": serializers.IntegerField(),
    "rejected": serializers.IntegerField(),
}  # fmt: skip


class IntegrationsView(StaffAPIMixin, APIView):
    @extend_schema(
        tags=["integrations"],
        summary="How the exchanges with other systems stand",
        responses={
            200: inline_serializer(
                "IntegrationsSummary",
                {
                    "as_of": serializers.DateTimeField(),
                    "outbound": _OUTBOUND.__class__(many=True),
                    "inbound": _INBOUND.__class__(many=True),
                },
            ),  # fmt: skip
            401: NOT_AUTHENTICATED,
            403: NOT_AUTHENTICATED,
        },
    )
    def get(self, request):
        if not can_view_integrations(request.user):
            raise PermissionDenied(_("For administrators and supervisors."))
        return Response(integrations_summary())

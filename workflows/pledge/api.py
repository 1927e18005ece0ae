"""The pledge register through the staff API: ``/api/v1/pledges/``.

``GET`` lists the pledges of the caller's bureaus (paginated; filters ``state``, ``type``,
``uscc``). ``POST`` registers a pledge with the fields of ``forms.pledge.PledgeForm``;
a subject restricted from pledge-based handling answers 400 with the reasons under
``uscc``. Registering the same ``source_ref`` again answers 200 with the stored pledge.
"""

from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import ListAPIView
from rest_framework.response import Response

from forms.pledge import PledgeForm
from workflows.core.api.form_data import form_data
from workflows.core.api.pagination import StandardPagination
from workflows.core.api.permissions import StaffAPIMixin
from workflows.core.permissions import acts_on_cases, can_act_for_bureau
from workflows.core.selectors import subjects_visible_to
from workflows.pledge.models import Pledge, PledgeType
from workflows.pledge.selectors import pledges_visible_to
from workflows.pledge.services import PledgeRefused, pledge_register


class PledgeSerializer(serializers.ModelSerializer):
    uscc = serializers.CharField(source="subject.uscc")
    subject_name = serializers.CharField(source="subject.name")
    bureau = serializers.CharField(source="bureau.code")
    linked_case = serializers.CharField(
        source="linked_case.case_no", default=None, allow_null=True, read_only=True
    )
    verification_case = serializers.CharField(
        source="case.case_no", default=None, allow_null=True, read_only=True
    )
    false_record = serializers.IntegerField(
        source="false_record_id", default=None, allow_null=True, read_only=True
    )

    class Meta:
        model = Pledge
        fields = (
            "id", "uscc", "subject_name", "bureau", "pledge_type", "content", "matter",
            "licence_no", "source", "source_ref", "linked_case", "pledged_on",
            "verification_due", "state", "check_mode", "verification_case", "false_record",
            "closed_on",
        )  # fmt: skip


class PledgeRequestSerializer(serializers.Serializer):
    """The request body (validated by ``forms.pledge.PledgeForm``)."""

    uscc = serializers.CharField(help_text="统一社会信用代码")
    pledge_type = serializers.ChoiceField(choices=PledgeType.choices)
    content = serializers.CharField(help_text="承诺内容")
    matter = serializers.CharField(required=False, help_text="承诺事项")
    licence_no = serializers.CharField(required=False, help_text="许可证编号 (licensing pledges)")
    pledged_on = serializers.DateField()
    verification_due = serializers.DateField(required=False)
    source_ref = serializers.CharField(help_text="The calling system's reference (idempotency)")


class PledgeListCreateView(StaffAPIMixin, ListAPIView):
    serializer_class = PledgeSerializer
    pagination_class = StandardPagination

    @extend_schema(
        tags=["pledges"],
        summary="The pledge register of your bureaus",
        parameters=[
            OpenApiParameter("state", OpenApiTypes.STR, enum=Pledge.State.values),
            OpenApiParameter("type", OpenApiTypes.STR, enum=PledgeType.values),
            OpenApiParameter("uscc", OpenApiTypes.STR),
        ],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        pledges = pledges_visible_to(self.request.user).order_by("-pledged_on", "-pk")
        query = self.request.query_params
        if query.get("state") in Pledge.State.values:
            pledges = pledges.filter(state=query["state"])
        if query.get("type") in PledgeType.values:
            pledges = pledges.filter(pledge_type=query["type"])
        if query.get("uscc"):
            pledges = pledges.filter(subject__uscc=query["uscc"].strip().upper())
        return pledges

    @extend_schema(
        tags=["pledges"],
        summary="Register a pledge",
        request=PledgeRequestSerializer,
        responses={
            201: PledgeSerializer,
            200: PledgeSerializer,
            400: OpenApiTypes.OBJECT,
            403: OpenApiTypes.OBJECT,
        },
    )
    def post(self, request):
        if not acts_on_cases(request.user):
            raise PermissionDenied(
                _("Supervisors and auditors read the register; they do not register pledges.")
            )
        form = PledgeForm(form_data(request.data))
        if not form.is_valid():
            return Response(form.errors, status=400)
        data = form.cleaned_data
        subject = subjects_visible_to(request.user).filter(uscc=data["uscc"]).first()
        if subject is None or not can_act_for_bureau(request.user, subject.region):
            return Response({"uscc": [_("No subject with this code in your bureaus.")]}, 400)
        source = Pledge.Source.API
        existing = Pledge.objects.filter(source=source, source_ref=data["source_ref"]).first()
        if existing is not None:
            return Response(PledgeSerializer(existing).data, status=200)
        fields = ("pledge_type", "content", "matter", "licence_no", "pledged_on",
                  "verification_due", "source_ref")  # fmt: skip
        try:
            pledge = pledge_register(subject=subject, source=source, actor=request.user,
                                     **{name: data[name] for name in fields})  # fmt: skip
        except PledgeRefused as exc:
            return Response({"uscc": exc.reasons}, status=400)
        return Response(PledgeSerializer(pledge).data, status=201)


urlpatterns = [path("", PledgeListCreateView.as_view(), name="pledges")]

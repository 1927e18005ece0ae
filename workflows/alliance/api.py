"""企业信用同盟 through the online service channel (一网通办), under ``/api/v1/alliance/``.

- ``POST applications/``: an enterprise applies; screening runs at once and its result,
  item by item, is the answer.
- ``GET notices/``: the candidates whose public notice is running.
- ``POST objections/``: an objection to a candidate on notice.
- ``POST withdrawals/``: a member leaves the alliance (退盟).

The same validators as the nomination page and the same services; nothing is stored on
400, 404 or 422. The contract is in the OpenAPI schema (``/api/schema/``).
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.authentication import TokenAuthentication
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from forms.repair import normalize_phone
from forms.validators import normalize_uscc
from workflows.alliance.models import Admission, Objection
from workflows.alliance.selectors import admissions_on_notice
from workflows.alliance.services import (
    AllianceRefused,
    admission_open,
    membership_withdraw,
    objection_receive,
)
from workflows.core.api.schema import NOT_AUTHENTICATED
from workflows.core.models import Deadline, Subject
from workflows.core.roles import Role


class IsOnlineChannel(BasePermission):
    message = gettext_lazy("This endpoint is for the online service channel only.")

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.has_role(Role.ONLINE))


def _validated(function, value):
    try:
        return function(value)
    except DjangoValidationError as exc:
        raise serializers.ValidationError(list(exc.messages)) from None


class ApplicationRequestSerializer(serializers.Serializer):
    uscc = serializers.CharField(
        max_length=64,
        help_text=gettext_lazy("Unified social credit code (full-width and lower case accepted)."),
    )
    established_on = serializers.DateField(
        help_text=gettext_lazy("Date of establishment, as on the business licence.")
    )
    contact_name = serializers.CharField(max_length=100)
    contact_phone = serializers.CharField(max_length=32, required=False, allow_blank=True)
    statement = serializers.CharField(
        max_length=4000,
        help_text=gettext_lazy("Why the enterprise applies: credit management, compliance."),
    )
    pledge_signed = serializers.BooleanField(
        help_text=gettext_lazy("Whether the public credit pledge (信用承诺书) is signed.")
    )

    def validate_uscc(self, value: str) -> str:
        return _validated(normalize_uscc, value)

    def validate_contact_phone(self, value: str) -> str:
        return _validated(normalize_phone, value)

    def validate_established_on(self, value):
        if value > timezone.localdate():
            raise serializers.ValidationError(_("The establishment date cannot be in the future."))
        return value


class ScreeningItemSerializer(serializers.Serializer):
    check = serializers.CharField(source="code")
    title = serializers.CharField()
    passed = serializers.BooleanField()
    reason = serializers.CharField(help_text=gettext_lazy("Why the item failed; empty if passed."))


class ApplicationCreatedSerializer(serializers.Serializer):
    case_id = serializers.IntegerField()
    case_no = serializers.CharField()
    received_on = serializers.DateField()
    outcome = serializers.ChoiceField(choices=Admission.Outcome.choices)
    screening_passed = serializers.BooleanField()
    screening = ScreeningItemSerializer(many=True)
    prefecture_review_due_date = serializers.DateField(
        allow_null=True,
        help_text=gettext_lazy("Last day of the prefecture review (null when screening failed)."),
    )


class NoticeSerializer(serializers.Serializer):
    case_no = serializers.CharField(source="case.case_no")
    name = serializers.CharField(source="case.subject.name")
    uscc = serializers.CharField(source="case.subject.uscc")
    bureau = serializers.CharField(source="case.bureau.name")
    notice_from = serializers.DateField()
    notice_until = serializers.DateField()


class ObjectionRequestSerializer(serializers.Serializer):
    case_no = serializers.CharField(
        max_length=64, help_text=gettext_lazy("Case number of the candidate on notice.")
    )
    objector_name = serializers.CharField(max_length=100)
    objector_contact = serializers.CharField(max_length=100, required=False, allow_blank=True)
    grounds = serializers.CharField(max_length=4000)


class ObjectionCreatedSerializer(serializers.Serializer):
    objection_id = serializers.IntegerField(source="pk")
    case_no = serializers.CharField(source="admission.case.case_no")
    received_on = serializers.DateField()
    status = serializers.ChoiceField(choices=Objection.Status.choices)


class WithdrawalRequestSerializer(serializers.Serializer):
    uscc = serializers.CharField(max_length=64)
    reason = serializers.CharField(max_length=2000)

    def validate_uscc(self, value: str) -> str:
        return _validated(normalize_uscc, value)


class WithdrawalDoneSerializer(serializers.Serializer):
    case_no = serializers.CharField()
    state = serializers.CharField(help_text=gettext_lazy("The membership's state: withdrawn."))


_ERROR = inline_serializer("AllianceError", {"detail": serializers.CharField()})
_REFUSED = OpenApiResponse(
    inline_serializer(
        "AllianceRefused", {"reasons": serializers.ListField(child=serializers.CharField())}
    ),
    description="Refused with every reason; nothing is stored.",
    examples=[
        OpenApiExample(
            "已是成员",
            value={"reasons": ["新疆天山乳业有限公司已是企业信用同盟成员。"]},
            status_codes=["422"],
        )
    ],
)
_FORBIDDEN = OpenApiResponse(_ERROR, description="Not the online service channel.")
_FIELD_ERRORS = OpenApiResponse(
    description="A field is missing or wrong: an object mapping each field to its messages.",
    examples=[
        OpenApiExample(
            "字段错误",
            value={"uscc": ["校验码（第18位）为“1”，应为“6”。"]},
            status_codes=["400"],
        )
    ],
)


class ApplicationView(APIView):
    authentication_classes = (TokenAuthentication,)
    permission_classes = (IsOnlineChannel,)

    @extend_schema(
        tags=["alliance"],
        summary="An enterprise applies to join the credit alliance",
        description=(
            "The subject must be registered in the system. The eligibility screening runs "
            "at once: **201** with `screening_passed` and every checklist item (a failed "
            "item carries its reason; the case is then closed as `screening_failed`); "
            "**400** field errors; **422** the subject is already a candidate or member."
        ),
        request=ApplicationRequestSerializer,
        responses={
            201: ApplicationCreatedSerializer,
            400: _FIELD_ERRORS,
            401: NOT_AUTHENTICATED,
            403: _FORBIDDEN,
            422: _REFUSED,
        },
        examples=[
            OpenApiExample(
                "入盟申请",
                value={
                    "uscc": "91650100MA00000167",
                    "established_on": "2015-06-18",
                    "contact_name": "王磊",
                    "contact_phone": "13899880000",
                    "statement": "企业建立了信用管理制度，连续五年信用风险分类为A类。",
                    "pledge_signed": True,
                },
                request_only=True,
            )
        ],
    )
    def post(self, request):
        serializer = ApplicationRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        subject = Subject.objects.filter(uscc=data["uscc"]).first()
        if subject is None:
            return Response(
                {"uscc": [_("No subject with this code is registered.")]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        try:
            admission = admission_open(
                subject=subject,
                channel=Admission.Channel.APPLICATION,
                established_on=data["established_on"],
                contact_name=data["contact_name"],
                contact_phone=data.get("contact_phone", ""),
                statement=data["statement"],
                pledge_signed=data["pledge_signed"],
                actor=request.user,
            )
        except AllianceRefused as exc:
            return Response({"reasons": exc.reasons}, status=status.HTTP_422_UNPROCESSABLE_ENTITY)
        milestone = Deadline.objects.filter(
            case=admission.case, task__isnull=True, rule__code="AL-PREF-REVIEW"
        ).first()
        body = {
            "case_id": admission.case_id,
            "case_no": admission.case.case_no,
            "received_on": admission.received_on,
            "outcome": admission.outcome,
            "screening_passed": admission.screening_passed,
            "screening": admission.screening.all(),
            "prefecture_review_due_date": milestone.due_date if milestone else None,
        }
        return Response(ApplicationCreatedSerializer(body).data, status=status.HTTP_201_CREATED)


class NoticeListView(APIView):
    authentication_classes = (TokenAuthentication,)
    permission_classes = (IsOnlineChannel,)

    @extend_schema(
        tags=["alliance"],
        summary="Candidates on public notice (拟入盟企业名单公示)",
        responses={200: NoticeSerializer(many=True), 401: NOT_AUTHENTICATED, 403: _FORBIDDEN},
    )
    def get(self, request):
        return Response(NoticeSerializer(admissions_on_notice(), many=True).data)


class ObjectionView(APIView):
    authentication_classes = (TokenAuthentication,)
    permission_classes = (IsOnlineChannel,)

    @extend_schema(
        tags=["alliance"],
        summary="Object to a candidate during its public notice",
        description=(
            "**201** the objection is recorded and will be verified (10 working days after "
            "the notice); **400** field errors; **404** no admission case with this number; "
            "**422** the candidate is not on notice (not yet, or the period is over)."
        ),
        request=ObjectionRequestSerializer,
        responses={
            201: ObjectionCreatedSerializer,
            400: _FIELD_ERRORS,
            401: NOT_AUTHENTICATED,
            403: _FORBIDDEN,
            404: OpenApiResponse(_ERROR, description="No admission case with this number."),
            422: _REFUSED,
        },
        examples=[
            OpenApiExample(
                "公示异议",
                value={
                    "case_no": "乌市监同盟〔2026〕3号",
                    "objector_name": "李华",
                    "objector_contact": "13700001111",
                    "grounds": "该企业2025年曾拖欠供应商货款且拒不履行判决。",
                },
                request_only=True,
            )
        ],
    )
    def post(self, request):
        serializer = ObjectionRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        admission = Admission.objects.filter(case__case_no=data["case_no"].strip()).first()
        if admission is None:
            return Response(
                {"detail": _("There is no admission case with this number.")},
                status=status.HTTP_404_NOT_FOUND,
            )
        try:
            objection = objection_receive(
                admission=admission,
                channel=Objection.Channel.ONLINE,
                objector_name=data["objector_name"],
                objector_contact=data.get("objector_contact", ""),
                grounds=data["grounds"],
                actor=request.user,
            )
        except AllianceRefused as exc:
            return Response({"reasons": exc.reasons}, status=status.HTTP_422_UNPROCESSABLE_ENTITY)
        return Response(ObjectionCreatedSerializer(objection).data, status=status.HTTP_201_CREATED)


class WithdrawalView(APIView):
    authentication_classes = (TokenAuthentication,)
    permission_classes = (IsOnlineChannel,)

    @extend_schema(
        tags=["alliance"],
        summary="A member withdraws from the credit alliance (退盟)",
        description=(
            "**201** the membership ends today and the 退盟确认书 is issued; **400** field "
            "errors; **422** not a member, or a review of the member is still open."
        ),
        request=WithdrawalRequestSerializer,
        responses={
            201: WithdrawalDoneSerializer,
            400: _FIELD_ERRORS,
            401: NOT_AUTHENTICATED,
            403: _FORBIDDEN,
            422: _REFUSED,
        },
    )
    def post(self, request):
        serializer = WithdrawalRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        subject = Subject.objects.filter(uscc=data["uscc"]).first()
        if subject is None:
            return Response(
                {"uscc": [_("No subject with this code is registered.")]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        try:
            case = membership_withdraw(subject=subject, reason=data["reason"], actor=request.user)
        except AllianceRefused as exc:
            return Response({"reasons": exc.reasons}, status=status.HTTP_422_UNPROCESSABLE_ENTITY)
        body = {"case_no": case.case_no, "state": "withdrawn"}
        return Response(WithdrawalDoneSerializer(body).data, status=status.HTTP_201_CREATED)


app_name = "alliance-api"
urlpatterns = [
    path("applications/", ApplicationView.as_view(), name="applications"),
    path("notices/", NoticeListView.as_view(), name="notices"),
    path("objections/", ObjectionView.as_view(), name="objections"),
    path("withdrawals/", WithdrawalView.as_view(), name="withdrawals"),
]

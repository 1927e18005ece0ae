"""The registration system's push of subjects: ``POST /api/v1/registration/subjects/``.

The registration system (经营主体登记系统) sends the subjects it registered or changed,
in its own words (主体类型 有限责任公司…, 登记状态 存续/在业/吊销/注销/迁出, 成立日期), up
to 1,000 per call. Each is created or updated by its USCC, so sending the same batch
again changes nothing; the answer reports every rejected row by its position with the
error of each field, and every row stored with a warning (a type that contradicts the
code). Only the registration system's API client may call it.
"""

from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from workflows.core.api.form_data import form_data
from workflows.core.api.schema import NOT_AUTHENTICATED
from workflows.core.roles import Role
from workflows.core.services.subjects import subjects_receive

MAX_ROWS = 1000


class IsRegistrationSystem(BasePermission):
    message = gettext_lazy("This endpoint is for the registration system only.")

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.has_role(Role.REGISTRATION))


class SubjectRowSerializer(serializers.Serializer):
    """One subject as the registration system sends it (validated row by row)."""

    uscc = serializers.CharField(help_text="统一社会信用代码")
    name = serializers.CharField(help_text="名称")
    legal_rep = serializers.CharField(help_text="法定代表人 / 经营者")
    region_code = serializers.CharField(help_text="所属地区代码 (6 digits)")
    subject_type = serializers.CharField(required=False, help_text="主体类型, e.g. 有限责任公司")
    status = serializers.CharField(
        required=False, help_text="登记状态: 存续, 在业, 吊销, 注销, 迁出"
    )
    established_on = serializers.CharField(required=False, help_text="成立日期, YYYY-MM-DD")
    reg_authority = serializers.CharField(required=False, help_text="登记机关")
    address = serializers.CharField(required=False, help_text="住所")


_REPORT = inline_serializer(
    "SubjectPushReport",
    {
        "created": serializers.IntegerField(),
        "updated": serializers.IntegerField(),
        "rejected": serializers.ListField(child=serializers.DictField()),
        "warnings": serializers.ListField(child=serializers.DictField()),
    },
)


class RegistrationSubjectsView(APIView):
    authentication_classes = (TokenAuthentication,)
    permission_classes = (IsRegistrationSystem,)

    @extend_schema(
        tags=["registration"],
        summary="Push registered subjects (the registration system)",
        request=inline_serializer("SubjectPush", {"subjects": SubjectRowSerializer(many=True)}),
        responses={
            200: _REPORT,
            400: OpenApiTypes.OBJECT,
            401: NOT_AUTHENTICATED,
            403: NOT_AUTHENTICATED,
        },
        examples=[
            OpenApiExample(
                "一户有限责任公司",
                value={
                    "subjects": [
                        {
                            "uscc": "91650102MA7XK3Q1X6",
                            "name": "乌鲁木齐天山雪莲商贸有限公司",
                            "legal_rep": "阿不都热合曼",
                            "region_code": "650102",
                            "subject_type": "有限责任公司（自然人独资）",
                            "status": "存续",
                            "established_on": "2015-03-02",
                        }
                    ]
                },
                request_only=True,
            )  # fmt: skip
        ],
    )
    def post(self, request):
        rows = request.data.get("subjects") if isinstance(request.data, dict) else None
        if not isinstance(rows, list) or not rows or len(rows) > MAX_ROWS:
            raise ValidationError(
                {"subjects": [gettext_lazy("Send 1 to 1000 subjects as a list.")]}
            )
        malformed = {}
        for number, row in enumerate(rows, start=1):
            try:
                rows[number - 1] = form_data(row)
            except ValidationError as exc:  # not an object, or a list where text belongs
                malformed[str(number)] = exc.detail
        if malformed:
            raise ValidationError({"subjects": malformed})
        report = subjects_receive(rows=rows, actor=request.user)
        return Response(report.to_dict(), status=200)

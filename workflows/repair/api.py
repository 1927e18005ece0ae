"""信用修复 through the online service channel (一网通办): ``POST /api/v1/repair/applications/``.

The same checks as the counter form (``forms.repair``) and the same service
(``repair_apply``); the contract (201, 400, 404, 422) is ``DESCRIPTION`` below, which
the OpenAPI schema and the README show.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import serializers, status
from rest_framework.authentication import TokenAuthentication
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from forms.attachments import MAX_FILES_PER_FIELD, inspect_attachments
from forms.repair import ATTACHMENT_FIELDS, normalize_phone
from forms.validators import normalize_uscc
from workflows.core.api.schema import NOT_AUTHENTICATED
from workflows.core.models import CreditRecord, Deadline
from workflows.repair.models import RepairApplication
from workflows.repair.permissions import is_online_channel
from workflows.repair.services import RepairIneligible, repair_apply


class IsOnlineChannel(BasePermission):
    message = gettext_lazy("This endpoint is for the online service channel only.")

    def has_permission(self, request, view) -> bool:
        return is_online_channel(request.user)


def _django_errors(exc: DjangoValidationError) -> serializers.ValidationError:
    return serializers.ValidationError(list(exc.messages))


@extend_schema_field({"type": "string", "format": "binary"})
class UploadField(serializers.FileField):
    """One uploaded file (its content is checked after the shape)."""


class AttachmentListField(serializers.ListField):
    def __init__(self, **kwargs):
        super().__init__(
            child=UploadField(),
            required=False,
            max_length=MAX_FILES_PER_FIELD,
            **kwargs,
        )


class RepairApplicationRequestSerializer(serializers.Serializer):
    uscc = serializers.CharField(
        max_length=64,
        help_text=gettext_lazy(
            "Unified social credit code of the subject (full-width and lower case accepted)."
        ),
    )
    record_id = serializers.IntegerField(
        min_value=1, help_text=gettext_lazy("Id of the subject's listed credit record.")
    )
    applicant_name = serializers.CharField(max_length=100)
    applicant_phone = serializers.CharField(max_length=32, required=False, allow_blank=True)
    grounds = serializers.CharField(
        max_length=2000,
        help_text=gettext_lazy("How the obligations were performed and the violation corrected."),
    )
    pledge_made = serializers.BooleanField(
        help_text=gettext_lazy(
            "Whether the credit pledge (守信承诺书) was signed; without it the application "
            "is refused (422)."
        )
    )
    attachments_application = AttachmentListField(
        help_text=gettext_lazy("信用修复申请书: PDF, JPEG or PNG files (repeat the field).")
    )
    attachments_pledge = AttachmentListField(
        help_text=gettext_lazy("守信承诺书: PDF, JPEG or PNG files (repeat the field).")
    )
    attachments_evidence = AttachmentListField(
        help_text=gettext_lazy(
            "Proof of performance and correction: PDF, JPEG or PNG files (repeat the field)."
        )
    )

    def validate_uscc(self, value: str) -> str:
        try:
            return normalize_uscc(value)
        except DjangoValidationError as exc:
            raise _django_errors(exc) from None

    def validate_applicant_phone(self, value: str) -> str:
        try:
            return normalize_phone(value)
        except DjangoValidationError as exc:
            raise _django_errors(exc) from None

    def validate(self, data: dict) -> dict:
        errors, uploads = {}, []
        for field, kind in ATTACHMENT_FIELDS:
            try:
                uploads += inspect_attachments(data.get(field, []), kind=kind)
            except DjangoValidationError as exc:
                errors[field] = list(exc.messages)
        if errors:
            raise serializers.ValidationError(errors)
        return {**data, "attachments": uploads}


class RepairApplicationCreatedSerializer(serializers.Serializer):
    case_id = serializers.IntegerField()
    case_no = serializers.CharField(help_text=gettext_lazy("Case number (文号 series)."))
    received_on = serializers.DateField()
    accept_due_date = serializers.DateField(
        help_text=gettext_lazy("Last day for the acceptance decision (2 working days).")
    )
    accept_due_at = serializers.DateTimeField(
        help_text=gettext_lazy("The acceptance deadline as a moment (24:00, Asia/Shanghai).")
    )


DESCRIPTION = """\
For the online service platform (一网通办), authenticated by its token
(`Authorization: Token …`); it may apply for records of any bureau. Send
`multipart/form-data`; repeat a file field once per file. Files are judged by their
content: PDF, JPEG or PNG only, complete, each within the size limit (`UPLOAD_MAX_BYTES`,
10 MiB by default).

- **201** the case is opened and the acceptance task waits for the deciding bureau's
  clerks: case number, case id and the acceptance deadline (2 working days).
- **400** a field is wrong (USCC, unknown record id, a refused file): messages per field.
- **404** the record exists but is not one of the subject's with this USCC.
- **422** the record may not be repaired now: `{"reasons": [...]}` lists every reason
  (minimum period not served, excluded penalty, an application already being handled,
  pledge not signed…). Nothing is stored on 400, 404 or 422.
"""

_ERROR = inline_serializer("RepairError", {"detail": serializers.CharField()})
_INELIGIBLE = inline_serializer(
    "RepairIneligible", {"reasons": serializers.ListField(child=serializers.CharField())}
)

REQUEST_EXAMPLE = OpenApiExample(
    "信用修复申请",
    value={
        "uscc": "91650102MA00000156",
        "record_id": 7,
        "applicant_name": "王磊",
        "applicant_phone": "13899880000",
        "grounds": "已于2026年3月补报2025年度年报并公示，申请移出经营异常名录。",
        "pledge_made": True,
        "attachments_application": ["信用修复申请书.pdf"],
        "attachments_pledge": ["守信承诺书.pdf"],
        "attachments_evidence": ["年报公示截图.png", "整改情况说明.pdf"],
    },
    request_only=True,
    media_type="multipart/form-data",
)
CREATED_EXAMPLE = OpenApiExample(
    "已受理登记",
    value={
        "case_id": 12,
        "case_no": "乌市监信修〔2026〕3号",
        "received_on": "2026-03-20",
        "accept_due_date": "2026-03-24",
        "accept_due_at": "2026-03-25T00:00:00+08:00",
    },
    response_only=True,
    status_codes=["201"],
)
FIELD_ERRORS = OpenApiResponse(
    OpenApiTypes.OBJECT,
    description="A field is missing or wrong: an object mapping each field to its messages. "
    "Files are judged by their content (PDF, JPEG or PNG; not truncated; within the size "
    "limit); nothing is stored when any file is refused.",
    examples=[
        OpenApiExample(
            "字段错误",
            value={
                "uscc": ["校验码（第18位）为“1”，应为“6”。"],
                "attachments_evidence": [
                    "“整改情况说明.pdf”不是PDF、JPEG或PNG文件（按文件内容而非文件名判断）；"
                    "仅接受这三种格式。"
                ],
            },
            status_codes=["400"],
        )
    ],
)
INELIGIBLE = OpenApiResponse(
    _INELIGIBLE,
    description="The record may not be repaired now; every reason is listed and no case is "
    "opened. Also the answer to a repeated submission while the first is being handled.",
    examples=[
        OpenApiExample(
            "不符合修复条件",
            value={"reasons": ["尚未满最短公示期，自2026-09-01起可申请信用修复。"]},
            status_codes=["422"],
        )
    ],
)


class RepairApplicationView(APIView):
    authentication_classes = (TokenAuthentication,)
    permission_classes = (IsOnlineChannel,)
    parser_classes = (MultiPartParser,)

    @extend_schema(
        tags=["repair"],
        summary="Submit a credit-repair application (online service channel)",
        description=DESCRIPTION,
        request={"multipart/form-data": RepairApplicationRequestSerializer},
        responses={
            201: RepairApplicationCreatedSerializer,
            400: FIELD_ERRORS,
            401: NOT_AUTHENTICATED,
            403: OpenApiResponse(_ERROR, description="Not the online service channel."),
            404: OpenApiResponse(
                _ERROR, description="The record exists but belongs to another subject."
            ),
            422: INELIGIBLE,
        },
        examples=[REQUEST_EXAMPLE, CREATED_EXAMPLE],
    )
    def post(self, request):
        serializer = RepairApplicationRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        record = CreditRecord.objects.select_related("subject").filter(pk=data["record_id"]).first()
        if record is None:
            return Response(
                {"record_id": [_("There is no credit record with this id.")]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        if record.subject.uscc != data["uscc"]:
            return Response(
                {"detail": _("This credit record does not belong to the subject of this code.")},
                status=status.HTTP_404_NOT_FOUND,
            )
        try:
            application = repair_apply(
                record=record,
                channel=RepairApplication.Channel.ONLINE,
                applicant_name=data["applicant_name"],
                applicant_phone=data.get("applicant_phone", ""),
                grounds=data["grounds"],
                pledge_made=data["pledge_made"],
                actor=request.user,
                attachments=data["attachments"],
            )
        except RepairIneligible as exc:
            return Response({"reasons": exc.reasons}, status=status.HTTP_422_UNPROCESSABLE_ENTITY)
        accept = Deadline.objects.filter(
            case=application.case, step="accept", task__isnull=False
        ).first()
        body = {
            "case_id": application.case_id,
            "case_no": application.case.case_no,
            "received_on": application.received_on,
            "accept_due_date": accept.due_date if accept else None,
            "accept_due_at": accept.due_at if accept else None,
        }
        return Response(
            RepairApplicationCreatedSerializer(body).data, status=status.HTTP_201_CREATED
        )


app_name = "repair-api"
urlpatterns = [
    path("applications/", RepairApplicationView.as_view(), name="applications"),
]

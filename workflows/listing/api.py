"""The court-referral intake (法院线索推送) for court systems: ``POST /api/v1/court-referrals/``.

Each court system is one API client user (role ``court``) registered as a ``Court``,
with one token (``Authorization: Token <key>``). Idempotent on (court code, court case
number): the same payload again answers 200 with the stored referral, a different
payload for the same key answers 409 and changes nothing.
"""

from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers, status
from rest_framework.authentication import TokenAuthentication
from rest_framework.parsers import JSONParser
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from forms.listing import CourtReferralForm
from workflows.core.api.form_data import form_data
from workflows.core.api.schema import NOT_AUTHENTICATED
from workflows.core.models import InboundCall
from workflows.core.roles import Role
from workflows.core.services.inbound import inbound_call_record
from workflows.listing.models import Court, CourtReferral
from workflows.listing.services import ReferralConflict, referral_receive


def court_of(user) -> Court | None:
    if not (user and user.is_authenticated and user.has_role(Role.COURT)):
        return None
    return Court.objects.select_related("bureau").filter(user=user).first()


class IsRegisteredCourt(BasePermission):
    """The court role, and registered as a court (one API client and token per court)."""

    message = gettext_lazy("This endpoint is for registered court systems only.")

    def has_permission(self, request, view) -> bool:
        return court_of(request.user) is not None


class CourtReferralRequestSerializer(serializers.Serializer):
    """The request body (validated by ``forms.listing.CourtReferralForm``)."""

    court_code = serializers.CharField(max_length=32, help_text="The court's code (法院代码).")
    court_name = serializers.CharField(max_length=100, help_text="法院名称")
    court_case_number = serializers.CharField(
        max_length=64, help_text="案号, unique per court: the idempotency key with court_code."
    )
    judgment_number = serializers.CharField(max_length=64, help_text="裁判文书号")
    judgment_date = serializers.DateField(help_text="裁判日期, ISO 8601 (YYYY-MM-DD).")
    uscc = serializers.CharField(
        max_length=18, help_text="统一社会信用代码 (full-width and lower case accepted)."
    )
    subject_name = serializers.CharField(max_length=200, help_text="当事人名称")
    cause = serializers.CharField(max_length=4000, help_text="案由 and the facts of the lead.")
    document = serializers.CharField(
        required=False,
        help_text="Optional: the judgment as a base64-encoded PDF (at most UPLOAD_MAX_BYTES).",
    )


class CourtReferralSerializer(serializers.ModelSerializer):
    status = serializers.SerializerMethodField(help_text="case_opened or needs_match.")
    case_no = serializers.SerializerMethodField()
    match_problem = serializers.SerializerMethodField()

    class Meta:
        model = CourtReferral
        fields = (
            "id", "court_code", "court_name", "court_case_number", "judgment_number",
            "judgment_date", "uscc", "subject_name", "document_sha256", "received_at",
            "status", "case_no", "match_problem",
        )  # fmt: skip

    def get_status(self, referral) -> str:
        return referral.lead.status

    def get_case_no(self, referral) -> str | None:
        return referral.lead.case.case_no if referral.lead.case_id else None

    def get_match_problem(self, referral) -> str:
        return referral.lead.match_problem


_ERROR = inline_serializer("CourtErrorDetail", fields={"detail": serializers.CharField()})
_CONFLICT = inline_serializer(
    "CourtReferralConflict",
    fields={"detail": serializers.CharField(), "referral": CourtReferralSerializer()},
)

REQUEST_EXAMPLE = OpenApiExample(
    "法院线索推送",
    value={
        "court_code": "650100-ZY",
        "court_name": "乌鲁木齐市中级人民法院",
        "court_case_number": "（2026）新01民初123号",
        "judgment_number": "（2026）新01民初123号民事判决书",
        "judgment_date": "2026-03-02",
        "uscc": "91650102MA00000156",
        "subject_name": "乌鲁木齐天山雪莲商贸有限公司",
        "cause": "生产销售不符合食品安全标准的食品，判决已生效",
        "document": "JVBERi0xLjQK…",
    },
    request_only=True,
)
RESPONSE_EXAMPLE = OpenApiExample(
    "已接收",
    value={
        "id": 41,
        "court_code": "650100-ZY",
        "court_name": "乌鲁木齐市中级人民法院",
        "court_case_number": "（2026）新01民初123号",
        "judgment_number": "（2026）新01民初123号民事判决书",
        "judgment_date": "2026-03-02",
        "uscc": "91650102MA00000156",
        "subject_name": "乌鲁木齐天山雪莲商贸有限公司",
        "document_sha256": "",
        "received_at": "2026-03-05T10:00:00+08:00",
        "status": "case_opened",
        "case_no": "乌市监失信〔2026〕7号",
        "match_problem": "",
    },
    response_only=True,
    status_codes=["200", "201"],
)
DESCRIPTION = """
Court systems push the leads of effective judgments here (法院线索推送). Authenticate
with the court's own token: `Authorization: Token <key>`; `court_code` must be the
code the token's court is registered with.

* **201** — received: the referral is stored and becomes a lead. When the USCC is in
  the subject register and the name agrees, a listing case is opened at once
  (`status: case_opened`, `case_no`); otherwise the lead waits for manual matching
  (`status: needs_match`, `match_problem` says why).
* **200** — the same payload was received before for this `court_code` and
  `court_case_number`: nothing new is stored and the existing referral is returned,
  so a court may safely resend after a timeout.
* **409** — another payload was already received for this `court_code` and
  `court_case_number`; nothing is changed. The stored referral is returned.
* **400** — validation errors, an object mapping each field to its messages
  (e.g. a USCC with a wrong check character, a date not in `YYYY-MM-DD`,
  a `document` that is not a base64 PDF).
"""


class CourtReferralView(APIView):
    authentication_classes = (TokenAuthentication,)
    permission_classes = (IsRegisteredCourt,)
    parser_classes = (JSONParser,)

    @extend_schema(
        tags=["court referrals"],
        summary="Push a court referral (法院线索推送)",
        description=DESCRIPTION,
        request=CourtReferralRequestSerializer,
        responses={
            200: CourtReferralSerializer,
            201: CourtReferralSerializer,
            400: OpenApiResponse(
                OpenApiTypes.OBJECT,
                description="Field errors: an object mapping each field to its messages.",
                examples=[
                    OpenApiExample(
                        "Invalid fields",
                        value={
                            "uscc": ["校验码（第18位）为“1”，应为“6”。"],
                            "judgment_date": ["输入一个有效的日期。"],
                        },
                        status_codes=["400"],
                    )
                ],
            ),
            401: NOT_AUTHENTICATED,
            403: OpenApiResponse(_ERROR, description="Not a registered court system."),
            409: OpenApiResponse(
                _CONFLICT, description="Another payload for this court and court case number."
            ),
        },
        examples=[REQUEST_EXAMPLE, RESPONSE_EXAMPLE],
    )
    def post(self, request):
        response = self._receive(request)
        inbound_call_record(
            kind=InboundCall.Kind.COURT_REFERRALS, channel=InboundCall.Channel.API,
            client=request.user, rows=1, rejected=0 if response.status_code < 300 else 1,
        )  # fmt: skip
        return response

    def _receive(self, request):
        court = court_of(request.user)
        form = CourtReferralForm(form_data(request.data))
        if not form.is_valid():
            errors = {name: list(messages) for name, messages in form.errors.items()}
            return Response(errors, status=status.HTTP_400_BAD_REQUEST)
        data = form.cleaned_data
        if data["court_code"] != court.code:
            return Response(
                {"court_code": [_("This token belongs to the court “%(code)s”.") % {
                    "code": court.code}]},
                status=status.HTTP_400_BAD_REQUEST,
            )  # fmt: skip
        try:
            referral, created = referral_receive(
                data=data, channel=CourtReferral.Channel.API, actor=request.user, court=court
            )
        except ReferralConflict as exc:
            return Response(
                {
                    "detail": _(
                        "Another referral was already received for this court case number."
                    ),
                    "referral": CourtReferralSerializer(exc.existing).data,
                },
                status=status.HTTP_409_CONFLICT,
            )
        return Response(
            CourtReferralSerializer(referral).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


app_name = "listing-api"
urlpatterns = [path("", CourtReferralView.as_view(), name="court-referrals")]

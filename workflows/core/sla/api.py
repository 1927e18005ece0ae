"""The SLA figures, their drill-down rows, the weekly reports and the supervisor
actions (reassign; pause and resume) through the API, under ``/api/v1/sla/``.

The same forms validate the query strings as on the dashboard and the same
functions compute the numbers, so the API and the dashboard agree by construction.
"""

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView
from viewflow.workflow.models import Task

from workflows.core.api.enums import NamedChoiceField
from workflows.core.api.pagination import StandardPagination
from workflows.core.api.permissions import StaffAPIMixin
from workflows.core.deadlines import workdays_left
from workflows.core.models import Case, Deadline, Procedure, SlaReport, User
from workflows.core.permissions import can_act_on_case
from workflows.core.selectors import cases_visible_to
from workflows.core.services.deadlines import DeadlineError, deadline_pause, deadline_resume
from workflows.core.services.tasks import TaskError, TaskFormInvalid, task_reassign
from workflows.core.sla import figures
from workflows.core.sla.lists import CaseListForm, SlaFilterForm, StepListForm, case_list, step_list
from workflows.core.sla.reports import reports_visible_to
from workflows.core.workdays import Calendar

# --- Serializers of the figures ------------------------------------------------


def _status_field(statuses=figures.OPEN_ORDER) -> NamedChoiceField:
    return NamedChoiceField(
        choices=[(str(s), Deadline.Status(s).label) for s in statuses],
        enum_name="OpenStatusEnum",
        read_only=True,
    )


class StatusTotalsSerializer(serializers.Serializer):
    overdue = serializers.IntegerField()
    due_soon = serializers.IntegerField()
    paused = serializers.IntegerField()
    on_track = serializers.IntegerField()


class OpenStepCountSerializer(serializers.Serializer):
    procedure = serializers.CharField()
    step = serializers.CharField()
    bureau = serializers.CharField(help_text="Bureau (region) code.")
    bureau_name = serializers.CharField()
    status = _status_field()
    count = serializers.IntegerField()


class OpenCaseCountSerializer(serializers.Serializer):
    procedure = serializers.CharField()
    bureau = serializers.CharField()
    bureau_name = serializers.CharField()
    status = _status_field()
    count = serializers.IntegerField()


class OpenStepsSerializer(serializers.Serializer):
    rows = OpenStepCountSerializer(many=True)
    total = StatusTotalsSerializer()


class OpenCasesSerializer(serializers.Serializer):
    rows = OpenCaseCountSerializer(many=True)
    total = StatusTotalsSerializer()


class OverdueSummarySerializer(serializers.Serializer):
    count = serializers.IntegerField()
    workdays_overdue_total = serializers.IntegerField()
    max_workdays_overdue = serializers.IntegerField()


class ComplianceTotalSerializer(serializers.Serializer):
    steps_met = serializers.IntegerField()
    steps_total = serializers.IntegerField()
    steps_rate = serializers.FloatField(allow_null=True, help_text="0 to 1; null without steps.")
    cases_met = serializers.IntegerField()
    cases_total = serializers.IntegerField()
    cases_rate = serializers.FloatField(allow_null=True)


class ComplianceRowSerializer(ComplianceTotalSerializer):
    bureau = serializers.CharField()
    bureau_name = serializers.CharField()
    procedure = serializers.CharField()


class ComplianceSerializer(serializers.Serializer):
    rows = ComplianceRowSerializer(many=True)
    total = ComplianceTotalSerializer()


class HandlingTimeSerializer(serializers.Serializer):
    procedure = serializers.CharField()
    step = serializers.CharField()
    count = serializers.IntegerField()
    average = serializers.FloatField(help_text="Working days.")
    p90 = serializers.IntegerField(allow_null=True, help_text="Nearest-rank 90th percentile.")
    limit = serializers.IntegerField(allow_null=True, help_text="The rule's working days.")
    over_limit = serializers.IntegerField()


class WeekSerializer(serializers.Serializer):
    week_start = serializers.DateField()
    week_end = serializers.DateField()
    created = serializers.IntegerField(help_text="Steps started in the week.")
    completed = serializers.IntegerField()
    met = serializers.IntegerField()
    breached = serializers.IntegerField()
    rate = serializers.FloatField(allow_null=True)


class SummarySerializer(serializers.Serializer):
    today = serializers.DateField()
    date_from = serializers.DateField()
    date_to = serializers.DateField()
    open_steps = OpenStepsSerializer()
    open_cases = OpenCasesSerializer()
    overdue = OverdueSummarySerializer()
    compliance = ComplianceSerializer()
    handling_times = HandlingTimeSerializer(many=True)
    weekly_trend = WeekSerializer(many=True)


class StepRowSerializer(serializers.ModelSerializer):
    case_no = serializers.CharField(source="case.case_no")
    subject_name = serializers.CharField(source="case.subject.name", default=None, allow_null=True)
    bureau = serializers.CharField(source="bureau.code")
    rule = serializers.CharField(source="rule.code")
    assignee = serializers.CharField(source="assignee.username", default=None, allow_null=True)
    status = NamedChoiceField(
        choices=Deadline.Status.choices, enum_name="DeadlineStatusEnum", read_only=True
    )
    workdays_left = serializers.SerializerMethodField(
        help_text="Working days left (negative: overdue); null once met or breached."
    )

    class Meta:
        model = Deadline
        fields = (
            "id", "task_id", "case_id", "case_no", "subject_name", "bureau", "procedure",
            "step", "role", "assignee", "rule", "started_on", "due_date", "status",
            "workdays_left", "paused_workdays", "completed_at",
        )  # fmt: skip

    def get_workdays_left(self, row: Deadline) -> int | None:
        if row.status not in Deadline.OPEN_STATUSES:
            return None
        calendar = self.context.setdefault("calendar", Calendar())
        return workdays_left(row, self.context["today"], calendar)


class CaseRowSerializer(serializers.ModelSerializer):
    bureau = serializers.CharField(source="bureau.code")
    subject_name = serializers.CharField(source="subject.name", default=None, allow_null=True)
    sla_status = serializers.CharField(
        default=None, allow_null=True, help_text="Open cases: the worst open deadline's status."
    )
    compliant = serializers.BooleanField(
        default=None, allow_null=True, help_text="Closed cases: no deadline was breached."
    )

    class Meta:
        model = Case
        fields = (
            "id", "case_no", "procedure", "bureau", "subject_name", "current_step",
            "opened_at", "closed_at", "sla_status", "compliant",
        )  # fmt: skip


class ReportSerializer(serializers.ModelSerializer):
    bureau = serializers.CharField(source="bureau.code")
    bureau_name = serializers.CharField(source="bureau.name")
    pdf_url = serializers.SerializerMethodField()
    xlsx_url = serializers.SerializerMethodField()

    class Meta:
        model = SlaReport
        fields = (
            "id", "bureau", "bureau_name", "week_start", "week_end", "generated_at",
            "pdf_sha256", "xlsx_sha256", "pdf_url", "xlsx_url",
        )  # fmt: skip

    def get_pdf_url(self, report: SlaReport) -> str:
        return f"/app/sla/reports/{report.pk}/pdf/"

    def get_xlsx_url(self, report: SlaReport) -> str:
        return f"/app/sla/reports/{report.pk}/xlsx/"


# --- Views --------------------------------------------------------------------

_FILTERS = [
    OpenApiParameter("date_from", OpenApiTypes.DATE, description="Default: 8 weeks back."),
    OpenApiParameter("date_to", OpenApiTypes.DATE, description="Default: today."),
    OpenApiParameter("bureau", OpenApiTypes.STR, description="Bureau (region) code."),
    OpenApiParameter("procedure", OpenApiTypes.STR, enum=Procedure.values),
    OpenApiParameter("step", OpenApiTypes.STR),
]
_ERROR = inline_serializer("SlaError", {"detail": serializers.CharField()})


class _SlaMixin(StaffAPIMixin):
    def check_permissions(self, request):
        super().check_permissions(request)
        if not figures.can_view_sla(request.user):
            raise PermissionDenied(
                "The SLA figures are for supervisors, auditors, leaders and section heads."
            )

    def form(self, form_class):
        form = form_class(self.request.query_params, user=self.request.user)
        if not form.is_valid():
            raise ValidationError(form.errors.get_json_data())
        return form


@extend_schema(
    tags=["sla"], summary="SLA figures", parameters=_FILTERS,
    description="Open steps and cases by status, overdue, compliance per bureau and "
    "procedure, handling time per step (average and 90th percentile, working days) and "
    "the weekly trend, for the caller's bureaus.",
    responses={200: SummarySerializer, 400: OpenApiTypes.OBJECT, 403: _ERROR},
)  # fmt: skip
class SummaryView(_SlaMixin, APIView):
    def get(self, request):
        form = self.form(SlaFilterForm)
        data = figures.summary(form.scope(), form.period(), timezone.localdate())
        return Response(SummarySerializer(data).data)


@extend_schema(
    tags=["sla"], summary="Steps behind a figure",
    parameters=[
        *_FILTERS,
        OpenApiParameter("state", OpenApiTypes.STR, enum=["open", "overdue", "completed"]),
        OpenApiParameter("status", OpenApiTypes.STR, enum=Deadline.Status.values),
        OpenApiParameter("week", OpenApiTypes.DATE, description="Completed in this week."),
        OpenApiParameter("case", OpenApiTypes.INT),
    ],
)  # fmt: skip
class StepListView(_SlaMixin, ListAPIView):
    serializer_class = StepRowSerializer
    pagination_class = StandardPagination

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Deadline.objects.none()
        return step_list(self.form(StepListForm))

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "today": timezone.localdate()}


@extend_schema(
    tags=["sla"], summary="Cases behind a figure",
    parameters=[
        *_FILTERS,
        OpenApiParameter("state", OpenApiTypes.STR, enum=["open", "closed"]),
        OpenApiParameter("status", OpenApiTypes.STR, enum=[str(s) for s in figures.OPEN_ORDER]),
        OpenApiParameter("compliant", OpenApiTypes.BOOL),
    ],
)  # fmt: skip
class CaseListView(_SlaMixin, ListAPIView):
    serializer_class = CaseRowSerializer
    pagination_class = StandardPagination

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Case.objects.none()
        return case_list(self.form(CaseListForm))


@extend_schema(tags=["sla"], summary="Weekly SLA reports of the caller's bureaus")
class ReportListView(_SlaMixin, ListAPIView):
    serializer_class = ReportSerializer
    pagination_class = StandardPagination

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return SlaReport.objects.none()
        return reports_visible_to(self.request.user)


_DONE = inline_serializer(
    "SlaActionDone", {"id": serializers.IntegerField(), "status": serializers.CharField()}
)
_ACTION_RESPONSES = {200: _DONE, 400: OpenApiTypes.OBJECT, 403: _ERROR, 404: _ERROR, 409: _ERROR}


class ReassignSerializer(serializers.Serializer):
    to_user = serializers.CharField(help_text="Username.", max_length=150)
    # Not required here: the service answers a missing reason with its own message.
    reason = serializers.CharField(required=False, default="", allow_blank=True, max_length=1000)


class ReassignView(StaffAPIMixin, APIView):
    @extend_schema(
        tags=["sla"], summary="Reassign a task (supervisors)",
        request=ReassignSerializer, responses={**_ACTION_RESPONSES, 400: OpenApiTypes.OBJECT},
    )  # fmt: skip
    def post(self, request, task_id: int):
        task = Task.objects.filter(pk=task_id).first()
        if (
            task is None
            or not cases_visible_to(request.user).filter(process_id=task.process_id).exists()
        ):
            raise Http404
        if not task.flow_task.flow_class.instance.has_manage_permission(request.user):
            # Refused before the body is read: a caller who may not reassign learns nothing.
            return Response({"detail": _("Only supervisors may reassign tasks.")}, status=403)
        body = ReassignSerializer(data=request.data)
        if not body.is_valid():
            return Response(body.errors, status=400)
        to_user = User.objects.filter(username=body.validated_data["to_user"]).first()
        if to_user is None:
            return Response({"to_user": ["Unknown user."]}, status=400)
        try:
            task_reassign(
                task=task, to_user=to_user, actor=request.user,
                reason=body.validated_data["reason"],
            )  # fmt: skip
        except TaskFormInvalid as exc:
            return Response(exc.errors, status=exc.status_code)
        except TaskError as exc:
            return Response({"detail": exc.message}, status=exc.status_code)
        return Response({"id": task.pk, "status": "reassigned"})


class _DeadlineActionView(StaffAPIMixin, APIView):
    def _deadline(self, request, deadline_id: int) -> Deadline:
        deadline = Deadline.objects.filter(
            pk=deadline_id, case__in=cases_visible_to(request.user)
        ).first()
        if deadline is None:
            raise Http404
        return deadline

    def _respond(self, action, request, deadline_id: int, **kwargs):
        deadline = self._deadline(request, deadline_id)
        try:
            deadline = action(deadline=deadline, actor=request.user, **kwargs)
        except DeadlineError as exc:
            return Response({"detail": exc.message}, status=exc.status_code)
        return Response({"id": deadline.pk, "status": deadline.status})


class PauseSerializer(serializers.Serializer):
    # Not required here: the service answers a missing reason with its own message.
    reason = serializers.CharField(required=False, default="", allow_blank=True, max_length=1000)


class PauseView(_DeadlineActionView):
    @extend_schema(
        tags=["sla"], summary="Pause a deadline (where its rule allows)",
        request=PauseSerializer, responses={**_ACTION_RESPONSES, 400: OpenApiTypes.OBJECT},
    )  # fmt: skip
    def post(self, request, deadline_id: int):
        deadline = self._deadline(request, deadline_id)
        if not can_act_on_case(request.user, deadline.case):  # refused before the body
            return Response(
                {"detail": _("You may not pause or resume the deadlines of this case.")},
                status=403,
            )
        body = PauseSerializer(data=request.data)
        if not body.is_valid():  # e.g. a reason that is not text: 400, not a 500
            return Response(body.errors, status=400)
        return self._respond(
            deadline_pause, request, deadline_id, reason=body.validated_data["reason"]
        )


class ResumeView(_DeadlineActionView):
    @extend_schema(
        tags=["sla"], summary="Resume a paused deadline", request=None,
        responses=_ACTION_RESPONSES,
    )  # fmt: skip
    def post(self, request, deadline_id: int):
        return self._respond(deadline_resume, request, deadline_id)


def api_urls():
    from django.urls import path

    return [
        path("sla/summary/", SummaryView.as_view(), name="sla-summary"),
        path("sla/steps/", StepListView.as_view(), name="sla-steps"),
        path("sla/cases/", CaseListView.as_view(), name="sla-cases"),
        path("sla/reports/", ReportListView.as_view(), name="sla-reports"),
        path("sla/tasks/<int:task_id>/reassign/", ReassignView.as_view(), name="sla-reassign"),
        path("sla/deadlines/<int:deadline_id>/pause/", PauseView.as_view(), name="sla-pause"),
        path("sla/deadlines/<int:deadline_id>/resume/", ResumeView.as_view(), name="sla-resume"),
    ]

"""Tasks through the API: my tasks, my queue, claim, unclaim, complete.

The same services as the task pages (``services.tasks``) do the work under the case
lock; the step's own form validates ``data``, so the API and the UI accept exactly
the same input. Errors are JSON: 400 with field messages, 403, 404 or 409.
"""

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView
from viewflow.workflow.models import Task

from workflows.core.api.form_data import form_data
from workflows.core.api.pagination import StandardPagination
from workflows.core.api.permissions import StaffAPIMixin
from workflows.core.api.serializers import CalendarWarningFields
from workflows.core.deadlines import workdays_left
from workflows.core.flow import HumanTask
from workflows.core.models import Deadline, Procedure
from workflows.core.permissions import acts_on_cases
from workflows.core.selectors import TASK_ORDERINGS, cases_visible_to, inbox_of, queue_of
from workflows.core.services.tasks import (
    TaskError,
    TaskFormInvalid,
    task_claim,
    task_complete,
    task_unclaim,
)
from workflows.core.workdays import Calendar


class TaskRowSerializer(CalendarWarningFields, serializers.ModelSerializer):
    task_id = serializers.IntegerField()
    case_id = serializers.IntegerField()
    case_no = serializers.CharField(source="case.case_no")
    subject_name = serializers.CharField(source="case.subject.name", default=None, allow_null=True)
    title = serializers.SerializerMethodField()
    rule = serializers.CharField(source="rule.code")
    workdays_left = serializers.SerializerMethodField()
    assignee = serializers.CharField(source="assignee.username", default=None, allow_null=True)

    class Meta:
        model = Deadline
        fields = (
            "task_id", "case_id", "case_no", "subject_name", "procedure", "step", "title",
            "role", "assignee", "rule", "due_date", "due_at", "status", "workdays_left",
            "calendar_warning", "unconfirmed_years",
        )  # fmt: skip

    def get_title(self, row: Deadline) -> str:
        return str(row.task.flow_task.task_title or row.step)

    def get_workdays_left(self, row: Deadline) -> int:
        calendar = self.context.setdefault("calendar", Calendar())
        return workdays_left(row, self.context["today"], calendar)


class TaskFilterSerializer(serializers.Serializer):
    procedure = serializers.ChoiceField(choices=Procedure.choices, required=False)
    step = serializers.CharField(required=False, max_length=64)
    status = serializers.ChoiceField(
        choices=[(s.value, s.label) for s in Deadline.OPEN_STATUSES], required=False
    )
    overdue = serializers.BooleanField(required=False, default=False)
    ordering = serializers.ChoiceField(choices=TASK_ORDERINGS, required=False)


_FILTER_PARAMETERS = [
    OpenApiParameter("procedure", OpenApiTypes.STR, enum=Procedure.values),
    OpenApiParameter("step", OpenApiTypes.STR, description="Step (node) name, e.g. accept."),
    OpenApiParameter("status", OpenApiTypes.STR, enum=[s.value for s in Deadline.OPEN_STATUSES]),
    OpenApiParameter("overdue", OpenApiTypes.BOOL),
    OpenApiParameter("ordering", OpenApiTypes.STR, enum=list(TASK_ORDERINGS)),
]


class _TaskListView(StaffAPIMixin, ListAPIView):
    serializer_class = TaskRowSerializer
    pagination_class = StandardPagination
    select = staticmethod(inbox_of)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return Deadline.objects.none()
        filters = TaskFilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        return self.select(self.request.user, filters.validated_data)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "today": timezone.localdate()}


@extend_schema(
    tags=["tasks"], summary="My tasks",
    description="Open tasks assigned to the caller, most urgent deadline first.",
    parameters=_FILTER_PARAMETERS,
)  # fmt: skip
class MyTasksView(_TaskListView):
    select = staticmethod(inbox_of)


@extend_schema(
    tags=["tasks"], summary="My queue",
    description="Unclaimed tasks of the caller's roles in the bureaus where the caller acts.",
    parameters=_FILTER_PARAMETERS,
)  # fmt: skip
class MyQueueView(_TaskListView):
    select = staticmethod(queue_of)


def _task_for(user, task_id: int) -> Task:
    """A human task of a case in the caller's bureaus, else 404 (existence is not told)."""
    task = Task.objects.filter(pk=task_id).select_related("process").first()
    if (
        task is None
        or not isinstance(task.flow_task, HumanTask)
        or not cases_visible_to(user).filter(process_id=task.process_id).exists()
    ):
        raise Http404
    return task


_ERROR = inline_serializer("TaskError", {"detail": serializers.CharField()})
_DONE = inline_serializer(
    "TaskDone", {"task_id": serializers.IntegerField(), "status": serializers.CharField()}
)


class _TaskActionView(StaffAPIMixin, APIView):
    #: Whether supervisors (who manage, never work) may take this action: releasing.
    managers_too = False

    def _respond(self, action, request, task_id: int, *, with_body: bool = False) -> Response:
        """Run ``action`` on the task; the body (``with_body``) is read only once the
        caller is known to be entitled, so a caller without the right learns nothing
        from a 400 about it."""
        task = _task_for(request.user, task_id)
        manages = self.managers_too and task.flow_task.flow_class.instance.has_manage_permission(
            request.user
        )
        if not (acts_on_cases(request.user) or manages):  # before the task's state
            return Response(
                {"detail": _("Supervisors and auditors follow tasks; they do not work them.")},
                status=403,
            )
        kwargs = {"data": form_data(request.data, task.flow_task.form_class)} if with_body else {}
        try:
            task = action(task=task, user=request.user, **kwargs)
        except TaskFormInvalid as exc:
            return Response(exc.errors, status=exc.status_code)
        except TaskError as exc:
            return Response({"detail": exc.message}, status=exc.status_code)
        return Response({"task_id": task.pk, "status": task.status})


_ACTION_RESPONSES = {200: _DONE, 403: _ERROR, 404: _ERROR, 409: _ERROR}


class ClaimTaskView(_TaskActionView):
    @extend_schema(
        tags=["tasks"], summary="Claim a task", request=None, responses=_ACTION_RESPONSES
    )
    def post(self, request, task_id: int):
        return self._respond(task_claim, request, task_id)


class UnclaimTaskView(_TaskActionView):
    managers_too = True

    @extend_schema(
        tags=["tasks"], summary="Release a claimed task", request=None,
        responses=_ACTION_RESPONSES,
    )  # fmt: skip
    def post(self, request, task_id: int):
        return self._respond(task_unclaim, request, task_id)


class CompleteTaskView(_TaskActionView):
    @extend_schema(
        tags=["tasks"],
        summary="Complete a task with its step's form fields",
        description="The body holds the fields of the step's form (e.g. accepted_on, "
        "decision, comment). Invalid fields answer 400 with a message per field; a task "
        "completed meanwhile answers 409 naming who completed it.",
        request=OpenApiTypes.OBJECT,
        responses={**_ACTION_RESPONSES, 400: OpenApiTypes.OBJECT},
    )
    def post(self, request, task_id: int):
        return self._respond(task_complete, request, task_id, with_body=True)

"""A clear page, not a bare 403 or 500, when a task was done meanwhile or the case is busy.

viewflow answers the loser of a race with PermissionDenied and a lock timeout with
FlowLockFailed (a 500). For task URLs this middleware turns both into a 409 page
that says what happened and offers a reload.
"""

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from viewflow.workflow.exceptions import FlowLockFailed
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from workflows.core.services.tasks import task_closed_message


class TaskConflictMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        match = request.resolver_match
        task_pk = match.kwargs.get("task_pk") if match else None
        if task_pk is None:
            return None
        if isinstance(exception, FlowLockFailed):
            message = _(
                "Someone else is working on this case right now. Wait a moment and try again."
            )
        elif isinstance(exception, PermissionDenied):
            task = Task.objects.filter(pk=task_pk).select_related("owner").first()
            if task is None or task.status not in (STATUS.DONE, STATUS.CANCELED):
                return None
            if not task.flow_task.flow_class.instance.has_view_permission(request.user, task):
                return None  # a case the user may not see: a plain 403, nothing about it
            message = task_closed_message(task)
        else:
            return None
        return TemplateResponse(
            request, "core/task_conflict.html", {"message": message}, status=409
        ).render()

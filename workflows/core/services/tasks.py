"""Claiming, releasing, reassigning and completing human tasks: one path for UI and API.

Every write takes the case lock (``CaseFlow.lock_impl``), re-reads the task under it
and checks its status, so of two simultaneous completions one wins and the other gets
``TaskAlreadyDone`` naming who completed it and when.
"""

import json
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils.translation import gettext as _
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from workflows.core import audit
from workflows.core.flow.activations import case_of
from workflows.core.models import User
from workflows.core.permissions import can_act_on_case
from workflows.core.services.notifications import notify


class TaskError(Exception):
    """A task action that cannot be done; ``message`` is for the user."""

    status_code = 409

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class TaskAlreadyDone(TaskError):
    pass


class TaskNotPermitted(TaskError):
    status_code = 403


class TaskFormInvalid(TaskError):
    status_code = 400

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(_("The form has errors."))
        self.errors = errors


def task_closed_message(task: Task) -> str:
    who = str(task.owner) if task.owner_id else _("the system")
    if task.status == STATUS.CANCELED:
        return _("This task was cancelled at %(when)s. Reload to see the case as it is now.") % {
            "when": _local(task.finished)
        }
    return _(
        "This task was already completed by %(who)s at %(when)s. "
        "Reload to see the case as it is now."
    ) % {"who": who, "when": _local(task.finished)}


def _local(moment) -> str:
    from django.utils import timezone

    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


@contextmanager
def _locked(task: Task, user: User):
    """Hold the case lock (and its transaction), attributing audit events to ``user``."""
    with task.flow_task.flow_class.lock(task.process_id), audit.acting_as(user):
        yield


def _activation(task: Task):
    return task.flow_task.activation_class(task)


def _ensure_open(task: Task) -> None:
    if task.status in (STATUS.DONE, STATUS.CANCELED):
        raise TaskAlreadyDone(task_closed_message(task))


def task_claim(*, task: Task, user: User) -> Task:
    with _locked(task, user):
        task = Task.objects.select_related("process").get(pk=task.pk)
        _ensure_open(task)
        if task.owner_id == user.pk:
            return task
        if task.owner_id:
            raise TaskAlreadyDone(
                _("This task is already assigned to %(who)s.") % {"who": task.owner}
            )
        if not task.flow_task.can_assign(user, task):
            raise TaskNotPermitted(_("You may not take this task."))
        _activation(task).assign(user)
        return task


def task_unclaim(*, task: Task, user: User) -> Task:
    with _locked(task, user):
        task = Task.objects.select_related("process").get(pk=task.pk)
        _ensure_open(task)
        if not task.flow_task.can_unassign(user, task):
            raise TaskNotPermitted(_("You may not release this task."))
        _activation(task).unassign()
        return task


def task_reassign(*, task: Task, to_user: User, actor: User, reason: str) -> Task:
    """A supervisor hands an open task to another member of staff, giving the reason.

    The new owner must hold the step's role and may act on the case. A claimed task
    moves with viewflow's ``reassign`` (audited ``task.reassigned``), an unclaimed one
    is assigned (``task.assigned``); either event carries the reason as its comment.
    The new owner is notified.
    """
    reason = (reason or "").strip()
    if not reason:
        raise TaskFormInvalid({"reason": [_("Give the reason for reassigning the task.")]})
    with _locked(task, actor), audit.commenting(reason):
        task = Task.objects.select_related("process", "owner").get(pk=task.pk)
        _ensure_open(task)
        node = task.flow_task
        if not node.flow_class.instance.has_manage_permission(actor):
            raise TaskNotPermitted(_("Only supervisors may reassign tasks."))
        case = case_of(task.process)
        role = getattr(node, "role", None)
        if not (
            to_user.is_active
            and (role is None or to_user.has_role(role))
            and can_act_on_case(to_user, case)
        ):
            raise TaskFormInvalid(
                {"to_user": [_("%(who)s may not do this step of this case.") % {"who": to_user}]}
            )
        if task.owner_id == to_user.pk:
            raise TaskError(_("This task is already assigned to %(who)s.") % {"who": to_user})
        activation = _activation(task)
        if task.status == STATUS.NEW:
            activation.assign(to_user)
        elif task.status == STATUS.ASSIGNED:
            activation.reassign(to_user)
        else:
            raise TaskError(_("A task being worked on cannot be reassigned."))
        notify(
            recipients=[to_user],
            kind="task.reassigned",
            title=_("Task assigned to you: %(step)s, %(case)s")
            % {"step": node.task_title or node.name, "case": case.case_no},
            body=_("%(who)s assigned this task to you. Reason: %(reason)s")
            % {"who": actor, "reason": reason},
            case=case,
            url="/app/work/inbox/",
        )
        return task


def task_complete(*, task: Task, user: User, data: dict[str, Any]) -> Task:
    """Validate ``data`` with the step's form and complete the task with it."""
    with _locked(task, user):
        task = Task.objects.select_related("process", "owner").get(pk=task.pk)
        _ensure_open(task)
        node = task.flow_task
        if not node.can_execute(user, task):
            raise TaskNotPermitted(_("Take the task before completing it."))
        form = node.form_class(data=data, case=case_of(task.process))
        if not form.is_valid():
            raise TaskFormInvalid(_errors(form))
        activation = _activation(task)
        activation.start(None)
        finish_task(activation, form, user)
        return task


def finish_task(activation, form, user: User) -> None:
    """Store the form's data on the task, run the step's services, complete, go on.

    Called under the case lock, inside its transaction (the UI view's wrapper or
    ``task_complete`` holds it). A rule the step's service enforces (a
    ``ValidationError``) undoes the service's writes and comes back as
    ``TaskFormInvalid``, exactly like a form error.
    """
    activation.task.data["form"] = json.loads(json.dumps(form.cleaned_data, cls=DjangoJSONEncoder))
    try:
        with transaction.atomic():  # a savepoint: a refused step leaves no trace
            activation.flow_task.run_on_complete(activation, form.cleaned_data, user)
    except ValidationError as exc:
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        raise TaskFormInvalid(
            {field: list(messages) for field, messages in errors.items()}
        ) from exc
    activation.execute()


def _errors(form) -> dict[str, list[str]]:
    return {
        field: [str(message) for message in messages] for field, messages in form.errors.items()
    }

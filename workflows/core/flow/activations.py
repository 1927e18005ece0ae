"""Task activations that keep the case spine in step with viewflow.

viewflow's signals carry no user and assign/unassign/cancel send nothing (DESIGN.md
§7), so every transition of a human task records its own audit event here, in the
transaction of the transition, and keeps the task's ``Deadline`` row current.
"""

from django.utils import timezone
from viewflow.workflow.nodes.view import ViewActivation

from workflows.core import audit
from workflows.core.models import Case, Deadline
from workflows.core.services.cases import case_set_step
from workflows.core.services.deadlines import deadline_complete, deadline_start


def case_of(process) -> Case:
    return Case.objects.get(process_id=process.pk)


class CaseTaskActivation(ViewActivation):
    @classmethod
    def create(cls, flow_task, prev_activation, token, data=None, seed=None):
        activation = super().create(flow_task, prev_activation, token, data=data, seed=seed)
        task = activation.task
        case = case_of(task.process)
        case_set_step(case=case, step=flow_task.name, actor=None, task_id=task.pk)
        _start_task_deadline(flow_task, case, task)
        audit.record(
            "task.created",
            case=case,
            actor=None,
            task_id=task.pk,
            after={"step": flow_task.name, "role": flow_task.role, "owner": _owner(task)},
        )
        return activation

    @ViewActivation.status.super()
    def assign(self, user):
        super().assign.original(user)
        self._after_owner_change("task.assigned", before=None)

    @ViewActivation.status.super()
    def unassign(self):
        before = _owner(self.task)
        super().unassign.original()
        self._after_owner_change("task.unassigned", before=before)

    @ViewActivation.status.super()
    def reassign(self, user=None):
        before = _owner(self.task)
        super().reassign.original(user)
        self._after_owner_change("task.reassigned", before=before)

    @ViewActivation.status.super()
    def cancel(self):
        super().cancel.original()
        case = case_of(self.process)
        Deadline.objects.filter(task=self.task).update(
            status=Deadline.Status.MET, completed_at=timezone.now()
        )
        audit.record(
            "task.cancelled", case=case, task_id=self.task.pk, after={"step": self.flow_task.name}
        )

    @ViewActivation.status.super()
    def complete(self):
        super().complete.original()
        case = case_of(self.process)
        deadline = Deadline.objects.filter(task=self.task).first()
        if deadline is not None:
            deadline_complete(deadline=deadline, actor=self.task.owner)
        audit.record(
            "task.completed",
            case=case,
            actor=self.task.owner,
            task_id=self.task.pk,
            after={"step": self.flow_task.name, "data": self.task.data.get("form", {})},
        )

    def _after_owner_change(self, event_type: str, before: str | None) -> None:
        Deadline.objects.filter(task=self.task).update(assignee=self.task.owner)
        audit.record(
            event_type,
            case=case_of(self.process),
            task_id=self.task.pk,
            before={"owner": before},
            after={"owner": _owner(self.task), "step": self.flow_task.name},
        )


def _owner(task) -> str | None:
    return task.owner.username if task.owner_id else None


def _start_task_deadline(flow_task, case: Case, task) -> None:
    """The task's own statutory period, or the open case milestone it runs within."""
    if flow_task.deadline_rule:
        deadline_start(
            case=case,
            rule_code=flow_task.deadline_rule,
            step=flow_task.name,
            started_on=timezone.localdate(),
            actor=None,
            task_id=task.pk,
            assignee=task.owner,
            role=flow_task.role,
        )
        return
    milestone = (
        Deadline.objects.filter(
            case=case, task__isnull=True, rule__code__in=flow_task.within_rules,
            status__in=Deadline.OPEN_STATUSES,
        )
        .order_by("-pk")
        .first()
    )  # fmt: skip
    if milestone is None:
        raise LookupError(
            f"step {flow_task.name} runs within one of {flow_task.within_rules}, "
            f"but case {case.case_no} has no open deadline of that rule"
        )
    milestone.pk = None
    milestone.task = task
    milestone.step = flow_task.name
    milestone.assignee = task.owner
    milestone.role = flow_task.role
    milestone.save(force_insert=True)

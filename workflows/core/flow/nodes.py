"""The human-task node every procedure uses: a role, a form, a statutory deadline."""

from viewflow import this
from viewflow.utils import is_owner
from viewflow.workflow.flow import View

from workflows.core.flow.activations import CaseTaskActivation, case_of
from workflows.core.permissions import can_act_on_case


class HumanTask(View):
    """A task for one role of the case's bureau, completed through ``form_class``.

    The same form validates the UI and the API (``services.tasks.task_complete``);
    ``on_complete(activation, cleaned_data, actor)`` (usually ``this.<method>``) does the
    step's writes through services, in the transaction and under the case lock.

    Every task has a deadline: its own statutory period (``deadline="REP-ACCEPT"``,
    counted from the day the task is created) or the case milestone it runs within
    (``within="REP-DECIDE"``, started by an earlier step's service; a tuple of rule codes
    when the milestone depends on the case, the open one of them is used).
    """

    activation_class = CaseTaskActivation

    def __init__(self, form_class, *, role, on_complete=None, deadline=None, within=None,
                 **kwargs):  # fmt: skip
        from workflows.core.flow.views import TaskFormView

        if (deadline is None) == (within is None):
            raise ValueError("a HumanTask needs exactly one of deadline= or within=")
        super().__init__(TaskFormView.as_view(), **kwargs)
        self.form_class = form_class
        self.role = str(role)
        self.deadline_rule = deadline
        self.within_rules = (within,) if isinstance(within, str) else tuple(within or ())
        self._on_complete = on_complete

    def _resolve(self, instance):
        super()._resolve(instance)
        self._on_complete = this.resolve(instance, self._on_complete)

    def run_on_complete(self, activation, cleaned_data: dict, actor) -> None:
        if self._on_complete is not None:
            self._on_complete(activation, cleaned_data, actor)

    def can_assign(self, user, task) -> bool:
        if task.owner_id or user is None or not user.is_authenticated:
            return False
        return user.has_role(self.role) and can_act_on_case(user, case_of(task.process))

    def can_execute(self, user, task) -> bool:
        return is_owner(task.owner, user) and can_act_on_case(user, case_of(task.process))

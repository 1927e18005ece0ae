"""Flow nodes of the pilot procedure: regional tasks and the expert panel's parallel scoring.

viewflow 2.4's open-source ``Split`` creates one task per branch; the number of
experts is chosen at the formal check, so ``PanelSplit.Each`` creates one scoring task
per item its data source returns (one per expert, ``task.data = {"scorer": pk}``),
all joined again by a plain ``flow.Join``.
"""

from viewflow.utils import is_owner
from viewflow.workflow.activation import Activation
from viewflow.workflow.exceptions import FlowRuntimeError
from viewflow.workflow.flow import Split
from viewflow.workflow.nodes.split import SplitActivation

from workflows.core.flow import HumanTask
from workflows.core.flow.activations import CaseTaskActivation
from workflows.core.models import Deadline
from workflows.core.regions import REGIONAL_BUREAU_CODE


def _is_regional(user) -> bool:
    return bool(user and user.is_authenticated and user.bureau_id and user.bureau.is_regional)


class RegionalActivation(CaseTaskActivation):
    """The task's deadline row belongs to the regional bureau, which acts on it: the task
    is in the regional queue (not the prefecture's) and counts in its figures."""

    @classmethod
    def create(cls, flow_task, prev_activation, token, data=None, seed=None):
        from workflows.core.models import Bureau

        activation = super().create(flow_task, prev_activation, token, data=data, seed=seed)
        regional = Bureau.objects.get(code=REGIONAL_BUREAU_CODE)
        Deadline.objects.filter(task=activation.task).update(bureau=regional)
        return activation


class RegionalTask(HumanTask):
    """A step of the regional bureau (信用监管处): only its staff of the role act on it."""

    activation_class = RegionalActivation

    def can_assign(self, user, task) -> bool:
        if task.owner_id or not _is_regional(user):
            return False
        return user.has_role(self.role)

    def can_execute(self, user, task) -> bool:
        return is_owner(task.owner, user) and _is_regional(user)


class ScorerTask(RegionalTask):
    """One expert's scoring sheet: assigned at creation to the expert named in
    ``task.data["scorer"]``; nobody else takes or completes it."""

    def can_assign(self, user, task) -> bool:
        return not task.owner_id and _is_regional(user) and user.pk == task.data.get("scorer")

    def can_execute(self, user, task) -> bool:
        return is_owner(task.owner, user) and user.pk == task.data.get("scorer")


class PanelSplitActivation(SplitActivation):
    @Activation.status.super()
    def activate(self):
        for node, _cond, data_source in self.flow_task._branches:
            items = data_source(self) if data_source else [None]
            self.next_tasks.extend((node, item) for item in items)
        if not self.next_tasks:
            raise FlowRuntimeError(f"No next task available for {self.flow_task.name}")


class PanelSplit(Split):
    """A parallel split with one branch task per item of ``data_source(activation)``.

    Based on ``viewflow.workflow.flow.Split`` (not ``nodes.split.Split``): the flow's
    node carries the task pages, and viewflow's task pages and lists link every task
    to its ``index`` page (without it, NoReverseMatch: a 500)."""

    activation_class = PanelSplitActivation

    def Each(self, node, data_source):
        self._activate_next.append((node, None, data_source))
        return self

"""Flow nodes of the pilot procedure: the expert panel's parallel scoring.

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

from workflows.core.flow.regional import RegionalTask, is_regional_staff


class ScorerTask(RegionalTask):
    """One expert's scoring sheet: assigned at creation to the expert named in
    ``task.data["scorer"]``; nobody else takes or completes it."""

    def can_assign(self, user, task) -> bool:
        return not task.owner_id and is_regional_staff(user) and user.pk == task.data.get("scorer")

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

"""The regional task: a step of a prefecture's case that only the regional bureau's
staff (XJ-AMR, 信用监管处) do.

The case stays with the subject's prefecture bureau, whose staff see it throughout, but
the step (the alliance's regional review and decisions, the pilots' formal check and
scoring) is the regional bureau's: its deadline row belongs to that bureau, so the task
sits in the regional queue and counts in its figures.
"""

from viewflow.utils import is_owner

from workflows.core.flow.activations import CaseTaskActivation
from workflows.core.flow.nodes import HumanTask
from workflows.core.models import Bureau, Deadline
from workflows.core.regions import REGIONAL_BUREAU_CODE


def is_regional_staff(user) -> bool:
    return bool(user and user.is_authenticated and user.bureau_id and user.bureau.is_regional)


class RegionalActivation(CaseTaskActivation):
    @classmethod
    def create(cls, flow_task, prev_activation, token, data=None, seed=None):
        activation = super().create(flow_task, prev_activation, token, data=data, seed=seed)
        regional = Bureau.objects.get(code=REGIONAL_BUREAU_CODE)
        Deadline.objects.filter(task=activation.task).update(bureau=regional)
        return activation


class RegionalTask(HumanTask):
    """Taken and done only by the regional bureau's staff of the step's role."""

    activation_class = RegionalActivation

    def _acts(self, user) -> bool:
        return is_regional_staff(user) and user.has_role(self.role)

    def can_assign(self, user, task) -> bool:
        return not task.owner_id and self._acts(user)

    def can_execute(self, user, task) -> bool:
        return is_owner(task.owner, user) and self._acts(user)

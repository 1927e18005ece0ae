"""The regional task: a step of an alliance case that only XJ-AMR's staff do.

Admission cases belong to the subject's prefecture bureau (its staff review first and
see the case throughout), but the regional review, the objections and the decisions are
the regional bureau's: the task sits in the regional queue and counts in its figures.
"""

from viewflow.utils import is_owner

from workflows.core.flow import HumanTask
from workflows.core.flow.activations import CaseTaskActivation
from workflows.core.models import Bureau, Deadline
from workflows.core.regions import REGIONAL_BUREAU_CODE


class RegionalActivation(CaseTaskActivation):
    @classmethod
    def create(cls, flow_task, prev_activation, token, data=None, seed=None):
        activation = super().create(flow_task, prev_activation, token, data=data, seed=seed)
        regional = Bureau.objects.get(code=REGIONAL_BUREAU_CODE)
        Deadline.objects.filter(task=activation.task).update(bureau=regional)
        return activation


class RegionalTask(HumanTask):
    activation_class = RegionalActivation

    def _acts(self, user) -> bool:
        bureau = getattr(user, "bureau", None)
        return bool(bureau and bureau.is_regional and user.has_role(self.role))

    def can_assign(self, user, task) -> bool:
        if task.owner_id or user is None or not user.is_authenticated:
            return False
        return self._acts(user)

    def can_execute(self, user, task) -> bool:
        return is_owner(task.owner, user) and self._acts(user)

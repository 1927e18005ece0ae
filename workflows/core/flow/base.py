from django.db import transaction
from viewflow.workflow.flow import Flow

from workflows.core.flow.lock import CaseLock
from workflows.core.models import Case
from workflows.core.roles import Role, is_staff_member
from workflows.core.selectors import cases_visible_to


class CaseFlow(Flow):
    """Base of the five procedures: a real case lock and the link to the ``Case``.

    A procedure starts with ``start = flow.StartHandle(this.start_case).Next(...)``
    and is launched by ``start_flow(FlowClass, case)``.
    """

    lock_impl = CaseLock()

    def __init_subclass__(cls, **kwargs):
        # viewflow takes the title from the docstring only when none is inherited: without
        # this every procedure would be titled by this base class's docstring.
        cls.process_title = cls.__dict__.get("process_title", "")
        cls.process_description = cls.__dict__.get("process_description", "")
        super().__init_subclass__(**kwargs)

    def has_view_permission(self, user, obj=None) -> bool:
        """Staff of any role may open the procedure's pages (outside systems' API
        clients may not); a process or task of a case outside the user's bureaus is
        refused."""
        if not is_staff_member(user):
            return False
        if obj is None:
            return True
        process_id = getattr(obj, "process_id", None) or obj.pk
        return cases_visible_to(user).filter(process_id=process_id).exists()

    def has_manage_permission(self, user, obj=None) -> bool:
        """Supervisors manage tasks (reassign, cancel) across bureaus."""
        return user.is_authenticated and (user.is_superuser or user.has_role(Role.SUPERVISOR))

    def start_case(self, activation, case: Case):
        process = activation.process
        process.artifact = case
        process.save()
        Case.objects.filter(pk=case.pk).update(process=process)
        case.process = process
        return process


@transaction.atomic
def start_flow(flow_class: type[CaseFlow], case: Case):
    """Start ``flow_class`` for an open case (its first tasks are created at once)."""
    if case.process_id is not None:
        raise ValueError(f"case {case.case_no} already has a process")
    return flow_class.start.run(case=case)

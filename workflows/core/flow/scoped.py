"""viewflow's pages of one flow, scoped like the rest of the site.

viewflow lists every process and task of a flow on its kanban (``index``), its process
and task lists and its queue, whatever the bureau, and draws any process's chart: staff
of Kashgar saw (though could not open) Ürümqi's cases there, and the queue offered tasks
of every role. These views
show what the user's bureaus hold (``bureaus_visible_to``), and the queue only the
tasks the user may claim (``selectors.queue_of``, as the site's own queue).
"""

from django.db.models import Q, QuerySet
from django.http import Http404
from viewflow.workflow.flow import views
from viewflow.workflow.status import STATUS

from workflows.core.selectors import bureaus_visible_to, cases_visible_to, queue_of


def visible_tasks(tasks: QuerySet, user) -> QuerySet:
    bureaus = bureaus_visible_to(user)
    return tasks if bureaus is None else tasks.filter(process__case__bureau__in=bureaus)


class ScopedDashboardView(views.DashboardView):
    """The kanban: the newest open tasks per step and finished processes, scoped."""

    def _tasks(self) -> QuerySet:
        tasks = self.flow_class.task_class._default_manager.filter_available(
            [self.flow_class], self.request.user
        )
        return visible_tasks(tasks, self.request.user).order_by("-created")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)  # its querysets are lazy: replaced
        running = Q(finished__isnull=True) | Q(status=STATUS.ERROR)
        for column in context["columns"]:
            column["tasks"] = self._tasks().filter(running, flow_task=column["node"])[
                : self.MAX_ROWS
            ]
        context["finished"] = self._tasks().filter(
            finished__isnull=False, flow_task__in=context["end_nodes"]
        )[: self.MAX_ROWS]
        return context


class ScopedProcessListView(views.DashboardProcessListView):
    def get_queryset(self):
        processes = super().get_queryset().order_by("-created", "-pk")
        bureaus = bureaus_visible_to(self.request.user)
        return processes if bureaus is None else processes.filter(case__bureau__in=bureaus)


class ScopedTaskListView(views.DashboardTaskListView):
    def get_queryset(self):
        return visible_tasks(super().get_queryset(), self.request.user)


class ScopedQueueView(views.FlowQueueListView):
    def get_queryset(self):
        claimable = queue_of(self.request.user).values("task_id")
        return super().get_queryset().filter(pk__in=claimable)


class ScopedChartView(views.FlowChartView):
    """The flow chart; of one process (the steps it went through) only for a case
    the user sees (viewflow checks the flow, not the process)."""

    def dispatch(self, request, *args, **kwargs):
        process_pk = kwargs.get("process_pk")
        if (
            process_pk is not None
            and request.user.is_authenticated
            and not cases_visible_to(request.user).filter(process_id=process_pk).exists()
        ):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class ScopedFlowPagesMixin:
    """For a flow viewset: its kanban, process and task lists and queue, scoped."""

    dashboard_view_class = ScopedDashboardView
    process_list_view_class = ScopedProcessListView
    task_list_view_class = ScopedTaskListView
    queue_view_class = ScopedQueueView
    chart_view_class = ScopedChartView

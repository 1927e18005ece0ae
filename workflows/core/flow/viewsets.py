"""The viewsets that mount a procedure's flows: ``CaseFlowAppViewset`` (the
procedure's application) and ``NestedFlowViewset`` (a second flow inside it), both
with the flow pages scoped to the user's bureaus (``scoped.py``).

Why a nested viewset: viewflow's plain ``FlowViewset`` has no inbox, queue or archive
pages, yet inside a ``FlowAppViewset`` its pages are drawn with the application's menu
(``viewflow/workflow/flow_menu.html``), which links the current flow viewset's
``inbox``, ``queue`` and ``archive``: NoReverseMatch, a 500 on every page. This
viewset adds those three pages, as ``FlowAppViewset`` has them.
"""

from django.urls import path
from viewflow import viewprop
from viewflow.workflow.flow import FlowAppViewset, FlowViewset, views

from workflows.core.flow.scoped import ScopedFlowPagesMixin, ScopedQueueView
from workflows.core.selectors import queue_of


class CaseFlowAppViewset(ScopedFlowPagesMixin, FlowAppViewset):
    """``FlowAppViewset`` whose pages and menu counts show the user's bureaus only."""

    def get_context_data(self, request):
        context = super().get_context_data(request)
        claimable = queue_of(request.user).values("task_id")
        return {**context, "user_queue": context["user_queue"].filter(pk__in=claimable)}


class NestedFlowViewset(ScopedFlowPagesMixin, FlowViewset):
    """``FlowViewset(flow_class)`` for use in ``FlowAppViewset(..., viewsets=[...])``."""

    @viewprop
    def inbox_view(self):
        return views.FlowInboxListView.as_view(**self.filter_kwargs(views.FlowInboxListView))

    @property
    def inbox_path(self):
        return path("inbox/", self.inbox_view, name="inbox")

    @viewprop
    def queue_view(self):
        return ScopedQueueView.as_view(**self.filter_kwargs(ScopedQueueView))

    @property
    def queue_path(self):
        return path("queue/", self.queue_view, name="queue")

    @viewprop
    def archive_view(self):
        return views.FlowArchiveListView.as_view(**self.filter_kwargs(views.FlowArchiveListView))

    @property
    def archive_path(self):
        return path("archive/", self.archive_view, name="archive")

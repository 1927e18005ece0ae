"""A second flow mounted inside a procedure's ``FlowAppViewset``.

viewflow's plain ``FlowViewset`` has no inbox, queue or archive pages, yet inside a
``FlowAppViewset`` its pages are drawn with the application's menu
(``viewflow/workflow/flow_menu.html``), which links the current flow viewset's
``inbox``, ``queue`` and ``archive``: NoReverseMatch, a 500 on every page. This
viewset adds those three pages, as ``FlowAppViewset`` has them.
"""

from django.urls import path
from viewflow import viewprop
from viewflow.workflow.flow import FlowViewset, views


class NestedFlowViewset(FlowViewset):
    """``FlowViewset(flow_class)`` for use in ``FlowAppViewset(..., viewsets=[...])``."""

    @viewprop
    def inbox_view(self):
        return views.FlowInboxListView.as_view(**self.filter_kwargs(views.FlowInboxListView))

    @property
    def inbox_path(self):
        return path("inbox/", self.inbox_view, name="inbox")

    @viewprop
    def queue_view(self):
        return views.FlowQueueListView.as_view(**self.filter_kwargs(views.FlowQueueListView))

    @property
    def queue_path(self):
        return path("queue/", self.queue_view, name="queue")

    @viewprop
    def archive_view(self):
        return views.FlowArchiveListView.as_view(**self.filter_kwargs(views.FlowArchiveListView))

    @property
    def archive_path(self):
        return path("archive/", self.archive_view, name="archive")

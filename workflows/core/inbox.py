"""My tasks (inbox) and the queue of unclaimed tasks, both listed by statutory deadline."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import NoReverseMatch, path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import generic
from viewflow.urls import AppMenuMixin, Viewset
from viewflow.workflow.models import Task

from workflows.core.deadlines import workdays_left
from workflows.core.models import Deadline, Procedure
from workflows.core.selectors import inbox_of, queue_of
from workflows.core.services.tasks import TaskError, task_claim
from workflows.core.viewsets import case_page_url
from workflows.core.workdays import Calendar


class TaskFilterForm(forms.Form):
    procedure = forms.ChoiceField(
        label=_("Procedure"), required=False, choices=[("", _("All")), *Procedure.choices]
    )
    step = forms.CharField(label=_("Step"), required=False, max_length=64)
    status = forms.ChoiceField(
        label=_("Deadline"),
        required=False,
        choices=[("", _("All")), *[(s.value, s.label) for s in Deadline.OPEN_STATUSES]],
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    ordering = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("due_at", _("Deadline, most urgent first")),
            ("-due_at", _("Deadline, latest first")),
            ("-case__opened_at", _("Newest cases first")),
            ("case__case_no", _("Case number")),
        ],
    )


class TaskListView(generic.ListView):
    template_name = "core/task_list.html"
    paginate_by = 25
    title = ""
    is_queue = False

    def get_queryset(self):
        self.filter_form = TaskFilterForm(self.request.GET or None)
        filters = self.filter_form.cleaned_data if self.filter_form.is_valid() else {}
        select = queue_of if self.is_queue else inbox_of
        return select(self.request.user, filters)

    def paginate_queryset(self, queryset, page_size):
        """Choose the page's rows on the narrow deadline rows, then read only those with
        their case, subject, rule and assignee: otherwise PostgreSQL joins all of a
        user's open rows (a thousand in a busy queue) before it sorts and keeps 25."""
        narrow = queryset.select_related(None).only("pk")
        paginator, page, rows, is_paginated = super().paginate_queryset(narrow, page_size)
        page.object_list = list(queryset.filter(pk__in=[row.pk for row in rows]))
        return paginator, page, page.object_list, is_paginated

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today, calendar = timezone.localdate(), Calendar()
        for row in context["object_list"]:
            left = workdays_left(row, today, calendar)
            row.workdays_left, row.workdays_overdue = max(left, 0), max(-left, 0)
            row.open_url = _execute_url(row.task)
            row.case_url = case_page_url(row.case)
        context.update(title=self.title, filter_form=self.filter_form, is_queue=self.is_queue)
        return context


def _execute_url(task: Task) -> str | None:
    try:
        return task.reverse("execute")
    except NoReverseMatch:  # the flow is not mounted in this site
        return None


class InboxView(TaskListView):
    title = _("My tasks")


class QueueView(TaskListView):
    title = _("Task queue")
    is_queue = True

    def post(self, request, *args, **kwargs):
        """Claim a task from the queue, then open it."""
        task = Task.objects.filter(pk=request.POST.get("task")).first()
        if task is None:
            raise PermissionDenied
        try:
            task_claim(task=task, user=request.user)
        except TaskError as exc:
            messages.error(request, exc.message)
            return HttpResponseRedirect(request.get_full_path())
        return HttpResponseRedirect(task.reverse("execute"))


class InboxViewset(AppMenuMixin, Viewset):
    title = _("My tasks")
    icon = "inbox"
    index_path = path("", InboxView.as_view(), name="index")


class QueueViewset(AppMenuMixin, Viewset):
    title = _("Task queue")
    icon = "move_to_inbox"
    index_path = path("", QueueView.as_view(), name="index")

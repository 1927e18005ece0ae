"""The two flows the task-completion benchmark compares.

``BenchFlow`` is a procedure as the apps build them (core ``HumanTask`` nodes: audit
events, deadlines, outbox rows, the case lock); ``BareFlow`` has the same three steps
as plain viewflow ``View`` nodes with viewflow's own row lock and nothing else. The
ratio of their costs is what the core machinery adds to a step. ``BenchFlow`` also
stands in, in the generated data, for the procedures whose apps are not built yet.
"""

from django import forms
from viewflow import this
from viewflow.workflow import flow, lock
from viewflow.workflow.flow.views import UpdateProcessView

from forms.tasks import TaskForm
from workflows.core.flow import CaseFlow, HumanTask
from workflows.core.flow.activations import case_of
from workflows.core.models import Deadline
from workflows.core.roles import Role
from workflows.core.services.cases import case_close
from workflows.core.services.deadlines import deadline_complete, deadline_start


class AcceptForm(TaskForm):
    accepted_on = forms.DateField(label="受理日期")


class DecideForm(TaskForm):
    decision = forms.ChoiceField(label="决定", choices=[("grant", "准予"), ("refuse", "不予")])


class BenchFlow(CaseFlow):
    """Accept (clerk, 2 working days), verify (handler) and decide (leader) within the
    decision period started at acceptance."""

    start = flow.StartHandle(this.start_case).Next(this.accept)
    accept = (
        HumanTask(AcceptForm, role=Role.CLERK, deadline="REP-ACCEPT", on_complete=this.accepted)
        .Annotation(title="受理")
        .Next(this.verify)
    )
    verify = (
        HumanTask(TaskForm, role=Role.HANDLER, within="REP-DECIDE")
        .Annotation(title="核查")
        .Next(this.decide)
    )
    decide = (
        HumanTask(DecideForm, role=Role.LEADER, within="REP-DECIDE", on_complete=this.decided)
        .Annotation(title="决定")
        .Next(this.end)
    )
    end = flow.End()

    def accepted(self, activation, data, actor):
        deadline_start(
            case=case_of(activation.process), rule_code="REP-DECIDE", step="decision",
            started_on=data["accepted_on"], actor=actor,
        )  # fmt: skip

    def decided(self, activation, data, actor):
        case = case_of(activation.process)
        milestone = Deadline.objects.get(case=case, task__isnull=True, rule__code="REP-DECIDE")
        deadline_complete(deadline=milestone, actor=actor)
        case_close(case=case, decision=data["decision"], actor=actor, comment=data["comment"])


class BareFlow(flow.Flow):
    """The same three steps in plain viewflow: no audit, no deadlines, no outbox."""

    lock_impl = lock.SelectForUpdateLock(nowait=False)

    start = flow.StartHandle().Next(this.accept)
    accept = flow.View(UpdateProcessView.as_view(fields=[])).Next(this.verify)
    verify = flow.View(UpdateProcessView.as_view(fields=[])).Next(this.decide)
    decide = flow.View(UpdateProcessView.as_view(fields=[])).Next(this.end)
    end = flow.End()

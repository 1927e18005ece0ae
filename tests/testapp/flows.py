from django import forms
from viewflow import this
from viewflow.workflow import flow

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


class SampleFlow(CaseFlow):
    """示例程序

    A two-step procedure: the clerk accepts (2 working days), the leader decides
    within 15 working days of acceptance.
    """

    start = flow.StartHandle(this.start_case).Next(this.accept)
    accept = (
        HumanTask(AcceptForm, role=Role.CLERK, deadline="REP-ACCEPT", on_complete=this.accepted)
        .Annotation(title="受理")
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

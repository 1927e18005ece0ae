"""The generic form view of a human task (the API shares its form and services)."""

from django.utils.translation import gettext_lazy as _
from django.views import generic
from viewflow.views import FormLayoutMixin
from viewflow.workflow.flow.views import mixins

from workflows.core.flow.activations import case_of
from workflows.core.services.tasks import TaskFormInvalid, finish_task


class TaskFormView(
    FormLayoutMixin,
    mixins.SuccessMessageMixin,
    mixins.TaskSuccessUrlMixin,
    mixins.TaskViewTemplateNames,
    generic.FormView,
):
    template_filename = "task.html"
    success_message = _("Task {task} has been completed.")

    def get_form_class(self):
        return self.request.activation.flow_task.form_class

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "case": case_of(self.request.activation.process)}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["case"] = case_of(self.request.activation.process)
        return context

    def form_valid(self, form):
        # The POST wrapper of the node holds the case lock and the transaction here.
        try:
            finish_task(self.request.activation, form, self.request.user)
        except TaskFormInvalid as exc:
            for field, messages in exc.errors.items():
                for message in messages:
                    form.add_error(field if field in form.fields else None, message)
            return self.form_invalid(form)
        return super().form_valid(form)

"""URLs of the staff API, mounted at ``/api/v1/``."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from workflows.core.api.calendar import AddWorkdaysView, WorkdaysBetweenView
from workflows.core.api.integrations import IntegrationsView
from workflows.core.api.registration import RegistrationSubjectsView
from workflows.core.api.tasks import (
    ClaimTaskView,
    CompleteTaskView,
    MyQueueView,
    MyTasksView,
    UnclaimTaskView,
)
from workflows.core.api.views import CaseViewSet, SubjectViewSet
from workflows.core.sla.api import api_urls as sla_urls

app_name = "api"

router = SimpleRouter()
router.register("subjects", SubjectViewSet, basename="subject")
router.register("cases", CaseViewSet, basename="case")

urlpatterns = [
    *router.urls,
    path("tasks/mine/", MyTasksView.as_view(), name="tasks-mine"),
    path("tasks/queue/", MyQueueView.as_view(), name="tasks-queue"),
    path("tasks/<int:task_id>/claim/", ClaimTaskView.as_view(), name="task-claim"),
    path("tasks/<int:task_id>/unclaim/", UnclaimTaskView.as_view(), name="task-unclaim"),
    path("tasks/<int:task_id>/complete/", CompleteTaskView.as_view(), name="task-complete"),
    path("calendar/add-workdays/", AddWorkdaysView.as_view(), name="calendar-add-workdays"),
    path(
        "calendar/workdays-between/",
        WorkdaysBetweenView.as_view(),
        name="calendar-workdays-between",
    ),
    *sla_urls(),
    path("integrations/", IntegrationsView.as_view(), name="integrations"),
    path(
        "registration/subjects/",
        RegistrationSubjectsView.as_view(),
        name="registration-subjects",
    ),
]

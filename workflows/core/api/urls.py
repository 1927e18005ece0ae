"""URLs of the staff API, mounted at ``/api/v1/``."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from workflows.core.api.calendar import AddWorkdaysView, WorkdaysBetweenView
from workflows.core.api.views import CaseViewSet, SubjectViewSet

app_name = "api"

router = SimpleRouter()
router.register("subjects", SubjectViewSet, basename="subject")
router.register("cases", CaseViewSet, basename="case")

urlpatterns = [
    *router.urls,
    path("calendar/add-workdays/", AddWorkdaysView.as_view(), name="calendar-add-workdays"),
    path(
        "calendar/workdays-between/",
        WorkdaysBetweenView.as_view(),
        name="calendar-workdays-between",
    ),
]

from django.urls import path
from viewflow.urls import Application, Site

from project.urls import urlpatterns as project_urlpatterns
from tests.testapp.flows import SampleFlow
from workflows.core.flow.viewsets import CaseFlowAppViewset

sample_site = Site(
    title="Sample",
    viewsets=[
        Application(title="Sample", app_name="sample", viewsets=[CaseFlowAppViewset(SampleFlow)])
    ],
)

urlpatterns = [*project_urlpatterns, path("sample/", sample_site.urls)]

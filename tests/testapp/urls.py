from django.urls import path
from viewflow.urls import Application, Site
from viewflow.workflow.flow import FlowAppViewset

from project.urls import urlpatterns as project_urlpatterns
from tests.testapp.flows import SampleFlow

sample_site = Site(
    title="Sample",
    viewsets=[
        Application(title="Sample", app_name="sample", viewsets=[FlowAppViewset(SampleFlow)])
    ],
)

urlpatterns = [*project_urlpatterns, path("sample/", sample_site.urls)]

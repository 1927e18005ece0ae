from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.auth.views import LoginView
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView
from viewflow.contrib.auth import AuthViewset
from viewflow.urls import Application, Site

from project.health import healthz
from search.views import SearchViewset
from workflows.alliance.viewsets import alliance_application
from workflows.core import views as core_views
from workflows.core.inbox import InboxViewset, QueueViewset
from workflows.core.integrations.figures import can_view_integrations
from workflows.core.integrations.views import IntegrationsViewset
from workflows.core.login_throttle import ThrottledAuthenticationForm
from workflows.core.roles import is_staff_member
from workflows.core.sla.figures import can_view_sla
from workflows.core.sla.views import DashboardViewset, ReportsViewset
from workflows.core.viewsets import SubjectImportViewset, SubjectViewset
from workflows.listing.viewsets import listing_application
from workflows.pilot.viewsets import pilot_application
from workflows.pledge.viewsets import pledge_application
from workflows.repair.viewsets import repair_application

site = Site(
    title=_("Credit Supervision"),
    viewsets=[
        Application(
            title=_("Workbench"),
            icon="assignment",
            app_name="work",
            viewsets=[InboxViewset(), QueueViewset()],
            permission=is_staff_member,  # not the court or online-channel API clients
        ),
        Application(
            title=_("Supervision"),
            icon="monitoring",
            app_name="sla",
            viewsets=[DashboardViewset(), ReportsViewset()],
            permission=can_view_sla,
        ),
        Application(
            title=_("Credit records"),
            icon="verified_user",
            app_name="records",
            viewsets=[SubjectViewset(), SubjectImportViewset()],
        ),
        repair_application(),
        listing_application(),
        alliance_application(),
        pilot_application(),
        pledge_application(),
        Application(
            title=_("Integrations"),
            icon="sync_alt",
            app_name="integrations",
            viewsets=[IntegrationsViewset()],
            permission=can_view_integrations,
        ),
        Application(
            title=_("Audit"),
            icon="manage_search",
            app_name="audit",
            viewsets=[SearchViewset()],
        ),
    ],
)

urlpatterns = [
    path("", RedirectView.as_view(url="/app/", permanent=False)),
    path(
        "accounts/",
        AuthViewset(
            with_profile_view=True,
            login_view=LoginView.as_view(form_class=ThrottledAuthenticationForm),
        ).urls,
    ),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz/", healthz, name="healthz"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/v1/search/", include("search.api")),
    path("api/v1/repair/", include("workflows.repair.api")),
    path("api/v1/court-referrals/", include("workflows.listing.api")),
    path("api/v1/alliance/", include("workflows.alliance.api")),
    path("api/v1/pledges/", include("workflows.pledge.api")),
    path("api/v1/", include("workflows.core.api.urls")),
    path("app/", site.urls),
    path("documents/<int:pk>/download/", core_views.document_download, name="document-download"),
    path("notifications/", core_views.notification_list, name="notification-list"),
    path("notifications/<int:pk>/read/", core_views.notification_read, name="notification-read"),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

import pytest

from workflows.core.demo import seed_core

pytestmark = pytest.mark.django_db


def test_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get("/app/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_login_page_is_chinese_by_default(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert "登录" in response.content.decode()


def test_demo_user_logs_in_and_sees_subjects_of_their_bureau_only(client):
    seed_core()
    response = client.post("/accounts/login/", {"username": "handler_kashgar", "password": "demo"})
    assert response.status_code == 302
    page = client.get("/app/records/subject/").content.decode()
    assert "喀什古城文化旅游发展有限公司" in page
    assert "乌鲁木齐天山雪莲商贸有限公司" not in page


def test_health_endpoint_reports_every_real_service(client):
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok", "search": "ok"}


def test_openapi_schema_is_served_without_login(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200


def test_every_admin_page_of_the_core_opens_for_the_superuser(client):
    from django.contrib import admin
    from django.urls import reverse

    seed_core()
    client.login(username="admin", password="demo")
    for model in admin.site._registry:
        if model._meta.app_label != "core":
            continue
        url = reverse(f"admin:core_{model._meta.model_name}_changelist")
        assert client.get(url).status_code == 200, url


def test_audit_events_cannot_be_edited_in_the_admin(client):
    from workflows.core.models import AuditEvent

    seed_core()
    client.login(username="admin", password="demo")
    event = AuditEvent.objects.first()
    response = client.post(f"/admin/core/auditevent/{event.pk}/change/", {"comment": "x"})
    assert response.status_code == 403

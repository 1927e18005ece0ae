"""The refusal page speaks the user's language and leads back to the workbench."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_refused_page_is_in_chinese_with_a_way_back(client, staff):
    client.force_login(staff["handler_kashgar"])  # a prefecture handler: no SLA dashboard
    response = client.get("/app/sla/dashboard/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    page = response.content.decode()
    assert response.status_code == 403
    assert "<title>403 无权访问 - 信用监管</title>" in page
    assert '<a href="/app/"' in page and "返回工作台" in page
    assert "以其他用户身份登录" in page
    assert "Log in as another user" not in page and "Django Material" not in page

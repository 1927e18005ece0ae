"""Clients of the staff API, each authenticated with a real token as an API client would be."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import UserFactory, bureau
from workflows.core.models import User
from workflows.core.roles import Role
from workflows.core.services.roles import roles_ensure_groups

URUMQI, KASHGAR, REGION = "650100", "653100", "650000"


@pytest.fixture
def make_user(db):
    groups = roles_ensure_groups()

    def make(role: Role | None, bureau_code: str = URUMQI, **fields) -> User:
        user = UserFactory(bureau=bureau(bureau_code), **fields)
        if role is not None:
            user.groups.add(groups[role])
        return user

    return make


@pytest.fixture
def api_client():
    """``api_client(user)``: a client sending the user's token (English messages)."""

    def client_for(user: User | None = None) -> APIClient:
        client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
        if user is not None:
            token, _ = Token.objects.get_or_create(user=user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return client_for


@pytest.fixture
def handler_client(make_user, api_client):
    """An Ürümqi case handler's client."""
    return api_client(make_user(Role.HANDLER, URUMQI))

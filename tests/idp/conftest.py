"""The IdP fixtures: on SQLite, and on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from jpki.idp.app import build_idp_app
from jpki.idp.profiles import ProfileName
from tests.idp.flow import ISSUER, open_idp


@pytest.fixture
def idp(authority, clock, tmp_path):
    provider = open_idp(authority, clock, tmp_path)
    yield provider
    provider.close()
    provider.platform.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def any_idp(request, authority, clock, tmp_path):
    """The IdP (and its platform) on the embedded default and on PostgreSQL."""
    url = None
    if request.param == "postgresql":
        url = request.getfixturevalue("postgres").new_database()
    provider = open_idp(authority, clock, tmp_path, url)
    yield provider
    provider.close()
    provider.platform.close()


@pytest.fixture
def da(authority, clock, tmp_path):
    """The IdP of the Digital Agency profile (デジタル認証アプリ's twin)."""
    provider = open_idp(authority, clock, tmp_path, profile=ProfileName.DIGITAL_AGENCY)
    yield provider
    provider.close()
    provider.platform.close()


@pytest.fixture
def web(da):
    """The Digital Agency profile's HTTP face."""
    return TestClient(build_idp_app(da), base_url=ISSUER)

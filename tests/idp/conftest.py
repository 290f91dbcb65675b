"""The IdP fixtures: on SQLite, and on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from tests.idp.flow import open_idp


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

"""The attribute authority's test world: the platform with its two SPs (tests/conftest.py's
`world`), the authority as the platform's tenant over the platform's HTTP API in-process, and
one office (a municipality's welfare office) with its API key."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from jpki.attributes.api import build_attributes_app
from jpki.attributes.platform_client import PlatformTenant
from jpki.attributes.service import AttributeAuthority, Office
from jpki.clock import ManualClock
from jpki.platform.api import build_platform_app
from jpki.platform.tenants import Identifiers, Model
from jpki.storage import sqlite_url
from tests.attributes.helpers import (
    AA_TENANT,
    OFFICE_KEY,
    OFFICE_KINDS,
    OFFICE_ORIGIN,
    AttributeWorld,
)


@pytest.fixture
def attribute_world(
    request: pytest.FixtureRequest, world: Any, clock: ManualClock, tmp_path: Path
) -> Iterator[AttributeWorld]:
    """The world with the authority's tables on SQLite, or on PostgreSQL for a test that asks
    (`@pytest.mark.parametrize("attribute_world", ["postgresql"], indirect=True)`)."""
    platform, platform_api, keys, admin = world
    _, tenant_key = platform.tenants.register(
        AA_TENANT, "City attribute authority", Model.ITAKU, [OFFICE_ORIGIN]
    )
    platform.tenants.set_identifiers(AA_TENANT, Identifiers.ANY_KNOWN)
    http = TestClient(
        build_platform_app(platform, background=False), base_url="http://platform.test"
    )
    office = Office(
        id="welfare",
        name="Welfare office",
        kinds=OFFICE_KINDS,
        origins=frozenset({OFFICE_ORIGIN}),
        api_key_sha256=Office.key_digest(OFFICE_KEY),
    )
    authority = AttributeAuthority(
        name="City attribute authority",
        tenant=AA_TENANT,
        url="http://aa.test",
        folder=tmp_path / "aa",
        database_url=(
            request.getfixturevalue("postgres").new_database()
            if getattr(request, "param", "sqlite") == "postgresql"
            else sqlite_url(tmp_path / "aa.db")
        ),
        clock=clock,
        platform=PlatformTenant("http://platform.test", tenant_key, http=http),
        offices=[office],
    )
    api = TestClient(build_attributes_app(authority), base_url="http://aa.test")
    yield AttributeWorld(
        platform, platform_api, keys, admin, authority, api, {"X-API-Key": OFFICE_KEY}
    )
    authority.close()

"""schemathesis against the platform's /openapi.json: whatever it sends, never a 5xx.

Cases are generated from the OpenAPI document for every operation (as an SP and as the
operator, with valid credentials so requests get past authentication) and sent to the ASGI app.
"""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings

from jpki.platform.api import build_platform_app
from jpki.platform.tenants import Model
from tests.platform.helpers import ORIGIN, make_platform


def test_no_request_gets_a_server_error(authority, clock, tmp_path):
    platform = make_platform(authority, clock, tmp_path / "world")
    try:
        _, key = platform.tenants.register("fuzz-sp", "Fuzz SP", Model.DAIKO, [ORIGIN])
        app = build_platform_app(platform, background=False)
        schema = schemathesis.openapi.from_asgi("/openapi.json", app)
        headers = {"X-API-Key": key, "Authorization": f"Bearer {platform.settings.admin_token}"}
        operations = [result.ok() for result in schema.get_all_operations()]
        assert len(operations) >= 15
        for operation in operations:
            _fuzz(operation, headers)
    finally:
        platform.close()


def _fuzz(operation, headers) -> None:  # type: ignore[no-untyped-def]
    """Up to 15 generated requests for one operation, none of which may get a 5xx."""

    @settings(
        max_examples=15,
        deadline=None,
        database=None,
        derandomize=True,  # the same requests in every run: CI must not find news by chance
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def fuzz(case) -> None:  # type: ignore[no-untyped-def]
        response = case.call(headers=headers)
        label = f"{operation.method.upper()} {operation.path}"
        assert response.status_code < 500, f"{label}: {response.status_code} {response.text[:300]}"

    fuzz()

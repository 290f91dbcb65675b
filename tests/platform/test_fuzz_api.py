"""schemathesis against the platform's /openapi.json: whatever it sends, never a 5xx, and every
answer as documented (status, media type, body).

Cases are generated from the OpenAPI document for every operation (as an SP and as the
operator, with valid credentials so requests get past authentication) and sent to the ASGI app.
"""

from __future__ import annotations

from jpki.platform.api import build_platform_app
from jpki.platform.tenants import Model
from tests.openapi_fuzz import fuzz_every_operation
from tests.platform.helpers import ORIGIN, make_platform


def test_every_answer_is_documented_and_none_is_a_server_error(authority, clock, tmp_path):
    platform = make_platform(authority, clock, tmp_path / "world")
    try:
        _, key = platform.tenants.register("fuzz-sp", "Fuzz SP", Model.DAIKO, [ORIGIN])
        app = build_platform_app(platform, background=False)
        headers = {"X-API-Key": key, "Authorization": f"Bearer {platform.settings.admin_token}"}
        fuzz_every_operation(app, headers, at_least=15)
    finally:
        platform.close()

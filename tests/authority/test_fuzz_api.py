"""schemathesis against the authority's /openapi.json: whatever it sends, never a 5xx, and every
answer as documented (status, media type, body).

Cases are generated for every operation, OCSP included, as the operator and as an accredited
verifier at once (valid credentials, so requests get past authentication), and sent to the
whole ASGI app.
"""

from __future__ import annotations

from jpki.authority.api.app import build_app
from tests.openapi_fuzz import fuzz_every_operation


def test_every_answer_is_documented_and_none_is_a_server_error(authority):
    authority.publish_crls()
    _, verifier_key = authority.accredit_verifier("Fuzz verifier")
    headers = {
        "Authorization": f"Bearer {authority.settings.admin_token}",
        "X-JPKI-Verifier-Key": verifier_key,
    }
    fuzz_every_operation(build_app(authority, background=False), headers, at_least=25)

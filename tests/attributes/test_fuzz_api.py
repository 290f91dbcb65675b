"""schemathesis against the attribute authority's /openapi.json, as an office: whatever it
sends, never a 5xx, and every answer as documented."""

from __future__ import annotations

from jpki.attributes.api import build_attributes_app
from tests.attributes.helpers import OFFICE_KEY, AttributeWorld
from tests.openapi_fuzz import fuzz_every_operation


def test_every_answer_is_documented_and_none_is_a_server_error(
    attribute_world: AttributeWorld,
) -> None:
    app = build_attributes_app(attribute_world.authority)
    fuzz_every_operation(app, {"X-API-Key": OFFICE_KEY}, at_least=5)

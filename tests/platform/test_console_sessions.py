"""The platform console's session cookie is sealed: it names neither the role nor the tenant
to whoever reads it, and an altered or foreign cookie logs nobody in."""

from __future__ import annotations

from jpki.platform.console import ConsoleSessions
from tests.at_rest import altered, readable_parts


def test_a_console_cookie_reveals_no_tenant_and_cannot_be_forged() -> None:
    sessions = ConsoleSessions(b"\x01" * 32)
    cookie = sessions.issue("sp", "bank-001")
    assert sessions.read(cookie) == ("sp", "bank-001")
    for text in readable_parts(cookie):
        assert b"bank-001" not in text
        assert b'"sp"' not in text
    assert ConsoleSessions(b"\x02" * 32).read(cookie) is None
    assert sessions.read(altered(cookie)) is None
    assert sessions.read(None) is None

"""Mynaportal's cookies (an opaque session id, the login's browser binding) are scoped to its
own host: HttpOnly, SameSite=Lax, Path=/, no Domain, and on https `Secure` with `__Host-`."""

from __future__ import annotations

from fastapi.testclient import TestClient

from jpki.mynumber.portal.app import build_portal_app
from jpki.mynumber.portal.service import Portal
from jpki.verifier.setup import build_verifier


class Register:
    def move(self, resident_code: str, new_address: str) -> None:
        raise AssertionError("not in this test")


def browser_cookie_of(network, authority, clock, origin: str) -> str:
    authority.publish_crls()
    setup = build_verifier(clock, [authority.settings.roots_dir])
    portal = Portal(network, setup.validator, clock, origin, lambda serial: None, Register())
    web = TestClient(build_portal_app(portal, "http://wallet.test"), base_url=origin)
    return web.get("/").headers["set-cookie"]


def test_on_https_the_cookies_carry_the_host_prefix(network, authority, clock):
    header = browser_cookie_of(network, authority, clock, "https://myna.example")
    assert header.startswith("__Host-mp_browser=")
    lowered = header.lower()
    for attribute in ("; secure", "; httponly", "samesite=lax", "path=/"):
        assert attribute in lowered
    assert "domain" not in lowered


def test_on_loopback_http_they_are_not_secure(network, authority, clock):
    header = browser_cookie_of(network, authority, clock, "http://127.0.0.6:8300")
    assert header.startswith("mp_browser=")
    assert "secure" not in header.lower()

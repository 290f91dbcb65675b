"""Sessions sealed in their cookies (`jpki.web_session`): nothing of what a session holds can be
read from its cookie, a cookie altered or sealed elsewhere opens to nothing, and the cookie is
scoped to its own host (HttpOnly, SameSite=Lax, Path=/, no Domain; `__Host-` and Secure on
https)."""

from __future__ import annotations

import time

import pytest
from fastapi import FastAPI, Request
from fastapi.testclient import TestClient

from jpki.web_session import CookieSeal, EncryptedSessions, session_cookie_for
from tests.at_rest import altered, is_json_object, readable_parts

CLAIMS = {"user": {"sub": "pairwise-sub-123", "name": "山田太郎"}, "access_token": "eyJtoken"}


def session_app(origin: str) -> FastAPI:
    app = FastAPI()
    app.add_middleware(EncryptedSessions, secret="s" * 64, origin=origin)

    @app.get("/in")
    def log_in(request: Request) -> dict[str, str]:
        request.session.update(CLAIMS)
        return {}

    @app.get("/me")
    def me(request: Request) -> dict[str, object]:
        return dict(request.session)

    return app


def test_a_session_round_trips_and_its_cookie_reveals_nothing() -> None:
    origin = "http://127.0.0.5:8000"
    client = TestClient(session_app(origin), base_url=origin)
    client.get("/in")
    cookie = client.cookies[session_cookie_for(origin)]
    assert client.get("/me").json() == CLAIMS
    for text in readable_parts(cookie):
        assert b"pairwise-sub-123" not in text
        assert "山田太郎".encode() not in text
        assert b"eyJtoken" not in text
        assert not is_json_object(text)


def test_the_cookie_is_scoped_to_its_host() -> None:
    origin = "http://127.0.0.5:8000"
    header = TestClient(session_app(origin), base_url=origin).get("/in").headers["set-cookie"]
    attributes = {a.strip().split("=")[0].lower() for a in header.split(";")[1:]}
    assert {"path", "httponly", "samesite", "max-age"} <= attributes
    assert "domain" not in attributes
    assert "samesite=lax" in header.lower()
    assert "path=/;" in header.lower()
    assert "secure" not in attributes  # plain http on loopback


def test_on_https_the_cookie_is_secure_with_the_host_prefix() -> None:
    origin = "https://rp.example"
    header = TestClient(session_app(origin), base_url=origin).get("/in").headers["set-cookie"]
    assert header.startswith("__Host-session-")
    assert "; secure" in header.lower()
    assert "domain" not in header.lower()


def test_another_service_cannot_open_or_forge_a_session() -> None:
    mine, theirs = "http://127.0.0.5:8000", "http://127.0.0.7:8000"
    client = TestClient(session_app(mine), base_url=mine)
    client.get("/in")
    cookie = client.cookies[session_cookie_for(mine)]
    other = TestClient(session_app(theirs), base_url=theirs)
    other.cookies.set(session_cookie_for(theirs), cookie)
    assert other.get("/me").json() == {}  # same secret, another cookie name: another key
    fresh = TestClient(session_app(mine), base_url=mine)
    fresh.cookies.set(session_cookie_for(mine), altered(cookie))
    assert fresh.get("/me").json() == {}


def test_a_seal_opens_only_under_its_key_purpose_and_lifetime(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seal = CookieSeal("secret", "idp session")
    sealed = seal.seal(b'{"h": "holder-1"}')
    assert seal.open(sealed, 60) == b'{"h": "holder-1"}'
    assert CookieSeal("secret", "another purpose").open(sealed, 60) is None
    assert CookieSeal("other secret", "idp session").open(sealed, 60) is None
    assert seal.open("not base64 !", 60) is None
    assert seal.open("", 60) is None
    assert seal.seal(b"x") != seal.seal(b"x")  # a fresh nonce each time
    now = time.time()
    monkeypatch.setattr("jpki.web_session.time.time", lambda: now + 61)
    assert seal.open(sealed, 60) is None
    assert seal.open(sealed, None) == b'{"h": "holder-1"}'

"""Sector identifiers (OIDC Core 8.1, issue 25 item 1): an RP gets the pairwise `sub` of the
hosts it controls, never of a sector it names, so nobody can borrow another RP's `sub`."""

from __future__ import annotations

import json

import httpx
import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from jpki.idp.app import build_idp_app
from jpki.idp.clients import InvalidClientMetadata
from jpki.idp.sectors import MAX_DOCUMENT_BYTES
from jpki.idp.store.database import Database
from jpki.idp.subjects import subject_of
from tests.holders import make_holder
from tests.idp.flow import ISSUER, REDIRECT, claims_of, code_for, migrate_to, pkce, token

ETAX = "国税庁 e-Tax / National Tax Agency e-Tax"


def subject(idp, web, client_id, secret, holder):
    verifier, challenge = pkce()
    reply = token(web, client_id, secret, code_for(web, client_id, holder, challenge), verifier)
    return claims_of(idp, reply.json()["id_token"]).claims["sub"]


def test_a_dynamic_client_cannot_borrow_another_rps_sector(idp, authority):
    """The issue's attack: register as "国税庁 e-Tax" naming e-Tax's sector."""
    web, holder = TestClient(build_idp_app(idp), base_url=ISSUER), make_holder(authority)
    etax, etax_secret = idp.clients.register(
        {"client_name": ETAX, "redirect_uris": [REDIRECT]}, client_id="gov-etax"
    )
    etax_sub = subject(idp, web, etax.client_id, etax_secret, holder)
    borrowed = web.post(
        "/register",
        json={"client_name": ETAX, "redirect_uris": [REDIRECT], "sector_identifier": "gov-etax"},
    )
    assert borrowed.status_code == 400
    assert borrowed.json()["error"] == "invalid_client_metadata"
    lookalike = web.post("/register", json={"client_name": ETAX, "redirect_uris": [REDIRECT]})
    assert lookalike.status_code == 201
    made = lookalike.json()
    web.cookies.clear()
    assert subject(idp, web, made["client_id"], made["client_secret"], holder) != etax_sub


def documents(answers):
    """An HTTP client whose sector identifier documents are `answers` (URL: reply)."""

    def handler(request: httpx.Request) -> httpx.Response:
        answer = answers.get(str(request.url))
        if isinstance(answer, Exception):
            raise answer
        return answer or httpx.Response(404)

    return httpx.Client(transport=httpx.MockTransport(handler))


def register(idp, redirect_uris, **metadata):
    client, _ = idp.clients.register(
        {"client_name": "RP", "redirect_uris": redirect_uris, **metadata}, by="dynamic"
    )
    return client


def test_the_sector_is_the_redirect_host_and_codes_go_only_there(idp):
    one = register(idp, ["https://shop.example/cb"])
    two = register(idp, ["https://SHOP.example/other"])
    elsewhere = register(idp, ["https://other.example/cb"])
    assert one.sector == two.sector == "shop.example"
    assert subject_of(idp.settings, one, "h") == subject_of(idp.settings, two, "h")
    assert subject_of(idp.settings, one, "h") != subject_of(idp.settings, elsewhere, "h")


def test_loopback_clients_are_each_their_own_sector(idp):
    one = register(idp, ["http://127.0.0.1:9001/cb"])
    two = register(idp, ["http://localhost:9002/cb", "http://127.0.0.1:9002/cb"])
    assert (one.sector, two.sector) == (one.client_id, two.client_id)


def test_several_hosts_need_a_verified_sector_identifier_document(idp):
    uris = ["https://a.example/cb", "https://b.example/cb"]
    with pytest.raises(InvalidClientMetadata, match="sector_identifier_uri"):
        register(idp, uris)
    document = "https://sectors.example/group.json"
    idp.clients.http = documents({document: httpx.Response(200, json=[*uris, "https://c/"])})
    first = register(idp, uris, sector_identifier_uri=document)
    second = register(idp, ["https://c/"], sector_identifier_uri=document)
    assert first.sector == second.sector == "sectors.example"
    assert subject_of(idp.settings, first, "h") == subject_of(idp.settings, second, "h")


@pytest.mark.parametrize(
    ("uri", "reply", "why"),
    [
        ("https://s.example/d", httpx.Response(200, json=["https://a.example/other"]), "list"),
        ("https://s.example/d", httpx.Response(200, json={"uris": []}), "array"),
        ("https://s.example/d", httpx.Response(200, content=b"\xff{"), "JSON"),
        ("https://s.example/d", httpx.Response(302, headers={"location": "/x"}), "302"),
        ("https://s.example/d", httpx.Response(404), "404"),
        ("https://s.example/d", httpx.ConnectTimeout("slow"), "fetched"),
        (
            "https://s.example/d",
            httpx.Response(200, content=b" " * (MAX_DOCUMENT_BYTES + 1)),
            "too large",
        ),
        ("http://s.example/d", httpx.Response(200, json=["https://a.example/cb"]), "HTTPS"),
        ("ftp://s.example/d", httpx.Response(200, json=["https://a.example/cb"]), "HTTPS"),
    ],
)
def test_a_bad_sector_identifier_document_is_refused_at_registration(idp, uri, reply, why):
    idp.clients.http = documents({uri: reply})
    web = TestClient(build_idp_app(idp), base_url=ISSUER)
    before = len(idp.clients.all())
    answer = web.post(
        "/register",
        json={
            "client_name": "RP",
            "redirect_uris": ["https://a.example/cb"],
            "sector_identifier_uri": uri,
        },
    )
    assert answer.status_code == 400, answer.text
    assert answer.json()["error"] == "invalid_client_metadata"
    assert why in answer.json()["error_description"]
    assert len(idp.clients.all()) == before


def test_existing_clients_keep_a_deterministic_sector(tmp_path):
    """Migration 0002: operator RPs keep the sector their `sub` was computed under, a dynamic
    RP's claimed sector is dropped for its own client ID."""
    database = Database(f"sqlite:///{tmp_path / 'idp.db'}")
    migrate_to(database, "0001")
    legacy = [
        ("op-claimed", {"sector_identifier": "group"}, "operator"),
        ("op-plain", {}, "operator"),
        ("dyn-claimed", {"sector_identifier": "gov-etax"}, "dynamic"),
    ]
    with database.engine.begin() as connection:
        for client_id, extra, by in legacy:
            connection.execute(
                sa.text(
                    "INSERT INTO clients (client_id, metadata_json, registered_by, issued_at) "
                    "VALUES (:id, :meta, :by, '2026-01-01 00:00:00')"
                ),
                {"id": client_id, "meta": json.dumps({"client_name": "x", **extra}), "by": by},
            )
    database.migrate()
    with database.engine.begin() as connection:
        sectors = dict(connection.execute(sa.text("SELECT client_id, sector FROM clients")).all())
    assert sectors == {"op-claimed": "group", "op-plain": "op-plain", "dyn-claimed": "dyn-claimed"}
    database.dispose()

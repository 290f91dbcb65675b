"""Released claims do not outlive the holder's decision (issue 25 item 7): after Deny nothing
of the holder's 4 information stays at the IdP; after the consent is withdrawn the claims kept
for that RP are deleted and its access and refresh tokens end. Checked on the database rows."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from fastapi.testclient import TestClient

from jpki.idp.app import build_idp_app
from jpki.idp.store.models import AuthorizationCodeRow, LoginRow, TokenRow
from tests.holders import TARO, make_holder
from tests.idp.flow import ISSUER, authorize, card_login, code_for, pkce, rp, token

FOUR_INFO = "openid name address birthdate gender"


def stored_text(idp) -> str:
    """Every value in every table of the IdP's database, as one text."""
    found = []
    with idp.database.engine.connect() as connection:
        for table in sa.inspect(connection).get_table_names():
            for row in connection.execute(sa.text(f'SELECT * FROM "{table}"')):
                found.extend(str(value) for value in row)
    return "\n".join(found)


def rows(idp, model):
    with idp.database.transaction() as session:
        return session.scalars(sa.select(model)).all()


def test_after_deny_nothing_of_the_holders_claims_stays(idp, authority):
    web, holder = TestClient(build_idp_app(idp), base_url=ISSUER), make_holder(authority)
    client_id, _ = rp(idp, scope=FOUR_INFO)
    page = authorize(web, client_id, pkce()[1], scope=FOUR_INFO)
    login_id = card_login(web, page, holder)
    shown = web.get(f"/login/{login_id}/continue")
    assert TARO.name in shown.text  # the consent screen shows what would be released
    denied = web.post(
        f"/login/{login_id}/consent", data={"decision": "deny"}, follow_redirects=False
    )
    assert "error=access_denied" in denied.headers["location"]
    assert [row.claims_json for row in rows(idp, LoginRow)] == [None]
    assert rows(idp, AuthorizationCodeRow) == []
    assert rows(idp, TokenRow) == []
    for value in (TARO.name, TARO.address, TARO.birth_date.isoformat()):
        assert value not in stored_text(idp)


def test_withdrawn_consent_deletes_the_claims_and_ends_the_tokens(idp, authority):
    web, holder = TestClient(build_idp_app(idp), base_url=ISSUER), make_holder(authority)
    client_id, secret = rp(idp, scope=FOUR_INFO)
    verifier, challenge = pkce()
    code = code_for(web, client_id, holder, challenge, scope=FOUR_INFO)
    issued = token(web, client_id, secret, code, verifier).json()
    refresh = {"grant_type": "refresh_token", "refresh_token": issued["refresh_token"]}
    rotated = web.post("/token", data=refresh, auth=(client_id, secret)).json()
    bearer = {"Authorization": f"Bearer {rotated['access_token']}"}
    assert web.get("/userinfo", headers=bearer).json()["name"] == TARO.name
    assert TARO.name in stored_text(idp)  # kept for the RP while the consent stands

    web.post(f"/account/consents/{client_id}/revoke", follow_redirects=False)

    assert web.get("/userinfo", headers=bearer).status_code == 401
    again = {"grant_type": "refresh_token", "refresh_token": rotated["refresh_token"]}
    assert web.post("/token", data=again, auth=(client_id, secret)).json()["error"] == (
        "invalid_grant"
    )
    tokens = rows(idp, TokenRow)
    assert len(tokens) == 2
    assert all(row.revoked_at is not None and row.claims_json == "{}" for row in tokens)
    assert [row.claims_json for row in rows(idp, AuthorizationCodeRow)] == ["{}"]
    assert all(row.claims_json is None for row in rows(idp, LoginRow))
    for value in (TARO.name, TARO.address, TARO.birth_date.isoformat()):
        assert value not in stored_text(idp)


def test_claims_of_a_consent_screen_left_undecided_are_dropped_once_the_login_is_over(
    idp, authority, clock
):
    web, holder = TestClient(build_idp_app(idp), base_url=ISSUER), make_holder(authority)
    client_id, _ = rp(idp, scope=FOUR_INFO)
    login_id = card_login(web, authorize(web, client_id, pkce()[1], scope=FOUR_INFO), holder)
    assert TARO.name in web.get(f"/login/{login_id}/continue").text  # and the holder walks away
    clock.advance(idp.settings.login_lifetime)
    authorize(web, client_id, pkce()[1], scope=FOUR_INFO)  # someone's next login
    assert TARO.name in stored_text(idp)  # still inside the consent screen's time
    clock.advance(idp.settings.login_lifetime + dt.timedelta(seconds=1))
    authorize(web, client_id, pkce()[1], scope=FOUR_INFO)
    assert TARO.name not in stored_text(idp)
    assert TARO.address not in stored_text(idp)

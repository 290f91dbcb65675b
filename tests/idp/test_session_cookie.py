"""The IdP's single sign-on cookie is sealed (issue 25 item 7): it names the holder to the IdP
only, still answers the next login, and a forged or altered one is no session."""

from __future__ import annotations

from fastapi.testclient import TestClient

from jpki.idp.app import SESSION_COOKIE, build_idp_app
from tests.at_rest import altered, is_json_object, readable_parts
from tests.holders import make_holder
from tests.idp.flow import ISSUER, authorize, code_for, pkce, rp


def test_the_sso_cookie_reveals_nothing_and_cannot_be_altered(idp, authority):
    holder = make_holder(authority)
    client_id, _ = rp(idp)
    web = TestClient(build_idp_app(idp), base_url=ISSUER)
    code_for(web, client_id, holder, pkce()[1])
    cookie = web.cookies[SESSION_COOKIE]
    for text in readable_parts(cookie):
        assert not is_json_object(text)
        assert b'"h":' not in text
        assert holder.resident.id.encode() not in text
    assert authorize(web, client_id, pkce()[1]).status_code in (302, 303)  # the session answers

    web.cookies.set(SESSION_COOKIE, altered(cookie))
    assert authorize(web, client_id, pkce()[1]).status_code == 200  # a card login again

"""The code flow as tests drive it: the IdP fixture (SQLite or PostgreSQL) and the steps an RP
and the wallet take, shared by the IdP's protocol and robustness tests."""

from __future__ import annotations

import base64
import hashlib
import re
import secrets

from alembic import command
from alembic.config import Config
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, utils
from cryptography.hazmat.primitives.serialization import pkcs7
from fastapi.testclient import TestClient
from joserfc import jwt
from joserfc.jwk import KeySet

from jpki.authority.api.app import build_app
from jpki.idp.service import Idp
from jpki.idp.settings import IdpSettings
from jpki.idp.store.database import MIGRATIONS
from jpki.platform.service import Platform
from jpki.platform.settings import PlatformSettings
from jpki.profile.challenge import authentication_digest
from jpki.verifier.setup import build_verifier

ISSUER = "http://127.0.0.1:8200"
REDIRECT = "http://127.0.0.1:9999/callback"


def migrate_to(database, revision):
    """Bring an IdP database to an older `revision`, as a database made before would be."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def open_idp(authority, clock, folder, database_url=None, profile=None, issuer=ISSUER):
    """An IdP on a platform of its own, both on `database_url` (default: SQLite files), of our
    profile or the one named (`jpki.idp.profiles`)."""
    authority.publish_crls()
    _, key = authority.accredit_verifier("platform")
    authority_http = TestClient(
        build_app(authority, background=False), base_url="http://authority.test"
    )
    crls = authority.settings.crl_dir
    verifier = build_verifier(
        clock, [authority.settings.roots_dir], crls=[crls / "auth.crl", crls / "sign.crl"]
    )
    settings = PlatformSettings(
        data_dir=folder,
        authority_url="http://authority.test",
        verifier_api_key=key,
        database_url=database_url,
    )
    platform = Platform.initialise(
        settings, clock, verifier=verifier, authority_http=authority_http
    )
    if profile is None:
        settings = IdpSettings(data_dir=folder, issuer=issuer, database_url=database_url)
    else:
        settings = IdpSettings.for_profile(profile, folder, issuer, database_url=database_url)
    return Idp(settings, clock, platform)


def rp(idp, name="RP", **metadata):
    client, secret = idp.clients.register(
        {"client_name": name, "redirect_uris": [REDIRECT], **metadata}
    )
    return client.client_id, secret


def pkce():
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=")
    return verifier, challenge.decode()


def authorize(web, client_id, challenge, **extra):
    params = {
        "response_type": "code", "client_id": client_id, "redirect_uri": REDIRECT,
        "scope": "openid", "state": "s1", "nonce": secrets.token_urlsafe(8), "code_challenge": challenge,
        "code_challenge_method": "S256", **extra,
    }  # fmt: skip
    return web.get("/authorize", params=params, follow_redirects=False)


def card_login(web, page, holder):
    """What the wallet does: read the request, sign its challenge with the card's key."""
    login_id, answer = wallet_answer(web, page, holder)
    assert answer.status_code == 200, answer.text
    return login_id


def signed_consent(holder, consent_b64):
    """The wallet's CMS over the consent text, with the holder's signing key."""
    signature = (
        pkcs7.PKCS7SignatureBuilder()
        .set_data(base64.b64decode(consent_b64))
        .add_signer(holder.sign.certificate, holder.sign_key, hashes.SHA256())
        .sign(
            serialization.Encoding.DER,
            [pkcs7.PKCS7Options.DetachedSignature, pkcs7.PKCS7Options.Binary],
        )
    )
    return base64.b64encode(signature).decode()


def wallet_answer(web, page, holder):
    """The wallet's answer to the login on `page`: its ID and the IdP's reply (the consent to
    release 4 information signed, when asked)."""
    login_id = re.search(r"logins%2F([\w-]+)", page.text).group(1)
    asked = web.get(f"/wallet/v1/logins/{login_id}").json()
    challenge = asked["challenge"]
    nonce = base64.urlsafe_b64decode(challenge["nonce"] + "=" * (-len(challenge["nonce"]) % 4))
    digest = authentication_digest(challenge["provider"], challenge["origin"], nonce)
    signature = holder.auth_key.sign(digest, padding.PKCS1v15(), utils.Prehashed(hashes.SHA256()))
    body = {
        "certificate": base64.b64encode(holder.auth.der).decode(),
        "signature": base64.b64encode(signature).decode(),
    }
    if asked.get("signing_consent"):
        body["consent_signature"] = signed_consent(holder, asked["signing_consent"])
    answer = web.post(f"/wallet/v1/logins/{login_id}", json=body)
    return login_id, answer


def code_for(web, client_id, holder, challenge, **extra):
    page = authorize(web, client_id, challenge, **extra)
    if page.status_code == 303:  # single sign-on: the session answered, consent is left
        login_id = page.headers["location"].split("/")[2]
    else:
        assert page.status_code == 200, page.headers.get("location")
        login_id = card_login(web, page, holder)
    shown = web.get(f"/login/{login_id}/continue", follow_redirects=False)
    if shown.status_code == 200:  # the consent screen
        shown = web.post(
            f"/login/{login_id}/consent", data={"decision": "approve"}, follow_redirects=False
        )
    assert shown.status_code == 302, shown.text
    location = shown.headers["location"]
    assert location.startswith(REDIRECT)
    assert "state=s1" in location
    return re.search(r"code=([\w-]+)", location).group(1)


def token(web, client_id, secret, code, verifier):
    return web.post(
        "/token",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": REDIRECT,
            "code_verifier": verifier,
        },
        auth=(client_id, secret),
    )


def claims_of(idp, id_token):
    keys = KeySet.import_key_set(idp.keys.public_jwks())
    return jwt.decode(id_token, keys, algorithms=["ES256", "RS256"])

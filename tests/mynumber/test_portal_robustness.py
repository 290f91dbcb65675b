"""Whatever the wallet and senders post to Mynaportal, it answers a clear 4xx and its pending
login stays answerable by the real card."""

from __future__ import annotations

import base64
import json
import re

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, utils
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from jpki.mynumber.portal.app import build_portal_app
from jpki.mynumber.portal.service import PROVIDER, Portal
from jpki.profile.challenge import authentication_digest
from jpki.verifier.challenge import decode_nonce
from jpki.verifier.setup import build_verifier
from tests.holders import make_holder

ORIGIN = "http://127.0.0.1:8300"
BODIES = st.one_of(
    st.binary(max_size=64),
    st.dictionaries(
        st.sampled_from(["certificate", "signature", "sender", "recipient", "title", "content"]),
        st.one_of(st.none(), st.integers(), st.text(max_size=30)),
        max_size=4,
    ).map(lambda d: json.dumps(d).encode()),
)


class Register:
    def move(self, resident_code: str, new_address: str) -> None:
        raise AssertionError("not in this test")


def test_garbage_is_refused_and_the_login_survives(network, authority, clock):
    authority.publish_crls()
    crls = authority.settings.crl_dir
    setup = build_verifier(clock, [authority.settings.roots_dir], crls=[crls / "auth.crl"])
    holder = make_holder(authority)
    network.numbering.adopt(holder.resident.id, holder.resident.my_number)
    portal = Portal(network, setup.validator, clock, ORIGIN,
                    lambda serial: holder.resident.id, Register())  # fmt: skip
    web = TestClient(build_portal_app(portal, "http://wallet.test"), base_url=ORIGIN)
    page = web.get("/")
    login_id = re.search(r"logins%2F([\w-]+)", page.text).group(1)

    @settings(
        max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
    )
    @given(body=BODIES)
    @example(body=b'{"certificate": "", "signature": ""}')  # base64, but no certificate
    @example(body=b'{"certificate": "MAA=", "signature": "AA=="}')  # an empty SEQUENCE
    def post(body):
        for path in (f"/wallet/v1/logins/{login_id}", "/api/postbox"):
            reply = web.post(path, content=body)
            assert 400 <= reply.status_code < 500, reply.text
            assert "error" in reply.json()

    post()
    asked = web.get(f"/wallet/v1/logins/{login_id}").json()["challenge"]
    assert asked["provider"] == PROVIDER
    digest = authentication_digest(PROVIDER, ORIGIN, decode_nonce(asked["nonce"]))
    signature = holder.auth_key.sign(digest, padding.PKCS1v15(), utils.Prehashed(hashes.SHA256()))
    answer = web.post(f"/wallet/v1/logins/{login_id}", json={
        "certificate": base64.b64encode(holder.auth.der).decode(),
        "signature": base64.b64encode(signature).decode(),
    })  # fmt: skip
    assert answer.status_code == 200, answer.text
    home = web.get(f"/login/{login_id}/continue")
    assert home.status_code == 200
    assert 'data-testid="logout"' in home.text

"""The RFC 3161 time-stamping authority, judged by `openssl ts` and by our own verifier."""

from __future__ import annotations

import hashlib

import pytest
from asn1crypto import cms, core, tsp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jpki.platform.errors import InvalidTimestamp
from jpki.platform.tsa import TSA_POLICY, timestamp_request, token_of, verify_token
from tests.openssl_cli import at_time, openssl

DATA = "受付処理番号 20261123-0000000001".encode()


def test_openssl_verifies_our_tokens(tsa, tsa_folder, tmp_path, clock):
    reply = tmp_path / "reply.tsr"
    reply.write_bytes(tsa.respond(timestamp_request(hashlib.sha256(DATA).digest(), nonce=7)))
    data = tmp_path / "data"
    data.write_bytes(DATA)
    checked = openssl(
        "ts", "-verify", *at_time(clock.now()), "-in", reply, "-data", data, "-CAfile", tsa_folder / "tsa-root.pem"
    )  # fmt: skip
    assert checked.returncode == 0, checked.stderr
    assert "Verification: OK" in checked.stdout
    text = openssl("ts", "-reply", "-in", reply, "-text").stdout
    assert "Status: Granted." in text
    assert f"Policy OID: {TSA_POLICY}" in text
    assert "Nonce: 0x07" in text
    data.write_bytes(DATA + b"!")
    assert openssl(
        "ts", "-verify", *at_time(clock.now()), "-in", reply, "-data", data, "-CAfile", tsa_folder / "tsa-root.pem"
    ).returncode != 0  # fmt: skip


def test_openssl_made_requests_are_answered(tsa, tsa_folder, tmp_path, clock):
    data = tmp_path / "data"
    data.write_bytes(DATA)
    query = tmp_path / "query.tsq"
    openssl("ts", "-query", "-data", data, "-sha256", "-cert", "-out", query, check=True)
    reply = tmp_path / "reply.tsr"
    reply.write_bytes(tsa.respond(query.read_bytes()))
    checked = openssl(
        "ts", "-verify", *at_time(clock.now()), "-in", reply, "-queryfile", query, "-CAfile", tsa_folder / "tsa-root.pem"
    )  # fmt: skip
    assert checked.returncode == 0, checked.stderr


def test_own_verification_and_its_refusals(tsa, tsa_folder, clock):
    from jpki.platform.tsa import TsaKeys

    keys = TsaKeys.load(tsa_folder)
    digest = hashlib.sha256(DATA).digest()
    token = token_of(tsa.respond(timestamp_request(digest)))
    stamped = verify_token(token, digest, [keys.root])
    assert stamped.time == clock.now()
    with pytest.raises(InvalidTimestamp, match="other data"):
        verify_token(token, hashlib.sha256(b"other").digest(), [keys.root])
    with pytest.raises(InvalidTimestamp, match="trusted"):
        verify_token(token, digest, [keys.certificate])
    tampered = cms.ContentInfo.load(token)
    signer = tampered["content"]["signer_infos"][0]
    signature = bytearray(signer["signature"].native)
    signature[5] ^= 1
    signer["signature"] = bytes(signature)
    with pytest.raises(InvalidTimestamp, match="signature"):
        verify_token(cms.ContentInfo.load(tampered.dump(force=True)).dump(), digest, [keys.root])


@pytest.mark.parametrize(
    ("request_der", "failure"),
    [
        (b"\x30\x03\x02\x01", "bad_data_format"),
        (timestamp_request(b"\x00" * 20), "bad_alg"),
        (
            tsp.TimeStampReq(
                {
                    "version": "v1",
                    "message_imprint": {
                        "hash_algorithm": {"algorithm": "sha256"},
                        "hashed_message": bytes(32),
                    },
                    "req_policy": "1.2.3.4",
                }
            ).dump(),
            "unaccepted_policy",
        ),
    ],
)
def test_bad_requests_are_rejected_with_a_reason(tsa, request_der, failure, tmp_path):
    reply = tsa.respond(request_der)
    with pytest.raises(InvalidTimestamp, match="rejection"):
        token_of(reply)
    path = tmp_path / "reply.tsr"
    path.write_bytes(reply)
    assert "Status: Rejected." in openssl("ts", "-reply", "-in", path, "-text").stdout
    status = tsp.PKIStatusInfo.load(core.Sequence.load(reply)[0].dump())
    assert failure in status["fail_info"].native


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=300))
def test_any_bytes_get_a_response(tsa, body):
    reply = tsa.respond(body)
    assert reply[0] == 0x30

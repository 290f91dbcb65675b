"""Sealed card answers (`jpki.protocol.sealing`): what the wallet seals only the platform's key
opens, a tampered or foreign token does not, one kind does not open as the other, and a sealed
answer carries nothing else."""

from __future__ import annotations

import pytest
from joserfc.jwk import ECKey
from pydantic import ValidationError

from jpki.protocol.sealing import SealedLogin, SealedSignature, SealRefused, open_sealed, seal
from jpki.protocol.wallet import LoginAnswer, SignatureAnswer

LOGIN = SealedLogin(
    nonce="bm9uY2U", provider="demo-bank", origin="http://127.0.0.1:8400",
    certificate="MIIB", signature="c2ln", institution_code=None,
)  # fmt: skip

SIGNATURE = SealedSignature(
    request="abc", tenant="demo-bank", origin="http://127.0.0.1:8400", digest="00" * 32, cms="MIIC"
)


def key_pair() -> tuple[ECKey, dict[str, object]]:
    private = ECKey.generate_key("P-256", private=True)
    return private, dict(private.as_dict(private=False))


def test_only_the_platforms_key_opens_what_the_wallet_sealed():
    private, public = key_pair()
    sealed = seal(LOGIN, public)
    assert "MIIB" not in sealed
    assert sealed.count(".") == 4
    assert open_sealed(sealed, private, SealedLogin) == LOGIN
    with pytest.raises(SealRefused) as other:
        open_sealed(sealed, key_pair()[0], SealedLogin)
    assert other.value.code == "sealed-unreadable"


def test_a_tampered_or_malformed_token_does_not_open():
    private, public = key_pair()
    header, key, iv, text, tag = seal(LOGIN, public).split(".")
    flipped = text[:-2] + ("A" if text[-2] != "A" else "B") + text[-1]
    for token in (f"{header}.{key}.{iv}.{flipped}.{tag}", "not.a.jwe", "", "a" * 100):
        with pytest.raises(SealRefused) as refused:
            open_sealed(token, private, SealedLogin)
        assert refused.value.code == "sealed-unreadable"


def test_the_wallet_seals_to_no_private_key_and_no_malformed_one():
    private, _ = key_pair()
    for key in (dict(private.as_dict(private=True)), {"kty": "EC"}, {"kty": "oct", "k": "AA"}):
        with pytest.raises(SealRefused) as refused:
            seal(LOGIN, key)
        assert refused.value.code == "bad-sealing-key"


def test_a_sealed_login_answer_carries_nothing_in_the_clear():
    assert LoginAnswer(sealed="x.y.z.a.b").certificate is None
    for body in ({}, {"sealed": "x", "certificate": "MIIB"}, {"sealed": "x", "signature": "c2ln"}):
        with pytest.raises(ValidationError):
            LoginAnswer.model_validate(body)


def test_a_sealed_login_does_not_open_as_a_signature_nor_a_signature_as_a_login():
    private, public = key_pair()
    assert open_sealed(seal(SIGNATURE, public), private, SealedSignature) == SIGNATURE
    for answer, other in ((LOGIN, SealedSignature), (SIGNATURE, SealedLogin)):
        with pytest.raises(SealRefused) as refused:
            open_sealed(seal(answer, public), private, other)
        assert refused.value.code == "sealed-unreadable"


def test_a_sealed_signature_answer_carries_nothing_in_the_clear():
    assert SignatureAnswer(sealed="x.y.z.a.b").cms is None
    for body in ({"sealed": "x", "cms": "MIIC"}, {"sealed": "x", "pdf": "JVBE"}):
        with pytest.raises(ValidationError):
            SignatureAnswer.model_validate(body)

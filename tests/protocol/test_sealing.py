"""Sealed card answers (`jpki.protocol.sealing`): what the wallet seals only the platform's key
opens, a tampered or foreign token does not, and a sealed login answer carries nothing else."""

from __future__ import annotations

import pytest
from joserfc.jwk import ECKey
from pydantic import ValidationError

from jpki.protocol.sealing import SealedLogin, SealRefused, open_sealed, seal
from jpki.protocol.wallet import LoginAnswer

LOGIN = SealedLogin(
    nonce="bm9uY2U", provider="demo-bank", origin="http://127.0.0.1:8400",
    certificate="MIIB", signature="c2ln", institution_code=None,
)  # fmt: skip


def key_pair() -> tuple[ECKey, dict[str, object]]:
    private = ECKey.generate_key("P-256", private=True)
    return private, dict(private.as_dict(private=False))


def test_only_the_platforms_key_opens_what_the_wallet_sealed():
    private, public = key_pair()
    sealed = seal(LOGIN, public)
    assert "MIIB" not in sealed
    assert sealed.count(".") == 4
    assert open_sealed(sealed, private) == LOGIN
    with pytest.raises(SealRefused) as other:
        open_sealed(sealed, key_pair()[0])
    assert other.value.code == "sealed-unreadable"


def test_a_tampered_or_malformed_token_does_not_open():
    private, public = key_pair()
    header, key, iv, text, tag = seal(LOGIN, public).split(".")
    flipped = text[:-2] + ("A" if text[-2] != "A" else "B") + text[-1]
    for token in (f"{header}.{key}.{iv}.{flipped}.{tag}", "not.a.jwe", "", "a" * 100):
        with pytest.raises(SealRefused) as refused:
            open_sealed(token, private)
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

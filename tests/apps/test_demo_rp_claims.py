"""The demo RP shows an ID token's claims in words (issue 20): no Python objects, times in JST
labelled as such, the address's formatted text, the assurance level named."""

from __future__ import annotations

import datetime as dt

from jpki.apps.demo_rp_claims import meaning, shown
from jpki.protocol.levels import Level


def test_claims_are_words_not_python_objects():
    moment = dt.datetime(2026, 12, 1, 8, 30, tzinfo=dt.UTC).timestamp()
    assert shown("auth_time", int(moment)) == "2026-12-01 17:30:00 JST"
    assert shown("amr", ["hwk", "pin"]) == "ハードウェア鍵 / hardware key, 暗証番号 / PIN"
    assert shown("address", {"formatted": "東京都千代田区"}) == "東京都千代田区"
    assert shown("gender", "female") == "女性 / female"
    assert shown("aud", ["demo-rp"]) == "demo-rp"
    for name, value in (("amr", ["hwk"]), ("address", {"formatted": "x"}), ("aud", ["a", "b"])):
        assert "[" not in shown(name, value)
        assert "{" not in shown(name, value)


def test_the_assurance_level_is_named():
    label = Level.PIN.label
    assert meaning("acr", Level.PIN.urn).endswith(f"{label['ja']} / {label['en']}")
    assert meaning("acr", "urn:other") == meaning("acr", None)

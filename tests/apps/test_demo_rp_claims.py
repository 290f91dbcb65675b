"""The demo RP shows an ID token's claims in words (issue 20): no Python objects, times in JST
labelled as such, the address's formatted text, the assurance level named, in the visitor's
language."""

from __future__ import annotations

import datetime as dt

import pytest

from jpki.apps.demo_rp.claims import meaning, shown
from jpki.protocol.levels import Level


def test_claims_are_words_not_python_objects():
    moment = dt.datetime(2026, 12, 1, 8, 30, tzinfo=dt.UTC).timestamp()
    assert shown("auth_time", int(moment), "en") == "2026-12-01 17:30:00 JST"
    assert shown("amr", ["hwk", "pin"], "ja") == "ハードウェア鍵, 暗証番号"
    assert shown("amr", ["hwk", "pin"], "en") == "hardware key, PIN"
    assert shown("address", {"formatted": "東京都千代田区"}, "en") == "東京都千代田区"
    assert shown("gender", "female", "ja") == "女性"
    assert shown("aud", ["demo-rp"], "en") == "demo-rp"
    for name, value in (("amr", ["hwk"]), ("address", {"formatted": "x"}), ("aud", ["a", "b"])):
        assert "[" not in shown(name, value, "en")
        assert "{" not in shown(name, value, "en")


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_the_assurance_level_is_named(lang):
    label = Level.PIN.label[lang]
    assert meaning("acr", Level.PIN.urn, lang).endswith(label)
    assert meaning("acr", "urn:other", lang) == meaning("acr", None, lang)
    assert meaning("sub", "x", "ja") == "このサイト用のあなたのID"

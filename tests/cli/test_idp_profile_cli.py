"""`jpki idp init --profile digital-agency`: the twin's settings in DATA/idp-da, its issuer on
the government's realm path, and RPs registered by key only."""

from __future__ import annotations

import json
from pathlib import Path

from joserfc.jwk import ECKey

from jpki.idp.settings import IdpSettings
from tests.cli.commands import assert_one_error_line, run


def test_init_digital_agency_profile(tmp_path: Path) -> None:
    data = tmp_path / "world"
    made = run(
        "idp", "init", "--data", data, "--issuer", "http://127.0.0.1:8300",
        "--wallet-url", "http://127.0.0.1:8210", "--profile", "digital-agency",
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    settings = IdpSettings.load(data, "idp-da")
    assert settings.issuer == "http://127.0.0.1:8300/api/realms/main"
    assert settings.access_token_lifetime.total_seconds() == 300
    secret = run(
        "idp", "client", "add", "--data", data, "--folder", "idp-da", "--name", "RP",
        "--redirect-uri", "https://rp.example/cb",
    )  # fmt: skip
    assert_one_error_line(secret, "private_key_jwt only")
    jwks = tmp_path / "rp.json"
    jwks.write_text(json.dumps({"keys": [ECKey.generate_key("P-256").as_dict(private=False)]}))
    keyed = run(
        "idp", "client", "add", "--data", data, "--folder", "idp-da", "--name", "RP",
        "--redirect-uri", "https://rp.example/cb", "--jwks", jwks, "--scope", "openid sign",
    )  # fmt: skip
    assert keyed.returncode == 0, keyed.stderr
    assert json.loads(keyed.stdout)["token_endpoint_auth_method"] == "private_key_jwt"


def test_an_unknown_profile_is_named(tmp_path: Path) -> None:
    refused = run(
        "idp", "init", "--data", tmp_path, "--issuer", "http://a", "--wallet-url", "http://b",
        "--profile", "keycloak",
    )  # fmt: skip
    assert_one_error_line(refused, "--profile is one of")


def test_an_rp_registers_its_logout_channels(tmp_path: Path) -> None:
    """`--backchannel-logout-uri` / `--frontchannel-logout-uri` (each with sid required)."""
    data = tmp_path / "world"
    run(
        "idp", "init", "--data", data, "--issuer", "http://127.0.0.1:8300",
        "--wallet-url", "http://127.0.0.1:8210", "--profile", "digital-agency",
    )  # fmt: skip
    jwks = tmp_path / "rp.json"
    jwks.write_text(json.dumps({"keys": [ECKey.generate_key("P-256").as_dict(private=False)]}))
    added = run(
        "idp", "client", "add", "--data", data, "--folder", "idp-da", "--name", "RP",
        "--redirect-uri", "https://rp.example/cb", "--jwks", jwks,
        "--backchannel-logout-uri", "https://rp.example/bcl",
        "--frontchannel-logout-uri", "https://rp.example/fcl",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    registered = json.loads(added.stdout)
    assert registered["backchannel_logout_uri"] == "https://rp.example/bcl"
    assert registered["backchannel_logout_session_required"] is True
    assert registered["frontchannel_logout_session_required"] is True
    refused = run(
        "idp", "client", "add", "--data", data, "--folder", "idp-da", "--name", "RP",
        "--redirect-uri", "https://rp.example/cb", "--jwks", jwks,
        "--backchannel-logout-uri", "http://rp.example/bcl",
    )  # fmt: skip
    assert_one_error_line(refused, "backchannel_logout_uri")

"""`jpki idp` as the operator runs it: create the IdP, register, list and remove RPs, rotate keys."""

import json

from joserfc.jwk import ECKey

from tests.e2e.processes import jpki


def test_operator_manages_clients_and_keys(tmp_path):
    data = tmp_path / "w"
    # Made and rotated at fixed instants, so the generations' order never depends on the date.
    made = jpki("--now", "2030-01-01T00:00:00", "idp", "init", "--data", data, "--issuer", "https://idp.example/",
                "--wallet-url", "https://wallet.example", "--closed-registration")  # fmt: skip
    assert "operator token" in made.stdout
    again = jpki("idp", "init", "--data", data, "--issuer", "https://idp.example",
                 "--wallet-url", "https://wallet.example", check=False)  # fmt: skip
    assert again.returncode == 1
    assert "already exists" in again.stderr
    settings = json.loads((data / "idp" / "settings.json").read_text())
    assert settings["issuer"] == "https://idp.example"
    assert settings["open_registration"] is False

    shop = json.loads(
        jpki("idp", "client", "add", "--data", data, "--name", "Shop",
             "--redirect-uri", "https://shop.example/cb", "--scope", "openid name").stdout
    )  # fmt: skip
    assert shop["client_secret"]
    assert shop["token_endpoint_auth_method"] == "client_secret_basic"
    assert shop["sector"] == "shop.example"  # its pairwise subjects: the redirect URIs' host
    two_hosts = jpki("idp", "client", "add", "--data", data, "--name", "Group",
                     "--redirect-uri", "https://a.example/cb", "--redirect-uri", "https://b.example/cb",
                     check=False)  # fmt: skip
    assert two_hosts.returncode == 1
    assert "sector_identifier_uri" in two_hosts.stderr
    plain = jpki("idp", "client", "add", "--data", data, "--name", "Group",
                 "--redirect-uri", "https://a.example/cb", "--redirect-uri", "https://b.example/cb",
                 "--sector-identifier-uri", "http://group.example/sector.json", check=False)  # fmt: skip
    assert plain.returncode == 1
    assert "HTTPS" in plain.stderr
    jwks = tmp_path / "jwks.json"
    jwks.write_text(json.dumps({"keys": [ECKey.generate_key("P-256").as_dict(private=False)]}))
    bank = json.loads(
        jpki("idp", "client", "add", "--data", data, "--name", "Bank", "--client-id", "bank",
             "--redirect-uri", "https://bank.example/cb", "--jwks", jwks,
             "--id-token-alg", "RS256").stdout
    )  # fmt: skip
    assert bank["client_id"] == "bank"
    assert bank["client_secret"] is None
    assert bank["token_endpoint_auth_method"] == "private_key_jwt"

    listed = json.loads(jpki("idp", "client", "list", "--data", data, "--json").stdout)
    assert {c["client_id"] for c in listed} == {shop["client_id"], "bank"}

    refused = jpki("idp", "client", "add", "--data", data, "--name", "Evil",
                   "--redirect-uri", "http://evil.example/cb", check=False)  # fmt: skip
    assert refused.returncode == 1
    assert "HTTPS" in refused.stderr
    assert jpki("idp", "client", "remove", "--data", data, "bank").returncode == 0
    assert jpki("idp", "client", "remove", "--data", data, "bank", check=False).returncode == 1
    listed = json.loads(jpki("idp", "client", "list", "--data", data, "--json").stdout)
    assert [c["client_id"] for c in listed] == [shop["client_id"]]

    first = json.loads(jpki("idp", "keys", "list", "--data", data, "--json").stdout)
    assert sorted(k["alg"] for k in first) == ["ES256", "RS256"]
    jpki("--now", "2031-01-01T00:00:00", "idp", "keys", "rotate", "--data", data)
    new = json.loads(
        jpki("--now", "2031-06-01T00:00:00", "idp", "keys", "rotate", "--data", data).stdout
    )["new_keys"]
    keys = json.loads(jpki("idp", "keys", "list", "--data", data, "--json").stdout)
    published = {k["kid"] for k in keys if k["retired_at"] is None}
    assert set(new) <= published
    assert len(published) == 4  # this generation and the previous one
    assert all(k["retired_at"] for k in keys if k["kid"] in {f["kid"] for f in first})


def test_client_commands_explain_a_missing_idp(tmp_path):
    missing = jpki("idp", "client", "list", "--data", tmp_path, check=False)
    assert missing.returncode == 1
    assert "jpki idp init" in missing.stderr

"""The jpki command as users run it: sandbox init, events, CRLs, statements, jpki up."""

import json
from pathlib import Path

import httpx

from jpki.card.os import Card
from jpki.card.store import ImageStore
from jpki.profile.apdu import AID_JPKI, JpkiFile
from jpki.profile.numbers import is_valid_my_number
from jpki.world.up import titles
from tests.e2e.processes import Service, jpki
from tests.openssl_cli import verify_with_crl


def pem_to_der(path: str) -> bytes:
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import Encoding

    return x509.load_pem_x509_certificate(Path(path).read_bytes()).public_bytes(Encoding.DER)


def card_certificate(card_path: str, fid: int) -> bytes:
    """A free certificate file read from the card image through APDUs, 256 bytes at a time."""
    card = Card(ImageStore.open(Path(card_path)))
    assert card.transmit(bytes.fromhex("00A4040C0A") + AID_JPKI)[-2:] == b"\x90\x00"
    assert card.transmit(bytes.fromhex("00A4020C02") + fid.to_bytes(2))[-2:] == b"\x90\x00"
    content = b""
    while True:
        answer = card.transmit(bytes((0, 0xB0, len(content) >> 8, len(content) & 0xFF, 0)))
        if answer[-2:] != b"\x90\x00":
            break
        content += answer[:-2]
    return content


def test_sandbox_init_writes_the_documented_world(tmp_path):
    world = tmp_path / "w"
    jpki("sandbox", "init", world, "--residents", "3", "--seed", "1")
    for path in (
        "roots/auth-ca.pem",
        "roots/sign-ca.pem",
        "crl/auth.crl",
        "crl/sign.crl",
        "residents.json",
    ):
        assert (world / path).exists(), path
    people = json.loads((world / "residents.json").read_text())
    assert len(people) == 3
    for person in people:
        assert {"id", "name", "address", "birth_date", "sex", "my_number", "auth", "sign"} <= set(
            person
        )
        assert is_valid_my_number(person["my_number"])
        assert (world / "certs" / f"{person['id']}-auth.pem").exists()
        result = verify_with_crl(
            person["auth"]["path"],
            world / "roots" / "auth-ca.pem",
            world / "crl" / "auth.crl",
            at=None,
        )
        assert result.returncode == 0, result.stderr


def test_same_seed_gives_the_same_population(tmp_path):
    for name in ("a", "b"):
        jpki("sandbox", "init", tmp_path / name, "--residents", "2", "--seed", "5")
    names = [
        [p["name"] for p in json.loads((tmp_path / n / "residents.json").read_text())] for n in "ab"
    ]
    assert names[0] == names[1]


def test_events_crl_and_statement_from_the_command_line(tmp_path):
    world = tmp_path / "w"
    jpki("sandbox", "init", world, "--residents", "2", "--seed", "3")
    people = json.loads((world / "residents.json").read_text())
    rid = people[0]["id"]
    moved = jpki(
        "authority",
        "event",
        world,
        "move",
        rid,
        "--address",
        "福岡県福岡市博多区博多駅前１丁目",
        "--json",
    )
    assert json.loads(moved.stdout)["revoked"] == [people[0]["sign"]["serial"]]
    renewed = json.loads(jpki("authority", "event", world, "renew", rid, "--json").stdout)
    assert len(renewed["revoked"]) == 2
    after = {p["id"]: p for p in json.loads((world / "residents.json").read_text())}[rid]
    assert card_certificate(after["card"], JpkiFile.AUTH_CERTIFICATE) == pem_to_der(
        after["auth"]["path"]
    )
    jpki("authority", "crl", world)
    archived = world / "certs" / f"{people[0]['sign']['serial']}.pem"
    judged = verify_with_crl(
        archived, world / "roots" / "sign-ca.pem", world / "crl" / "sign.crl", at=None
    )
    assert "certificate revoked" in judged.stderr
    refused = jpki(
        "authority", "event", world, "move", "NOBODY", "--address", "東京都港区", check=False
    )
    assert refused.returncode == 1
    assert "no resident NOBODY" in refused.stderr
    added = json.loads(jpki("authority", "verifier", "add", world, "Clinic", "--json").stdout)
    statement = json.loads(
        jpki("authority", "verifier", "statement", world, str(added["id"]), "--json").stdout
    )
    assert statement["total_yen"] == 0


def test_jpki_up_prints_urls_that_answer_200(tmp_path):
    service = Service("up", "--data", tmp_path / "up", "--residents", "2")
    try:
        assert httpx.get(service.url + "/").status_code == 200
        for name in titles():
            if name.endswith("-tls"):
                continue  # TLS client authentication: no answer without a card (test_card_interop)
            assert httpx.get(service.url_named(name) + "/").status_code == 200, name
    finally:
        assert service.stop() in (0, 130, -2)


def test_blocked_pin_reset_at_the_counter_and_mykey_writing(tmp_path):
    world = tmp_path / "w"
    jpki("sandbox", "init", world, "--residents", "1", "--seed", "4")
    person = json.loads((world / "residents.json").read_text())[0]
    wrong = tmp_path / "wrong"
    wrong.write_text("0000" if person["auth_pin"] != "0000" else "1111")
    attempts = [
        jpki(
            "client",
            "auth",
            "--challenge",
            "00",
            "--reader",
            person["card"],
            "--pin-file",
            wrong,
            check=False,
        )
        for _ in range(4)
    ]
    blocked = attempts[-1]
    assert "municipal office" in blocked.stderr
    new_pin = tmp_path / "new"
    new_pin.write_text("8642")
    jpki("authority", "pin-reset", world, person["id"], "--pin", "auth", "--new-pin-file", new_pin)
    status = json.loads(
        jpki("client", "pin", "status", "--reader", person["card"], "--json").stdout
    )
    assert status["auth"]["tries_left"] == 3
    jpki("client", "auth", "--challenge", "00ff", "--reader", person["card"], "--pin-file", new_pin)
    assert json.loads((world / "residents.json").read_text())[0]["auth_pin"] == "8642"

    jpki("authority", "mykey", world, person["id"], "--id", "MYKEY0ABCDEFGH")
    after = json.loads((world / "residents.json").read_text())[0]
    description = json.loads(jpki("profile", "describe", after["auth"]["path"], "--json").stdout)
    assert description["subject_id"].startswith("MYKEY0ABCDEFGH")
    assert card_certificate(after["card"], JpkiFile.AUTH_CERTIFICATE) == pem_to_der(
        after["auth"]["path"]
    )
    refused = jpki("authority", "mykey", world, person["id"], "--id", "short", check=False)
    assert refused.returncode == 1


def test_pinless_authentication_from_the_command_line(tmp_path):
    world = tmp_path / "w"
    jpki("sandbox", "init", world, "--residents", "1", "--seed", "6")
    person = json.loads((world / "residents.json").read_text())[0]
    answer = json.loads(
        jpki(
            "client",
            "auth",
            "--challenge",
            "00ff",
            "--reader",
            person["card"],
            "--terminal",
            world / "terminal",
            "--json",
        ).stdout
    )
    assert answer["pinless"] is True
    assert answer["institution_code"] == "1310100001"
    status = json.loads(
        jpki("client", "pin", "status", "--reader", person["card"], "--json").stdout
    )
    assert status["auth"]["tries_left"] == 3

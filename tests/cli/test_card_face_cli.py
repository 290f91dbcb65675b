"""`jpki client card-face` and `jpki card personalise` as a user runs them, in a subprocess: the
seal checked, the photo written, and a card issued before the card-face AP told how to gain it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jpki.card.store import ImageStore
from jpki.profile.card_face import CARD_FACE_FILE, decode_card_face
from jpki.profile.card_info import matching_number_b
from tests.cli.commands import assert_one_error_line, run
from tests.e2e.processes import jpki


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    directory = tmp_path_factory.mktemp("face") / "w"
    jpki("sandbox", "init", directory, "--residents", "1", "--seed", "7")
    person = json.loads((directory / "residents.json").read_text())[0]
    return directory, person


def _card_face(world, tmp_path, opener: str, value: str, *extra: str):
    directory, person = world
    secret = tmp_path / "number"
    secret.write_text(value + "\n")
    return run("client", "card-face", "--with", opener, "--reader", person["card"], "--issuer",
               directory / "roots" / "card-info-issuer.pem", "--pin-file", secret, "--json",
               *extra)  # fmt: skip


def test_the_card_face_reads_with_matching_number_b_and_the_photo_is_written(world, tmp_path):
    _, person = world
    face = decode_card_face(
        ImageStore.open(Path(person["card"])).current().card_face_files[CARD_FACE_FILE]
    )
    birth = face.birth_date
    number_b = matching_number_b(birth, face.expiry, person["security_code"])
    photo, images = tmp_path / "face.jp2", tmp_path / "images"
    result = _card_face(world, tmp_path, "b", number_b, "--photo", photo, "--images", images)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["seal"] == "verified"
    assert answer["birth_date"] == person["birth_date"]
    assert photo.read_bytes()[:12] == bytes.fromhex("0000000C6A5020200D0A870A")
    assert (images / "name.png").read_bytes()[:4] == b"\x89PNG"


def test_a_wrong_matching_number_is_one_error_line_with_the_tries_left(world, tmp_path):
    result = _card_face(world, tmp_path, "a", "000000000000")
    assert_one_error_line(result, "9 tries left")


def test_a_card_from_before_the_card_face_ap_is_told_to_re_personalise(world, tmp_path):
    directory, person = world
    card = Path(person["card"])
    document = json.loads(card.read_text())
    document["card_face_files"] = {}
    for credential in ("face-matching-a", "face-matching-b"):
        document["pins"].pop(credential)
    card.write_text(json.dumps(document))
    result = _card_face(world, tmp_path, "a", person["my_number"])
    assert_one_error_line(result, "card-face AP", "jpki card personalise")
    personalised = run("card", "personalise", directory, person["id"])
    assert personalised.returncode == 0, personalised.stderr
    result = _card_face(world, tmp_path, "a", person["my_number"])
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["seal"] == "verified"

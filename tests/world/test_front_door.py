"""The front door of `jpki up` (issue 20): every service with what to try, the demo residents
with their PIN and password (the under-15s marked as having no signing certificate), the docs
rendered as pages, in both languages; nothing outside the docs folder is served."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from jpki.apps.kit.spec import Guide
from jpki.clock import ManualClock
from jpki.world.front_door import Listed, build_front_door_app, demo_residents
from jpki.world.guides import ATTRIBUTES, DIGITAL_AGENCY, FRONT_DOOR, guides
from jpki.world.hpki import HPKI
from jpki.world.up import service_names

NOW = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


def _manifest(folder: Path) -> None:
    adult = {
        "id": "R000001", "name": "山口 花子", "birth_date": "1977-03-04", "status": "resident",
        "auth_pin": "8049", "sign_password": "U4Z9BCFW", "sign": {"status": "valid"},
    }  # fmt: skip
    child = {
        "id": "R000002", "name": "山本 凛", "birth_date": "2016-12-02", "status": "resident",
        "auth_pin": "1234", "sign_password": "CHILD1PW", "sign": None,
    }  # fmt: skip
    (folder / "residents.json").write_text(json.dumps([adult, child], ensure_ascii=False))


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    (tmp_path / "repo" / "docs" / "apps").mkdir(parents=True)
    (tmp_path / "repo" / "docs" / "card.md").write_text(
        "# The card\n\n| a | b |\n|---|---|\n| 1 | 2 |\n<script>x</script>\n"
    )
    (tmp_path / "repo" / "docs" / "apps" / "bank.md").write_text("# Bank\n")
    (tmp_path / "repo" / "README.md").write_text("# jpki\n")
    (tmp_path / "repo" / "secret.md").write_text("# not documentation\n")
    return tmp_path / "repo"


@pytest.fixture
def door(tmp_path: Path, repository: Path) -> TestClient:
    data = tmp_path / "data"
    data.mkdir()
    _manifest(data)
    listed = [
        Listed("bank", "http://127.0.0.7:1", Guide("Bank", "銀行", "Open an account", "口座開設")),
        Listed("bank-tls", "https://127.0.0.7:2", Guide("TLS", "TLS", "card TLS", "カードTLS")),
    ]
    return TestClient(build_front_door_app(listed, data, ManualClock(NOW), repository))


def test_every_service_of_the_world_has_a_guide_and_the_front_door_is_bound_last():
    """Last of those it had when it came; services added since (the Digital Agency profile's
    IdP, the HPKI authority, the attribute authority) follow it, so every address kept before stays."""
    tls_endpoints = {name for name in guides() if name.endswith("-tls")}
    assert [name for name in guides() if name not in tls_endpoints] == service_names()
    assert service_names()[-4:] == [FRONT_DOOR, DIGITAL_AGENCY, HPKI, ATTRIBUTES]
    for name, guide in guides().items():
        assert all((guide.what_en, guide.what_ja, guide.try_en, guide.try_ja)), name


@pytest.mark.parametrize(
    ("lang", "words"),
    [("en", ["Open an account", "none (under 15)", "Signing password"]),
     ("ja", ["口座開設", "なし (15歳未満)", "署名用パスワード"])],
)  # fmt: skip
def test_the_front_door_lists_services_and_residents_in_each_language(door, lang, words):
    page = door.get(f"/?lang={lang}")
    assert page.status_code == 200
    for word in words:
        assert word in page.text
    assert 'href="http://127.0.0.7:1/?lang=' + lang in page.text
    assert "https://127.0.0.7:2" in page.text
    assert 'href="https://127.0.0.7:2' not in page.text
    assert "8049" in page.text
    assert "U4Z9BCFW" in page.text
    assert "CHILD1PW" not in page.text  # no signing certificate: the password signs nothing
    assert "2026-12-01 18:00 JST" in page.text


def test_ages_are_counted_on_the_day_in_japan(tmp_path):
    _manifest(tmp_path)
    rows = {r.id: r for r in demo_residents(tmp_path / "residents.json", dt.date(2026, 12, 1))}
    assert (rows["R000001"].age, rows["R000002"].age) == (49, 9)  # R000002 is 10 on 12-02
    assert rows["R000002"].signing == "none"


def test_documents_are_pages_and_nothing_else_is_served(door):
    listing = door.get("/")
    assert 'href="/docs/card.md"' in listing.text
    assert 'href="/docs/apps/bank.md"' in listing.text
    page = door.get("/docs/card.md")
    assert page.status_code == 200
    assert "<table>" in page.text
    assert "<script>x</script>" not in page.text
    assert door.get("/README.md").status_code == 200
    for outside in (
        "..%2Fsecret.md",
        "..%2F..%2Fdata%2Fresidents.md",
        "%2Fetc%2Fpasswd",
        "a%00.md",
        "x" * 5000 + ".md",
        "card.txt",
        "nothing.md",
    ):
        assert door.get(f"/docs/{outside}").status_code == 404, outside


def test_a_world_still_being_written_shows_no_residents(tmp_path, repository):
    data = tmp_path / "empty"
    data.mkdir()
    (data / "residents.json").write_text("[{")
    client = TestClient(build_front_door_app([], data, ManualClock(NOW), repository))
    assert client.get("/").status_code == 200


def test_a_world_served_to_the_network_shows_no_pins(tmp_path, repository):
    data = tmp_path / "served"
    data.mkdir()
    _manifest(data)
    page = TestClient(
        build_front_door_app([], data, ManualClock(NOW), repository, show_pins=False)
    ).get("/")
    assert "8049" not in page.text
    assert "U4Z9BCFW" not in page.text
    assert 'data-testid="pins-hidden"' in page.text


def test_residents_with_a_phone_show_its_own_pin_and_password(tmp_path):
    adult = {
        "id": "R000003", "name": "鈴木 一郎", "birth_date": "1990-01-02", "status": "resident",
        "auth_pin": "1111", "sign_password": "CARD1PWD", "sign": {"status": "valid"},
        "phone": {"status": "active", "auth_pin": "7777", "sign_password": "PHONE7PW"},
    }  # fmt: skip
    stopped = adult | {"id": "R000004", "phone": adult["phone"] | {"status": "returned"}}
    (tmp_path / "residents.json").write_text(json.dumps([adult, stopped], ensure_ascii=False))
    rows = {r.id: r for r in demo_residents(tmp_path / "residents.json", dt.date(2026, 12, 1))}
    assert (rows["R000003"].phone_pin, rows["R000003"].phone_password) == ("7777", "PHONE7PW")
    assert rows["R000004"].phone_pin is None  # a stopped phone answers nothing
    door = TestClient(build_front_door_app([], tmp_path, ManualClock(NOW), tmp_path))
    page = door.get("/?lang=ja")
    assert 'data-testid="phone-pin">7777<' in page.text
    assert "カードのみ" in page.text

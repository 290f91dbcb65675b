"""The face-to-face counter (対面確認) in headless Chromium through `jpki up`: the clerk types
照合番号B, the counter PC reads the card-face AP and the platform judges the certificate; the
chip's card face is shown beside the verdicts, and a forged card face is refused with the
reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from jpki.card.store import ImageStore
from jpki.profile.card_face import CARD_FACE_FILE, decode_card_face
from jpki.profile.card_info import matching_number_b
from tests.e2e.processes import jpki
from tests.e2e.worlds import up_world_in


def number_b(resident: dict) -> str:
    """照合番号B as the clerk reads it off the card face."""
    face = decode_card_face(
        ImageStore.open(Path(resident["card"])).current().card_face_files[CARD_FACE_FILE]
    )
    return matching_number_b(face.birth_date, face.expiry, resident["security_code"])


def read_at_the_counter(page, counter: str, resident: dict, number: str) -> None:
    page.goto(f"{counter}/")
    page.get_by_test_id("reader").select_option(resident["id"])
    page.get_by_test_id("number-b").fill(number)
    page.get_by_test_id("read").click()


def test_the_counter_confirms_a_card_and_shows_the_chip_beside_the_verdicts(up_world, browser_page):
    counter, page = up_world.url("counter"), browser_page
    resident = up_world.adults()[4]
    read_at_the_counter(page, counter, resident, number_b(resident))
    assert "Card confirmed" in page.get_by_test_id("verdict").inner_text()
    assert page.get_by_test_id("seal").inner_text() == "verified"
    assert page.get_by_test_id("birth-date").inner_text() == resident["birth_date"]
    for image in ("photo", "name", "address"):
        width = page.get_by_test_id(image).evaluate("img => img.complete && img.naturalWidth")
        assert width > 0, image
    assert page.get_by_test_id("receipt").inner_text()
    page.get_by_test_id("lang-ja").click()
    assert "本人確認書類として確認しました" in page.get_by_test_id("verdict").inner_text()
    page.get_by_test_id("next").click()
    assert "照合番号B" in page.content()


def test_a_forged_card_face_is_refused_with_the_reason(up_world, browser_page):
    counter, page = up_world.url("counter"), browser_page
    forger, victim = up_world.adults()[5], up_world.adults()[6]
    jpki("card", "forge-face", up_world.directory, forger["id"], "--photo-of", victim["id"])
    read_at_the_counter(page, counter, forger, number_b(forger))
    assert "Card refused" in page.get_by_test_id("verdict").inner_text()
    assert "altered after the issuer sealed it" in page.get_by_test_id("reason").inner_text()
    assert page.get_by_test_id("seal").inner_text() == "forged"


def test_a_wrong_matching_number_says_the_tries_left(up_world, browser_page):
    counter, page = up_world.url("counter"), browser_page
    resident = up_world.adults()[7]
    read_at_the_counter(page, counter, resident, "00000000000000")
    assert "9 tries left" in page.locator("main").inner_text()
    read_at_the_counter(page, counter, resident, number_b(resident))  # the tries come back
    assert "Card confirmed" in page.get_by_test_id("verdict").inner_text()


def test_a_card_face_that_does_not_decode_is_refused_not_a_crash(up_world, browser_page):
    counter, page = up_world.url("counter"), browser_page
    resident = up_world.adults()[8]
    number = number_b(resident)
    with ImageStore.open(Path(resident["card"])).change() as change:
        change.image.card_face_files[CARD_FACE_FILE] = b"\xff\x20\x05\xdf\x22\x02\x31"
    read_at_the_counter(page, counter, resident, number)
    assert "Card refused" in page.get_by_test_id("verdict").inner_text()
    assert "malformed" in page.get_by_test_id("reason").inner_text()
    assert page.get_by_test_id("seal").inner_text() == "malformed"


@pytest.fixture(scope="module")
def small_world(tmp_path_factory):
    """A world of its own, where a resident may die without another test's holder dying."""
    yield from up_world_in(tmp_path_factory.mktemp("counter-death"), residents="3")


def test_a_card_whose_certificates_were_revoked_is_refused_at_the_counter(
    small_world, browser_page
):
    counter, page = small_world.url("counter"), browser_page
    resident = small_world.adults()[0]
    number = number_b(resident)
    jpki("authority", "event", small_world.directory, "die", resident["id"])
    jpki("authority", "crl", small_world.directory)
    assert small_world.operator_calls("/v1/revocation/refresh")[0]["loaded"] >= 2
    read_at_the_counter(page, counter, resident, number)
    assert "Card refused" in page.get_by_test_id("verdict").inner_text()
    assert page.get_by_test_id("seal").inner_text() == "verified"  # the face is genuine
    assert "revoked" in page.get_by_test_id("reason").inner_text()

"""The signing certificate's subject localities in romaji (JPKI.md §7: `L=...Kiyose-shi`)."""

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jpki.profile.address import PREFECTURES
from jpki.profile.errors import ProfileError
from jpki.profile.localities import MUNICIPALITY_ROMAJI, PREFECTURE_ROMAJI, subject_localities
from jpki.world.population import PLACES, random_address

ROMAJI = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz- ")


def test_the_jlis_test_cards_city():
    assert subject_localities("東京都清瀬市中里５丁目８４２番地") == ("Tokyo-to", "Kiyose-shi")


def test_every_prefecture_and_known_municipality_is_plain_romaji():
    assert set(PREFECTURE_ROMAJI) == set(PREFECTURES)
    for text in [*PREFECTURE_ROMAJI.values(), *MUNICIPALITY_ROMAJI.values()]:
        assert set(text) <= ROMAJI, text
        assert text.isascii()
        assert text[0].isupper()


def test_every_place_the_sandbox_makes_residents_live_in_is_romanised():
    for prefecture, municipality, town in PLACES:
        assert subject_localities(f"{prefecture}{municipality}{town}１丁目") == (
            PREFECTURE_ROMAJI[prefecture],
            MUNICIPALITY_ROMAJI[municipality],
        )
    rng = random.Random(7)
    for _ in range(50):
        assert all(part.isascii() for part in subject_localities(random_address(rng)))


def test_a_designated_citys_ward_and_a_county_town():
    assert subject_localities("神奈川県横浜市中区山下町１") == (
        "Kanagawa-ken",
        "Yokohama-shi Naka-ku",
    )
    assert subject_localities("北海道虻田郡倶知安町南１条") == ("Hokkaido", "Abuta-gun Kutchan-cho")


def test_an_unknown_municipality_is_refused_by_name():
    with pytest.raises(ProfileError, match="松本市"):
        subject_localities("長野県松本市丸の内３番７号")


@given(st.text(max_size=40))
def test_any_text_is_romanised_or_refused(text):
    try:
        prefecture, municipality = subject_localities(text)
    except ProfileError:
        return
    assert prefecture.isascii()
    assert municipality.isascii()

import pytest

from jpki.profile.address import split_address
from jpki.profile.errors import ProfileError
from jpki.profile.identifiers import SubjectId


def test_subject_id_is_14_random_plus_9_terminal_characters():
    subject = SubjectId.new("07202002B")
    text = str(subject)
    assert len(text) == 23
    assert text.endswith("07202002B")
    assert SubjectId.parse(text) == subject


def test_seed_000_example_parses():
    subject = SubjectId.parse("1C2410DF79DGEL07202002B")
    assert subject.unique_part == "1C2410DF79DGEL"
    assert subject.terminal_code == "07202002B"


@pytest.mark.parametrize(
    "text", ["", "1C2410DF79DGEL0720200", "1c2410df79dgel07202002B", "1C2410DF79DGEL0720200XB"]
)
def test_malformed_subject_ids_are_rejected(text):
    with pytest.raises(ProfileError):
        SubjectId.parse(text)


def test_random_parts_differ():
    assert len({SubjectId.new("07202002B").unique_part for _ in range(50)}) == 50


@pytest.mark.parametrize(
    ("address", "prefecture", "municipality"),
    [
        ("東京都千代田区霞が関２丁目１番２号", "東京都", "千代田区"),
        ("神奈川県横浜市中区山下町１番", "神奈川県", "横浜市中区"),
        ("山形県酒田市あきほ町３０番", "山形県", "酒田市"),
        ("北海道虻田郡倶知安町南１条", "北海道", "虻田郡倶知安町"),
    ],
)
def test_addresses_split_into_prefecture_and_municipality(address, prefecture, municipality):
    parts = split_address(address)
    assert (parts.prefecture, parts.municipality) == (prefecture, municipality)
    assert parts.full == address


def test_address_without_prefecture_is_rejected():
    with pytest.raises(ProfileError, match="prefecture"):
        split_address("千代田区霞が関")

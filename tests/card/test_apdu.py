import pytest
from hypothesis import given
from hypothesis import strategies as st

from jpki.profile.apdu import CommandApdu, MalformedApdu

bytes_ = st.integers(min_value=0, max_value=255)
commands = st.builds(
    CommandApdu,
    cla=bytes_,
    ins=bytes_,
    p1=bytes_,
    p2=bytes_,
    data=st.binary(max_size=600),
    le=st.one_of(st.none(), st.integers(min_value=1, max_value=65536)),
    extended=st.booleans(),
)


@given(commands)
def test_encoding_round_trips_in_short_and_extended_form(command):
    parsed = CommandApdu.parse(command.encode())
    assert (parsed.cla, parsed.ins, parsed.p1, parsed.p2, parsed.data) == (
        command.cla, command.ins, command.p1, command.p2, command.data,
    )  # fmt: skip
    assert parsed.le == command.le


def test_real_jpki_commands_parse():
    select = CommandApdu.parse(bytes.fromhex("00A4040C0AD392F000260100000001"))
    assert select.data == bytes.fromhex("D392F000260100000001")
    assert select.le is None
    read = CommandApdu.parse(bytes.fromhex("00B0000000"))
    assert read.le == 256
    sign = CommandApdu.parse(bytes.fromhex("802A00800301020300"))
    assert (sign.data, sign.le) == (b"\x01\x02\x03", 256)


@pytest.mark.parametrize("raw", ["00A4", "00A4040C05D392", "00A4040C00010203", "00B000000000"])
def test_malformed_lengths_are_wrong_length(raw):
    with pytest.raises(MalformedApdu):
        CommandApdu.parse(bytes.fromhex(raw))

"""The My Number card's APDU interface (JPKI.md §2): AIDs, file ids, status words, PIN rules.

Constants shared by the card (which answers) and the client (which asks), so both speak the
real card's dialect: real middleware such as OpenSC's JPKI driver talks to our card unchanged.
"""

from __future__ import annotations

import dataclasses
import enum
import re

from jpki.profile.errors import ProfileError

ATR = bytes.fromhex("3BE000FF8131FE4514")
"""Answer to reset of the real card, which OpenSC's JPKI driver matches."""

AID_JPKI = bytes.fromhex("D392F000260100000001")
"""公的個人認証AP."""
AID_CARD_INFO = bytes.fromhex("D3921000310001010408")
"""券面事項入力補助AP."""
AID_CARD_FACE = bytes.fromhex("D3921000310001010402")
"""券面事項確認AP."""


class JpkiFile(enum.IntEnum):
    """Elementary files of the JPKI AP, selected with `00 A4 02 0C 02 <FID>`."""

    SIGN_CERTIFICATE = 0x0001
    SIGN_CA_CERTIFICATE = 0x0002
    TOKEN_INFO = 0x0006
    CERTIFICATE_AVAILABILITY = 0x0008
    AUTH_CERTIFICATE = 0x000A
    AUTH_CA_CERTIFICATE = 0x000B
    AUTH_KEY = 0x0017
    AUTH_PIN = 0x0018
    SIGN_KEY = 0x001A
    SIGN_PIN = 0x001B


class Instruction(enum.IntEnum):
    """INS bytes the JPKI card answers."""

    VERIFY = 0x20
    CHANGE_REFERENCE_DATA = 0x24
    COMPUTE_DIGITAL_SIGNATURE = 0x2A
    """Also PERFORM SECURITY OPERATION: with CLA 00 and P2 BE it is VERIFY CERTIFICATE."""
    EXTERNAL_AUTHENTICATE = 0x82
    GET_CHALLENGE = 0x84
    INTERNAL_AUTHENTICATE = 0x88
    """A free-area applet's own key answering a terminal's challenge (profile/free_area.py)."""
    SELECT = 0xA4
    READ_BINARY = 0xB0
    GET_RESPONSE = 0xC0


def _by_purpose(auth: JpkiFile, sign: JpkiFile) -> dict[str, JpkiFile]:
    return {"auth": auth, "sign": sign}


PIN_FILE = _by_purpose(JpkiFile.AUTH_PIN, JpkiFile.SIGN_PIN)
"""PIN EF of each certificate purpose (keys are the purposes' values, `auth` and `sign`)."""
KEY_FILE = _by_purpose(JpkiFile.AUTH_KEY, JpkiFile.SIGN_KEY)
CERTIFICATE_FILE = _by_purpose(JpkiFile.AUTH_CERTIFICATE, JpkiFile.SIGN_CERTIFICATE)
CA_FILE = _by_purpose(JpkiFile.AUTH_CA_CERTIFICATE, JpkiFile.SIGN_CA_CERTIFICATE)

TOKEN_LABEL = b"JPKIAPICCTOKEN2"
"""A My Number card's token label; a phone's is in `jpki.profile.medium.TOKEN_LABELS`."""
TOKEN_INFO_LENGTH = 160
AVAILABILITY_PRESENT = 0x8F
"""Byte of EF 0008 for a present certificate: `8F 8F 00` = auth and sign present."""


class StatusWord(enum.IntEnum):
    """Status words the card answers with (ISO 7816-4 as the JPKI card uses them)."""

    OK = 0x9000
    AUTHENTICATION_FAILED = 0x6300
    WRONG_LENGTH = 0x6700
    SECURITY_STATUS_NOT_SATISFIED = 0x6982
    AUTHENTICATION_BLOCKED = 0x6984
    CONDITIONS_NOT_SATISFIED = 0x6985
    COMMAND_NOT_ALLOWED = 0x6986
    WRONG_DATA = 0x6A80
    FUNCTION_NOT_SUPPORTED = 0x6A81
    FILE_NOT_FOUND = 0x6A82
    NOT_ENOUGH_MEMORY = 0x6A84
    INCORRECT_P1_P2 = 0x6A86
    WRONG_OFFSET = 0x6B00
    INS_NOT_SUPPORTED = 0x6D00
    CLA_NOT_SUPPORTED = 0x6E00
    UNKNOWN = 0x6F00

    @staticmethod
    def tries_left(count: int) -> int:
        """`63 Cx`: a wrong PIN, x tries left (63 C0 when this attempt used the last one)."""
        return 0x63C0 | min(count, 15)

    @staticmethod
    def more_data(count: int) -> int:
        """`61 xx`: xx more bytes wait for GET RESPONSE (00 = 256 or more)."""
        return 0x6100 | (count & 0xFF)


class MalformedApdu(ProfileError):
    """Bytes that are no command APDU; a card answers them with 67 00 (wrong length)."""


@dataclasses.dataclass(frozen=True)
class CommandApdu:
    """CLA INS P1 P2 [Lc data] [Le]; `le` is None when absent, 0 never (it means 256/65536)."""

    cla: int
    ins: int
    p1: int
    p2: int
    data: bytes = b""
    le: int | None = None
    extended: bool = False

    @classmethod
    def parse(cls, raw: bytes) -> CommandApdu:
        """Decode the four cases in short or extended form; raises MalformedApdu (6700)."""
        if len(raw) < 4:
            raise MalformedApdu("an APDU has at least 4 bytes")
        cla, ins, p1, p2 = raw[:4]
        body = raw[4:]
        if not body:
            return cls(cla, ins, p1, p2)
        if len(body) == 1:
            return cls(cla, ins, p1, p2, le=body[0] or 256)
        if body[0] != 0:
            lc = body[0]
            if len(body) == 1 + lc:
                return cls(cla, ins, p1, p2, body[1:])
            if len(body) == 2 + lc:
                return cls(cla, ins, p1, p2, body[1 : 1 + lc], body[-1] or 256)
            raise MalformedApdu("Lc does not match the data")
        # extended length: a 00 byte, then 2-byte fields
        if len(body) == 3:
            return cls(cla, ins, p1, p2, le=int.from_bytes(body[1:3]) or 65536, extended=True)
        if len(body) < 3:
            raise MalformedApdu("truncated extended length")
        lc = int.from_bytes(body[1:3])
        if lc == 0:
            raise MalformedApdu("extended Lc of zero")
        if len(body) == 3 + lc:
            return cls(cla, ins, p1, p2, body[3:], extended=True)
        if len(body) == 5 + lc:
            le = int.from_bytes(body[-2:]) or 65536
            return cls(cla, ins, p1, p2, body[3 : 3 + lc], le, extended=True)
        raise MalformedApdu("extended Lc does not match the data")

    def encode(self) -> bytes:
        """The APDU bytes, short form unless a field needs extended length."""
        header = bytes((self.cla, self.ins, self.p1, self.p2))
        extended = self.extended or len(self.data) > 255 or (self.le or 0) > 256
        body = b""
        if self.data:
            length = len(self.data)
            body += (b"\x00" + length.to_bytes(2)) if extended else bytes((length,))
            body += self.data
        if self.le is not None:
            if extended:
                body += (b"" if self.data else b"\x00") + (self.le % 65536).to_bytes(2)
            else:
                body += bytes((self.le % 256,))
        return header + body


@dataclasses.dataclass(frozen=True)
class PinRule:
    """Format and try limit of one of the card's credentials."""

    name: str
    name_ja: str
    pattern: re.Pattern[str]
    max_tries: int

    def valid(self, value: str) -> bool:
        return bool(self.pattern.fullmatch(value))


CARD_INFO_PIN_RULE = PinRule(
    "card-info PIN", "券面事項入力補助用暗証番号", re.compile(r"[0-9]{4}"), 3
)
MATCHING_A_RULE = PinRule("matching number A", "照合番号A", re.compile(r"[0-9]{12}"), 10)
MATCHING_B_RULE = PinRule("matching number B", "照合番号B", re.compile(r"[0-9]{14}"), 10)
AUTH_PIN_RULE = PinRule("authentication PIN", "利用者証明用暗証番号", re.compile(r"[0-9]{4}"), 3)
SIGN_PASSWORD_RULE = PinRule(
    "signing password", "署名用パスワード", re.compile(r"[A-Z0-9]{6,16}"), 5
)

__all__ = [
    "AID_CARD_FACE",
    "AID_CARD_INFO",
    "AID_JPKI",
    "ATR",
    "AUTH_PIN_RULE",
    "AVAILABILITY_PRESENT",
    "CARD_INFO_PIN_RULE",
    "CA_FILE",
    "CERTIFICATE_FILE",
    "KEY_FILE",
    "MATCHING_A_RULE",
    "MATCHING_B_RULE",
    "PIN_FILE",
    "SIGN_PASSWORD_RULE",
    "TOKEN_INFO_LENGTH",
    "TOKEN_LABEL",
    "CommandApdu",
    "Instruction",
    "JpkiFile",
    "MalformedApdu",
    "PinRule",
    "StatusWord",
]

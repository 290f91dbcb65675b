"""The card-face AP's files as the issuer writes them at personalisation (券面事項確認AP).

The card face comes from the register (current 4 information), the card (expiry) and the
holder (photo, security code), and the issuer seals it with the card issuer's key, the one that
seals the card-info files (`roots/card-info-issuer.pem`): a terminal that trusts that key can
tell a card face J-LIS wrote from one a forger did. Name, address and security code are written
as images, as on the real card, because a card face may carry characters (外字) no font has; we
render them with a Japanese font when the machine has one (IPA or Noto CJK), else Pillow's own,
whose missing glyphs show as boxes.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import io
from pathlib import Path

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from PIL import Image, ImageDraw, ImageFont

from jpki.profile.address import split_address
from jpki.profile.card_face import CARD_FACE_FILE, FACE_BASIC_INFO_FILE, encode_card_face
from jpki.profile.card_face import encode_face_basic_info as _basic_info
from jpki.profile.card_verifiable import (
    AP_BASIC_INFO_FILE,
    CV_CERTIFICATE_FILE,
    encode_ap_basic_info,
    encode_cv_certificate,
)
from jpki.profile.errors import ProfileError
from jpki.profile.four_info import FourInfo

FONT_CANDIDATES = (
    "/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf",
    "/usr/share/fonts/truetype/fonts-japanese-gothic.ttf",
    "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
)
TEXT_HEIGHT = 32


@functools.cache
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for candidate in FONT_CANDIDATES:
        if Path(candidate).exists():
            return ImageFont.truetype(candidate, size)
    return ImageFont.load_default(size)


def render_text(text: str, *, size: int = 24, max_width: int = 640) -> bytes:
    """`text` as a black-on-white PNG, wrapped to `max_width` pixels, the way the card face is
    printed. Deterministic: the same text gives the same bytes."""
    font = _font(size)
    lines, line = [], ""
    for character in text:
        if font.getlength(line + character) > max_width and line:
            lines.append(line)
            line = ""
        line += character
    lines.append(line)
    width = max(int(font.getlength(each)) for each in lines) + 8
    image = Image.new("L", (max(width, 8), TEXT_HEIGHT * len(lines) + 4), 255)
    draw = ImageDraw.Draw(image)
    for index, each in enumerate(lines):
        draw.text((4, 2 + index * TEXT_HEIGHT), each, font=font, fill=0)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def key_id(key: rsa.RSAPublicKey) -> bytes:
    """16 bytes naming a key: the start of SHA-256 of its SubjectPublicKeyInfo."""
    der = key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return hashlib.sha256(der).digest()[:16]


def municipality_of(address: str) -> str:
    """The issuing municipality (市区町村) named by an address; the address if none is found."""
    try:
        return split_address(address).municipality
    except ProfileError:
        return address


class CardFaceIssuer:
    """Writes and seals the card-face files, and the CV files both text APs carry."""

    def __init__(self, key: rsa.RSAPrivateKey) -> None:
        self._key = key

    def _sign(self, data: bytes) -> bytes:
        return self._key.sign(data, padding.PKCS1v15(), hashes.SHA256())

    def cv_files(self) -> dict[int, bytes]:
        """EF 0004 (the issuer key's CV certificate, self-issued) and EF 0005 (basic info)."""
        public = self._key.public_key()
        identifier = key_id(public)
        return {
            CV_CERTIFICATE_FILE: encode_cv_certificate(identifier, identifier, public, self._sign),
            AP_BASIC_INFO_FILE: encode_ap_basic_info(identifier),
        }

    def files(
        self, info: FourInfo, expiry: dt.date, security_code: str, photo: bytes
    ) -> dict[int, bytes]:
        """EF 0002 (the sealed card face), EF 0003 (basic information), EF 0004 (CV cert)."""
        face = encode_card_face(
            birth_date=info.birth_date,
            sex=info.sex,
            issuer_key=self._key.public_key(),
            name_image=render_text(info.name, size=28),
            address_image=render_text(info.address),
            photo=photo,
            expiry=expiry,
            security_code_image=render_text(security_code, size=20),
            sign=self._sign,
        )
        return {
            CARD_FACE_FILE: face,
            FACE_BASIC_INFO_FILE: _basic_info(municipality_of(info.address)),
            CV_CERTIFICATE_FILE: self.cv_files()[CV_CERTIFICATE_FILE],
        }


__all__ = ["CardFaceIssuer", "key_id", "municipality_of", "render_text"]

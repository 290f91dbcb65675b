"""Institution-specific codes (機関別符号, 情報提供用個人識別符号), derived by the core only.

The core holds two secret keys. From a person's resident-register code (住民票コード) it derives
an intermediate linkage code (リンクコード) with the first, and from the linkage code and an
agency's ID the agency's code for that person with the second (HMAC-SHA256 both times). Codes
of one person differ per agency and reveal nothing of each other, the linkage code or the
resident-register code: joining two agencies' data needs the core's keys. The My Number is
not an input, so changing a leaked My Number changes no code.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import hmac
import secrets


def _mac(key: bytes, *parts: str) -> bytes:
    return hmac.new(key, "\x1f".join(parts).encode(), hashlib.sha256).digest()


@dataclasses.dataclass(frozen=True)
class CodeKeys:
    """The core's derivation keys (never leave the core)."""

    linkage_key: bytes
    code_key: bytes

    @classmethod
    def generate(cls) -> CodeKeys:
        return cls(secrets.token_bytes(32), secrets.token_bytes(32))

    def linkage_code(self, resident_code: str) -> str:
        """The person's linkage code (リンクコード), 32 hex digits."""
        return _mac(self.linkage_key, "linkage", resident_code)[:16].hex()

    def institution_code(self, linkage_code: str, agency: str) -> str:
        """The agency's code for the person: 26 base32 letters and digits."""
        raw = _mac(self.code_key, "institution", agency, linkage_code)[:16]
        return base64.b32encode(raw).decode().rstrip("=")


__all__ = ["CodeKeys"]

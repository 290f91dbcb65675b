"""What a service's terminal (a gate, a reception desk, a vending machine) relays: the
platform's challenge it was given and the card's answer to it."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from jpki.protocol.wallet import CertificateB64, LoginAnswer


class TerminalAnswer(BaseModel):
    nonce: str = Field(max_length=100)
    origin: str = Field(max_length=300)
    certificate: CertificateB64 = Field(max_length=8000, description="DER, base64")
    signature: str = Field(max_length=2000, description="base64")
    institution_code: str | None = Field(default=None, max_length=16)
    """Set when the card answered PIN-less at a registered terminal."""

    def challenge(self) -> dict[str, Any]:
        return {"nonce": self.nonce, "origin": self.origin}

    def card_answer(self) -> LoginAnswer:
        """The card's answer in the wallet protocol's terms, as if a wallet had sent it."""
        return LoginAnswer(
            certificate=self.certificate,
            signature=self.signature,
            institution_code=self.institution_code,
        )


__all__ = ["TerminalAnswer"]

"""Where the wallet's cards are: virtual cards handed over by the sandbox, or PC/SC readers."""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Protocol

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import load_pem_private_key

from jpki.client.readers import PcscReader, Reader
from jpki.profile.errors import JpkiError
from jpki.profile.medium import Medium


@dataclasses.dataclass(frozen=True)
class CardEntry:
    id: str
    label: str
    can_sign: bool = True
    """Whether the card holds a signing certificate (a card of a resident under 15 does not);
    a PC/SC card is taken to, and the card itself answers if not."""
    medium: Medium = Medium.CARD
    """A My Number card, or the phone's own JPKI (スマホ用電子証明書, its own PIN and password)."""


class CardStore(Protocol):
    def cards(self) -> list[CardEntry]: ...

    def entry(self, card_id: str) -> CardEntry | None: ...

    def open(self, card_id: str) -> contextlib.AbstractContextManager[Reader]: ...


class ListedCards:
    """Cards opened by a function the composition root provides (the sandbox's virtual cards)."""

    def __init__(self, entries: list[CardEntry], opener: Callable[[str], Reader]) -> None:
        self.entries, self.opener = entries, opener

    def cards(self) -> list[CardEntry]:
        return list(self.entries)

    def add(self, entry: CardEntry) -> None:
        """A token the holder just got (a phone issued from the card), replacing one of its id."""
        self.entries[:] = [e for e in self.entries if e.id != entry.id] + [entry]

    def entry(self, card_id: str) -> CardEntry | None:
        return next((entry for entry in self.entries if entry.id == card_id), None)

    @contextlib.contextmanager
    def open(self, card_id: str) -> Iterator[Reader]:
        if card_id not in {entry.id for entry in self.entries}:
            raise KeyError(card_id)
        reader = self.opener(card_id)
        try:
            yield reader
        finally:
            reader.close()


class PcscCards:
    """The card in a PC/SC reader (a real My Number card, or ours through vpcd)."""

    def __init__(self, reader_name: str | None = None) -> None:
        self.reader_name = reader_name

    def cards(self) -> list[CardEntry]:
        return [CardEntry("pcsc", f"PC/SC: {self.reader_name or 'first reader'}")]

    def entry(self, card_id: str) -> CardEntry | None:
        return self.cards()[0] if card_id == "pcsc" else None

    @contextlib.contextmanager
    def open(self, card_id: str) -> Iterator[Reader]:
        reader = PcscReader(self.reader_name)
        try:
            yield reader
        finally:
            reader.close()


class PhoneNotIssued(JpkiError):
    """J-LIS refused to issue the phone (a revoked card, a phone already in use, ...); `code` is
    the protocol's (`jpki.protocol.phone.PhoneRefusal`), the message in both languages."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


class PhoneIssuer(Protocol):
    """Issues the holder's phone from a card (スマホ用電子証明書): the composition root's secure
    element and J-LIS. Raises the client's PIN errors for the card's signing password, or
    `PhoneNotIssued`; returns the phone as the wallet lists it."""

    def issue(
        self, card_id: str, card: Reader, *, sign_password: str, pin: str, password: str
    ) -> CardEntry: ...


@dataclasses.dataclass(frozen=True)
class Terminal:
    """A registered terminal (institution-code certificate and key) for PIN-less logins."""

    certificate: x509.Certificate
    key: rsa.RSAPrivateKey

    @classmethod
    def load(cls, folder: Path) -> Terminal:
        key = load_pem_private_key((folder / "terminal.key").read_bytes(), None)
        if not isinstance(key, rsa.RSAPrivateKey):
            raise ValueError("the terminal key must be RSA")
        return cls(x509.load_pem_x509_certificate((folder / "terminal.pem").read_bytes()), key)


__all__ = [
    "CardEntry",
    "CardStore",
    "ListedCards",
    "PcscCards",
    "PhoneIssuer",
    "PhoneNotIssued",
    "Terminal",
]

"""Consent to release the 4 information (基本4情報の提供に関する同意): the platform's consent
texts (同意文) and how a service asks for one.

The 4 information leaves the platform only against the holder's own signature, made with the
signing certificate, over a text the platform wrote: it names the recipient (the tenant, by
its registered name), the purpose, the items and the date (JST), and carries a one-time
consent ID. A service asks for the text (`POST /v1/consents`), has the holder sign exactly its
bytes (the wallet shows them), and registers the customer with that signature and those bytes
(`POST /v1/customers`); the platform recognises its text, spends it once and releases exactly
the items it names.
"""

from __future__ import annotations

import datetime as dt

from pydantic import Field, field_validator

from jpki.protocol.four_info import FourInfoItem
from jpki.protocol.verification import Message
from jpki.protocol.wallet import Label


class ConsentAsked(Message):
    """What a service asks the holder to consent to: a purpose and some of the 4 information."""

    purpose: Label = Field(description="Why the service needs the items, in both languages")
    items: tuple[FourInfoItem, ...] = Field(
        min_length=1, max_length=4, description="The items to release (each once)"
    )

    @field_validator("purpose")
    @classmethod
    def _purpose_is_short(cls, purpose: Label) -> Label:
        for text in (purpose.en, purpose.ja):
            if not 1 <= len(text.strip()) <= 200 or any(ch in text for ch in "\r\n"):
                raise ValueError("each purpose is one line of 1-200 characters")
        return purpose

    @field_validator("items")
    @classmethod
    def _items_once(cls, items: tuple[FourInfoItem, ...]) -> tuple[FourInfoItem, ...]:
        if len(set(items)) != len(items):
            raise ValueError("each item is named once")
        return items


class ConsentText(Message):
    """A consent text the platform issued to one tenant: sign `text` (its UTF-8 bytes)."""

    id: str = Field(description="The one-time consent ID (同意番号), also written in the text")
    recipient: str = Field(description="The tenant's registered name, as the text names it")
    purpose: Label
    items: tuple[FourInfoItem, ...]
    issued_at: dt.datetime
    expires_at: dt.datetime = Field(description="After this the text releases nothing")
    text: str = Field(description="The exact text the holder signs, English and Japanese")

    @property
    def content(self) -> bytes:
        """The bytes to sign."""
        return self.text.encode()


__all__ = ["ConsentAsked", "ConsentText"]

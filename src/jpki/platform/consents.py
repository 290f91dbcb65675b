"""Consent texts (同意文): the platform writes them, a registration spends one once.

A tenant asks for a text naming itself (by its registered name), a purpose and some of the 4
information; the platform writes it in English and Japanese with the date (JST) and a
one-time consent ID, keeps its SHA-256, and answers it. When a registration's signed content
is such a text, the platform releases exactly its items, and only if the text was issued to
the registering tenant, is not expired and is not spent; spending is one conditional UPDATE
in the registration's own transaction, so of two registrations with one text exactly one
receives anything (see `jpki.protocol.consent`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import cast

from sqlalchemy import Table, bindparam, select, update
from sqlalchemy.orm import Session

from jpki.clock import JST, Clock
from jpki.platform.errors import PlatformError
from jpki.platform.store.database import Database
from jpki.platform.store.models import ConsentRow
from jpki.platform.tenants import Tenant
from jpki.protocol.consent import ConsentAsked, ConsentText
from jpki.protocol.four_info import FourInfoItem

_CONSENTS = cast(Table, ConsentRow.__table__)
SPEND = (
    update(_CONSENTS)
    .where(
        _CONSENTS.c.text_sha256 == bindparam("digest"),
        _CONSENTS.c.tenant_id == bindparam("tenant"),
        _CONSENTS.c.spent_at.is_(None),
        _CONSENTS.c.expires_at > bindparam("now"),
    )
    .values(spent_at=bindparam("now"))
    .returning(_CONSENTS.c.id, _CONSENTS.c["items"])
)
"""Spend the tenant's live text once: exactly one caller gets the row back."""


class ConsentRefused(PlatformError):
    """The signed text is a consent text that releases nothing now (spent, expired, another
    tenant's); the message says which, in English and Japanese."""


def consent_wording(
    consent_id: str,
    recipient: str,
    asked: ConsentAsked,
    issued_at: dt.datetime,
    expires_at: dt.datetime,
) -> str:
    """The text the holder signs: recipient, purpose, items, date and the one-time ID."""
    items_en = ", ".join(item.label["en"] for item in asked.items)
    items_ja = "、".join(item.label["ja"] for item in asked.items)
    day, until = issued_at.astimezone(JST), expires_at.astimezone(JST)
    return (
        "Consent to release the basic 4 information / 基本4情報の提供に関する同意\n"
        f"Recipient / 提供先: {recipient}\n"
        f"Purpose / 利用目的: {asked.purpose.en} / {asked.purpose.ja}\n"
        f"Items / 提供する情報: {items_en} / {items_ja}\n"
        f"Date / 同意日: {day:%Y-%m-%d} (JST / 日本時間)\n"
        f"Consent ID / 同意番号: {consent_id} "
        f"(one use, until {until:%H:%M} JST / 一回限り、日本時間{until:%H:%M}まで有効)\n"
        "I consent to the signature verification platform giving the recipient above, once and\n"
        "for the purpose above, the items above as recorded in my signing certificate.\n"
        "上記の利用目的のため、署名用電子証明書に記録された上記の情報を、"
        "署名検証プラットフォームが上記の提供先に一回限り提供することに同意します。\n"
    )


def digest_of(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


class ConsentBook:
    """The consent texts issued and spent."""

    def __init__(self, database: Database, clock: Clock, *, lifetime: dt.timedelta) -> None:
        self.database, self.clock, self.lifetime = database, clock, lifetime

    def issue(self, tenant: Tenant, asked: ConsentAsked) -> ConsentText:
        """A new text for `tenant` to have a holder sign."""
        consent_id = secrets.token_hex(8)
        issued_at = self.clock.now()
        expires_at = issued_at + self.lifetime
        recipient = " ".join(tenant.name.split())  # one line, as registered
        text = consent_wording(consent_id, recipient, asked, issued_at, expires_at)
        with self.database.transaction() as session:
            session.add(
                ConsentRow(
                    id=consent_id,
                    tenant_id=tenant.id,
                    text_sha256=digest_of(text.encode()),
                    items=",".join(asked.items),
                    issued_at=issued_at,
                    expires_at=expires_at,
                )
            )
        return ConsentText(
            id=consent_id,
            recipient=recipient,
            purpose=asked.purpose,
            items=asked.items,
            issued_at=issued_at,
            expires_at=expires_at,
            text=text,
        )

    def spend(
        self, session: Session, tenant: Tenant, content: bytes
    ) -> tuple[str, tuple[FourInfoItem, ...]] | None:
        """(consent ID, items) when `content` is a live text of `tenant`, now spent; None when
        it is no consent text at all; `ConsentRefused` when it is one that releases nothing."""
        digest, now = digest_of(content), self.clock.now()
        spent = session.execute(
            SPEND, {"digest": digest, "tenant": tenant.id, "now": now}
        ).one_or_none()
        if spent is not None:
            consent_id, items = spent
            return consent_id, tuple(FourInfoItem(item) for item in items.split(","))
        row = session.scalar(select(ConsentRow).where(ConsentRow.text_sha256 == digest))
        if row is None:
            return None
        if row.tenant_id != tenant.id:
            raise ConsentRefused(
                "this consent text was issued to another service / 他の事業者宛ての同意文です"
            )
        if row.spent_at is not None:
            raise ConsentRefused("this consent was already used / この同意は使用済みです")
        raise ConsentRefused("this consent text has expired / 同意文の有効期限が切れています")


__all__ = ["ConsentBook", "ConsentRefused", "consent_wording"]

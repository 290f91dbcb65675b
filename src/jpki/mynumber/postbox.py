"""The electronic post box (電子私書箱, seed 003): signed documents with proof of delivery.

An agency or business signs a document (its digest and title, ECDSA with the key it is
registered with on the network) and delivers it to a person's box, addressed by the code it
holds for them. The person opens it in Mynaportal, which checks the signature against the
sender's registered key; opening makes the proof of delivery: a JSON statement of document
digest, sender, recipient box and time, signed by the core, that the sender fetches and can
check with the core's public key.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import secrets

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from sqlalchemy import select

from jpki.clock import Clock
from jpki.mynumber.directory import Directory
from jpki.mynumber.errors import BadMessage, NumberingError
from jpki.mynumber.messages import PartyKeys, PublicKeys, canonical
from jpki.mynumber.store.database import Database
from jpki.mynumber.store.models import PostboxRow
from jpki.protocol.codec import decode_b64, encode_b64

MAX_DOCUMENT = 5 * 1024 * 1024


def signed_part(content: bytes, title: str) -> bytes:
    return canonical({"sha256": hashlib.sha256(content).hexdigest(), "title": title})


def sign_document(keys: PartyKeys, content: bytes, title: str) -> str:
    """The sender's signature over a document (base64)."""
    return encode_b64(keys.sign.sign(signed_part(content, title), ec.ECDSA(hashes.SHA256())))


@dataclasses.dataclass(frozen=True)
class Letter:
    id: str
    sender: str
    sender_name: str
    title: str
    content_type: str
    sent_at: dt.datetime
    opened_at: dt.datetime | None
    signature_valid: bool


class PostBox:
    def __init__(
        self, database: Database, clock: Clock, directory: Directory, core: PartyKeys
    ) -> None:
        self.database, self.clock, self.directory, self.core = database, clock, directory, core

    def deliver(
        self,
        person: str,
        sender: str,
        title: str,
        content: bytes,
        content_type: str,
        signature: str,
    ) -> str:
        """Put a signed document in a box (`person` is the linkage code); refused if unsigned."""
        if not title.strip() or len(title) > 200:
            raise NumberingError("a document needs a title (1-200 characters)")
        if len(content) > MAX_DOCUMENT:
            raise NumberingError("documents are limited to 5 MB")
        if not self._valid(self.directory.keys_of(sender), content, title, signature):
            raise BadMessage(f"the document is not signed by {sender}")
        letter_id = secrets.token_urlsafe(16)
        with self.database.transaction() as session:
            session.add(
                PostboxRow(
                    id=letter_id, person=person, sender=sender, title=title,
                    content_type=content_type, content=content, signature=signature,
                    sent_at=self.clock.now(),
                )
            )  # fmt: skip
        return letter_id

    @staticmethod
    def _valid(keys: PublicKeys, content: bytes, title: str, signature: str) -> bool:
        try:
            keys.sign.verify(
                decode_b64(signature, "signature", BadMessage),
                signed_part(content, title),
                ec.ECDSA(hashes.SHA256()),
            )
        except (InvalidSignature, BadMessage):
            return False
        return True

    def letters(self, person: str) -> list[Letter]:
        with self.database.transaction() as session:
            rows = session.scalars(
                select(PostboxRow)
                .where(PostboxRow.person == person)
                .order_by(PostboxRow.sent_at.desc())
            ).all()
        return [self._letter(row) for row in rows]

    def _letter(self, row: PostboxRow) -> Letter:
        sender = self.directory.get(row.sender)
        return Letter(
            row.id, row.sender, sender.name, row.title, row.content_type, row.sent_at,
            row.opened_at, self._valid(sender.keys, row.content, row.title, row.signature),
        )  # fmt: skip

    def open(self, person: str, letter_id: str) -> tuple[Letter, bytes]:
        """The person reads a document; the first reading makes the proof of delivery."""
        with self.database.transaction() as session:
            row = session.get(PostboxRow, letter_id)
            if row is None or row.person != person:
                raise NumberingError("no such document in your post box / 文書が見つかりません")
            if row.opened_at is None:
                row.opened_at = self.clock.now()
                statement = {
                    "document_sha256": hashlib.sha256(row.content).hexdigest(),
                    "letter": row.id, "sender": row.sender, "recipient_box": row.person[:8],
                    "delivered_at": row.opened_at.isoformat(),
                }  # fmt: skip
                row.receipt = json.dumps(
                    {"statement": statement, "signature": encode_b64(
                        self.core.sign.sign(canonical(statement), ec.ECDSA(hashes.SHA256())))},
                )  # fmt: skip
            return self._letter(row), row.content

    def receipt(self, sender: str, letter_id: str) -> dict[str, object] | None:
        """The sender's proof of delivery (None until the person opened the document)."""
        with self.database.transaction() as session:
            row = session.get(PostboxRow, letter_id)
        if row is None or row.sender != sender:
            raise NumberingError("no such document from this sender")
        return json.loads(row.receipt) if row.receipt else None


def check_receipt(receipt: dict[str, object], core: PublicKeys) -> bool:
    """What a sender runs: is this proof of delivery signed by the core?"""
    try:
        core.sign.verify(
            decode_b64(receipt["signature"], "signature", BadMessage),
            canonical(receipt["statement"]),
            ec.ECDSA(hashes.SHA256()),
        )
    except (InvalidSignature, BadMessage, KeyError):
        return False
    return True


__all__ = ["Letter", "PostBox", "check_receipt", "sign_document"]

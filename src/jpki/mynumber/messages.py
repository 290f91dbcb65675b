"""Messages between agencies and the core: signed by the sender, encrypted to the recipient,
replay-proof.

Each party (the core, every agency's interface system) has two P-256 keys: one signs what it
sends (ECDSA with SHA-256), one receives (ECDH). A message is the canonical JSON of
`{id, from, to, at, kind, body}`, signed, then sealed for the recipient with an ephemeral ECDH
key, HKDF-SHA256 and AES-256-GCM, the parties' names bound as associated data. The recipient
opens it, checks the signature against the sender's registered key, refuses it if its time is
outside the window or its ID was seen before (`Replay`), and only then reads the body.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import uuid
from collections.abc import Callable
from typing import Any

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from jpki import strict_json
from jpki.mynumber.errors import BadMessage
from jpki.protocol.codec import decode_b64, encode_b64

WINDOW = dt.timedelta(minutes=5)
"""How far a message's time may be from the recipient's clock (both ways)."""
INFO = b"jpki-information-provision-network-v1"


def canonical(value: Any) -> bytes:
    """The one byte form of a JSON value that is signed and hashed."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


@dataclasses.dataclass(frozen=True)
class PartyKeys:
    """A party's private keys: `sign` for what it sends, `box` for what it receives."""

    party: str
    sign: ec.EllipticCurvePrivateKey
    box: ec.EllipticCurvePrivateKey

    @classmethod
    def generate(cls, party: str) -> PartyKeys:
        return cls(
            party, ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
        )

    def public(self) -> PublicKeys:
        return PublicKeys(self.party, self.sign.public_key(), self.box.public_key())

    def to_json(self) -> dict[str, str]:
        def pem(key: ec.EllipticCurvePrivateKey) -> str:
            return key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            ).decode()

        return {"party": self.party, "sign": pem(self.sign), "box": pem(self.box)}

    @classmethod
    def from_json(cls, data: dict[str, str]) -> PartyKeys:
        def load(text: str) -> ec.EllipticCurvePrivateKey:
            key = serialization.load_pem_private_key(text.encode(), None)
            assert isinstance(key, ec.EllipticCurvePrivateKey)
            return key

        return cls(data["party"], load(data["sign"]), load(data["box"]))


@dataclasses.dataclass(frozen=True)
class PublicKeys:
    """What others know of a party: the keys to check its signatures and to write to it."""

    party: str
    sign: ec.EllipticCurvePublicKey
    box: ec.EllipticCurvePublicKey

    def to_json(self) -> dict[str, str]:
        def pem(key: ec.EllipticCurvePublicKey) -> str:
            return key.public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
            ).decode()

        return {"party": self.party, "sign": pem(self.sign), "box": pem(self.box)}

    @classmethod
    def from_json(cls, data: dict[str, str]) -> PublicKeys:
        def load(text: str) -> ec.EllipticCurvePublicKey:
            key = serialization.load_pem_public_key(text.encode())
            assert isinstance(key, ec.EllipticCurvePublicKey)
            return key

        return cls(data["party"], load(data["sign"]), load(data["box"]))


@dataclasses.dataclass(frozen=True)
class Message:
    """An opened, verified message."""

    id: str
    sender: str
    recipient: str
    at: dt.datetime
    kind: str
    body: dict[str, Any]


def _key(shared: bytes, sender: str, recipient: str) -> bytes:
    info = INFO + b"|" + sender.encode() + b"|" + recipient.encode()
    return HKDF(hashes.SHA256(), 32, None, info).derive(shared)


def seal(
    keys: PartyKeys,
    recipient: PublicKeys,
    kind: str,
    body: dict[str, Any],
    now: dt.datetime,
) -> bytes:
    """A message from `keys.party` to `recipient`, signed and encrypted."""
    inner = {
        "id": str(uuid.uuid4()),
        "from": keys.party,
        "to": recipient.party,
        "at": now.isoformat(),
        "kind": kind,
        "body": body,
    }
    payload = canonical(inner)
    signature = keys.sign.sign(payload, ec.ECDSA(hashes.SHA256()))
    signed = canonical({"message": inner, "signature": encode_b64(signature)})
    ephemeral = ec.generate_private_key(ec.SECP256R1())
    key = _key(ephemeral.exchange(ec.ECDH(), recipient.box), keys.party, recipient.party)
    nonce = os.urandom(12)
    aad = f"{keys.party}>{recipient.party}".encode()
    envelope = {
        "from": keys.party,
        "to": recipient.party,
        "epk": encode_b64(
            ephemeral.public_key().public_bytes(
                serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
            )
        ),
        "nonce": encode_b64(nonce),
        "ct": encode_b64(AESGCM(key).encrypt(nonce, signed, aad)),
    }
    return canonical(envelope)


def open_sealed(
    keys: PartyKeys,
    data: bytes,
    sender_keys: Callable[[str], PublicKeys],
    now: dt.datetime,
    remember: Callable[[str, dt.datetime], bool],
) -> Message:
    """Open a message to `keys.party`; raises BadMessage unless it is intact, signed by the
    party it names, fresh and never seen (`remember` returns False for a seen ID)."""
    try:
        envelope = strict_json.loads(data)
    except strict_json.MalformedJson:
        raise BadMessage("not a network message (JSON expected)") from None
    if not isinstance(envelope, dict):
        raise BadMessage("not a network message")
    sender, recipient = envelope.get("from"), envelope.get("to")
    if recipient != keys.party or not isinstance(sender, str):
        raise BadMessage(f"the message is for {recipient!r}, not {keys.party}")
    try:
        ephemeral = ec.EllipticCurvePublicKey.from_encoded_point(
            ec.SECP256R1(), decode_b64(envelope.get("epk"), "epk", BadMessage)
        )
        key = _key(keys.box.exchange(ec.ECDH(), ephemeral), sender, keys.party)
        signed = AESGCM(key).decrypt(
            decode_b64(envelope.get("nonce"), "nonce", BadMessage),
            decode_b64(envelope.get("ct"), "ct", BadMessage),
            f"{sender}>{keys.party}".encode(),
        )
    except (ValueError, InvalidTag):
        raise BadMessage("the message cannot be decrypted (altered, or not for us)") from None
    try:
        outer = json.loads(signed)
        inner = outer["message"]
        signature = decode_b64(outer["signature"], "signature", BadMessage)
        fields = (
            inner["id"],
            inner["from"],
            inner["to"],
            inner["at"],
            inner["kind"],
            inner["body"],
        )
    except (ValueError, KeyError, TypeError):
        raise BadMessage("the sealed content is malformed") from None
    if inner["from"] != sender or inner["to"] != keys.party:
        raise BadMessage("the signed parties differ from the envelope's")
    try:
        sender_keys(sender).sign.verify(signature, canonical(inner), ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        raise BadMessage(f"the signature is not {sender}'s") from None
    try:
        at = dt.datetime.fromisoformat(fields[3])
    except (TypeError, ValueError):
        raise BadMessage("the message time is malformed") from None
    if at.tzinfo is None or abs(now - at) > WINDOW:
        raise BadMessage("the message is stale or from the future (replay window)")
    if not isinstance(fields[5], dict) or not isinstance(fields[4], str):
        raise BadMessage("the message body is malformed")
    if not remember(str(fields[0]), at + WINDOW):
        raise BadMessage("the message was already received (replay)")
    return Message(str(fields[0]), sender, keys.party, at, fields[4], fields[5])


__all__ = [
    "WINDOW",
    "Message",
    "PartyKeys",
    "PublicKeys",
    "canonical",
    "open_sealed",
    "seal",
]

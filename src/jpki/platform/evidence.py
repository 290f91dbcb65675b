"""The evidence log (エビデンス): every verification as an append-only, hash-chained record.

Seed 000 asks the platform to turn each transaction into evidence. Each record carries a
receipt number (受付処理番号) and the SHA-256 of the previous record, so removing, reordering
or editing any record breaks every later digest. Periodically the chain head is sealed by an
RFC 3161 time-stamp (`jpki.platform.tsa`): from then on not even the platform operator can
rewrite history up to that point without the TSA's key. `verify_export` checks an exported log
offline: digests, continuity and every seal.

Record digest: SHA-256("JPKI-EVIDENCE-V1" || previous digest || canonical JSON of the record),
canonical JSON having sorted keys, no spaces and UTF-8 text.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from cryptography import x509

from jpki.clock import JST, Clock
from jpki.platform.errors import EvidenceError, InvalidTimestamp
from jpki.platform.tsa import verify_token
from jpki.protocol.codec import encode_b64

DOMAIN = b"JPKI-EVIDENCE-V1"
GENESIS = "0" * 64
"""The `previous` of the first record."""


def canonical_json(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


RELEASED = ("four_info", "latest_four_info")
"""Keys under which results carry the 4 information."""


def minimal(payload: Any, *, unlinkable: bool = False) -> Any:
    """`payload` as the evidence keeps it: each 4 information it carries replaced by the
    SHA-256 of its canonical JSON (`four_info_sha256`), so the record proves what was released
    (the tenant who received the values can match them) without holding them; receipts, times,
    outcomes and pairwise IDs stay. For a per-use tenant (`unlinkable`) the customer
    references a login or signature found are emptied too (`linked` stays), so its evidence
    joins none of a holder's checks."""
    if isinstance(payload, list):
        return [minimal(item, unlinkable=unlinkable) for item in payload]
    if not isinstance(payload, Mapping):
        return payload
    kept: dict[str, Any] = {}
    for key, value in payload.items():
        if key in RELEASED:
            if value is not None:
                kept[f"{key}_sha256"] = hashlib.sha256(canonical_json(value)).hexdigest()
        elif unlinkable and key == "customers":
            kept[key] = []
        else:
            kept[key] = minimal(value, unlinkable=unlinkable)
    return kept


def receipt_number(at: dt.datetime, sequence: int) -> str:
    """受付処理番号: the Japanese date of the transaction and the log sequence, e.g. 20261123-0000000042."""
    return f"{at.astimezone(JST):%Y%m%d}-{sequence:010d}"


@dataclasses.dataclass(frozen=True)
class EvidenceRecord:
    """One transaction's evidence."""

    sequence: int
    receipt: str
    at: dt.datetime
    tenant: str
    """The service provider the transaction was for."""
    kind: str
    """E.g. `authentication`, `signature`, `status-check`."""
    payload: Mapping[str, Any]
    """What was verified and the verdict (never a PIN, a secret or the 4 information: see
    `minimal`)."""
    previous: str
    digest: str

    def body(self) -> dict[str, Any]:
        return {
            "sequence": self.sequence,
            "receipt": self.receipt,
            "at": self.at.isoformat(),
            "tenant": self.tenant,
            "kind": self.kind,
            "payload": dict(self.payload),
        }

    def expected_digest(self) -> str:
        return hashlib.sha256(
            DOMAIN + bytes.fromhex(self.previous) + canonical_json(self.body())
        ).hexdigest()

    def to_json(self) -> dict[str, Any]:
        return {"type": "record", **self.body(), "previous": self.previous, "digest": self.digest}


def checkpoint_digest(sequence: int, head: str) -> bytes:
    """What a seal time-stamps: the chain head at a sequence number."""
    return hashlib.sha256(DOMAIN + b"/seal/" + sequence.to_bytes(8) + bytes.fromhex(head)).digest()


@dataclasses.dataclass(frozen=True)
class Checkpoint:
    """A time-stamped chain head: records up to `sequence` can no longer be rewritten."""

    sequence: int
    head: str
    token: bytes
    """DER time-stamp token (CMS ContentInfo) over `checkpoint_digest(sequence, head)`."""

    def to_json(self) -> dict[str, Any]:
        return {
            "type": "checkpoint",
            "sequence": self.sequence,
            "head": self.head,
            "token": encode_b64(self.token),
        }


class EvidenceChain:
    """Builds the chain: the platform persists each record and checkpoint it returns."""

    def __init__(self, clock: Clock, *, head: str = GENESIS, next_sequence: int = 1) -> None:
        self.clock, self.head, self.next_sequence = clock, head, next_sequence

    def append(
        self, tenant: str, kind: str, payload: Mapping[str, Any], at: dt.datetime | None = None
    ) -> EvidenceRecord:
        at = (at or self.clock.now()).astimezone(dt.UTC)  # stored and re-read as UTC: same digest
        sequence = self.next_sequence
        draft = EvidenceRecord(
            sequence, receipt_number(at, sequence), at, tenant, kind, payload, self.head, ""
        )
        record = dataclasses.replace(draft, digest=draft.expected_digest())
        self.head, self.next_sequence = record.digest, sequence + 1
        return record

    def seal(self, stamp: Callable[[bytes], bytes]) -> Checkpoint:
        """Time-stamp the current head; `stamp(digest)` returns a token (e.g. from our TSA)."""
        sequence = self.next_sequence - 1
        return Checkpoint(sequence, self.head, stamp(checkpoint_digest(sequence, self.head)))


def export_lines(items: Iterable[EvidenceRecord | Checkpoint]) -> Iterator[str]:
    """JSON lines, records and checkpoints in log order."""
    for item in items:
        yield json.dumps(item.to_json(), ensure_ascii=False, sort_keys=True)


@dataclasses.dataclass
class EvidenceReport:
    """The result of checking an export."""

    records: int = 0
    checkpoints: int = 0
    sealed_through: int = 0
    """The highest sequence covered by a verified seal."""
    last_sequence: int = 0
    problems: list[str] = dataclasses.field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.problems and self.records > 0

    @property
    def unsealed(self) -> int:
        return self.last_sequence - self.sealed_through

    def to_json(self) -> dict[str, Any]:
        return {
            "valid": self.valid,
            "records": self.records,
            "checkpoints": self.checkpoints,
            "sealed_through": self.sealed_through,
            "unsealed": self.unsealed,
            "problems": self.problems,
        }


def _record(data: Mapping[str, Any]) -> EvidenceRecord:
    try:
        return EvidenceRecord(
            int(data["sequence"]),
            str(data["receipt"]),
            dt.datetime.fromisoformat(data["at"]),
            str(data["tenant"]),
            str(data["kind"]),
            dict(data["payload"]),
            str(data["previous"]),
            str(data["digest"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise EvidenceError(f"not an evidence record: {exc}") from exc


def verify_export(lines: Iterable[str], tsa_roots: list[x509.Certificate]) -> EvidenceReport:
    """Check a whole exported log: each digest, the chain from genesis, and every seal."""
    report = EvidenceReport()
    head, digests = GENESIS, {0: GENESIS}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            if not isinstance(data, dict):
                raise EvidenceError("a line is not a JSON object")
            if data.get("type") == "record":
                _check_record(_record(data), head, report)
                head = data["digest"]
                digests[report.last_sequence] = head
            elif data.get("type") == "checkpoint":
                _check_checkpoint(data, digests, tsa_roots, report)
            else:
                raise EvidenceError(f"unknown line type {data.get('type')!r}")
        except (EvidenceError, json.JSONDecodeError) as exc:
            report.problems.append(f"line {number}: {exc}")
            if len(report.problems) >= 100:
                report.problems.append("too many problems; stopped")
                break
    return report


def _check_record(record: EvidenceRecord, head: str, report: EvidenceReport) -> None:
    expected_sequence = report.last_sequence + 1
    report.records += 1
    report.last_sequence = record.sequence
    if record.sequence != expected_sequence:
        raise EvidenceError(
            f"sequence {record.sequence} where {expected_sequence} was due (a gap or reordering)"
        )
    if record.previous != head:
        raise EvidenceError(f"record {record.receipt} does not follow the previous record")
    try:
        expected = record.expected_digest()
    except ValueError as exc:
        raise EvidenceError(f"record {record.receipt} has a malformed digest: {exc}") from exc
    if record.digest != expected:
        raise EvidenceError(f"record {record.receipt} was altered (digest mismatch) / 改ざん")
    if record.receipt != receipt_number(record.at, record.sequence):
        raise EvidenceError(f"record {record.receipt} has a receipt number that does not match")


def _check_checkpoint(
    data: Mapping[str, Any],
    digests: Mapping[int, str],
    tsa_roots: list[x509.Certificate],
    report: EvidenceReport,
) -> None:
    report.checkpoints += 1
    try:
        sequence, head = int(data["sequence"]), str(data["head"])
        token = base64.b64decode(data["token"], validate=True)
    except (KeyError, TypeError, ValueError) as exc:
        raise EvidenceError(f"not a checkpoint: {exc}") from exc
    if digests.get(sequence) != head:
        raise EvidenceError(f"the seal of record {sequence} names another chain head")
    try:
        verify_token(token, checkpoint_digest(sequence, head), tsa_roots)
    except (InvalidTimestamp, ValueError) as exc:
        raise EvidenceError(f"the seal of record {sequence} does not verify: {exc}") from exc
    report.sealed_through = max(report.sealed_through, sequence)


__all__ = [
    "Checkpoint",
    "EvidenceChain",
    "EvidenceRecord",
    "EvidenceReport",
    "checkpoint_digest",
    "export_lines",
    "minimal",
    "receipt_number",
    "verify_export",
]

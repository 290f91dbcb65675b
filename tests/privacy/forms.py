"""The forms a person's identifiers take in a store or a response, and the search for them.

A certificate is found by its DER (base64, base64url, hex, PEM body), its SHA-1 and SHA-256
(hex upper and lower, base64), its subject (the CN and the full DN as RFC 4514 writes it) and
its serial (decimal, hex upper and lower); the My Number and the 4 information by the forms
the parties write them in (the My Number as 12 digits; the name, the address, the birth date
as ISO 8601 and as digits only). Each form is searched for as UTF-8 and, for binary stores,
as its raw bytes, so a database row, a JSON file or a response body all answer the same
question: does this party hold that item?
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import NameOID

MIN_FORM = 6
"""Shorter forms (a serial like 12) would match by chance; none of the searched ones is."""


@dataclasses.dataclass(frozen=True)
class Form:
    """One way an item is written: what it is (`item`, e.g. `certificate-sha256`) and its bytes."""

    item: str
    text: bytes


def _encodings(item: str, raw: bytes) -> Iterator[Form]:
    yield Form(item, raw.hex().encode())
    yield Form(item, raw.hex().upper().encode())
    yield Form(item, base64.b64encode(raw))
    yield Form(item, base64.urlsafe_b64encode(raw).rstrip(b"="))


def certificate_forms(certificate: x509.Certificate) -> list[Form]:
    """Every searched form of `certificate`, its hashes, subject and serial."""
    der = certificate.public_bytes(Encoding.DER)
    forms = [Form("certificate", der), *_encodings("certificate", der)]
    for name, digest in (("sha1", hashlib.sha1), ("sha256", hashlib.sha256)):
        forms += [*_encodings(f"certificate-{name}", digest(der).digest())]
    common_names = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    forms += [Form("subject-cn", str(name.value).encode()) for name in common_names]
    forms.append(Form("subject-dn", certificate.subject.rfc4514_string().encode()))
    serial = certificate.serial_number
    forms += [
        Form("serial", str(serial).encode()),
        Form("serial", f"{serial:x}".encode()),
        Form("serial", f"{serial:X}".encode()),
    ]
    return [form for form in forms if len(form.text) >= MIN_FORM]


def person_forms(resident: dict[str, object]) -> list[Form]:
    """The My Number and the 4 information of a `residents.json` entry, in the forms written."""
    forms = [Form("my-number", str(resident["my_number"]).encode())]
    forms += [Form("name", str(resident["name"]).encode())]
    forms += [Form("address", str(resident["address"]).encode())]
    if resident.get("birth_date"):
        birth = str(resident["birth_date"])
        forms += [
            Form("birth-date", birth.encode()),
            Form("birth-date", birth.replace("-", "").encode()),
        ]
    return [form for form in forms if len(form.text) >= MIN_FORM]


def found(forms: Iterable[Form], haystack: bytes) -> set[str]:
    """The items of `forms` written somewhere in `haystack`."""
    return {form.item for form in forms if form.text in haystack}


def table_rows(database: Path, tables: Iterable[str]) -> bytes:
    """Every row of `tables` in the SQLite `database`, as the bytes of its values."""
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        values: list[bytes] = []
        for table in tables:
            for row in connection.execute(f'SELECT * FROM "{table}"'):
                values += [v if isinstance(v, bytes) else str(v).encode() for v in row]
        return b"\n".join(values)
    finally:
        connection.close()


def files_under(folder: Path) -> bytes:
    """The content of every file under `folder`."""
    return b"\n".join(path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file())


__all__ = [
    "Form",
    "certificate_forms",
    "files_under",
    "found",
    "person_forms",
    "table_rows",
]

"""`jpki verify attribute-cert` as a user runs it: valid (exit 0), revoked, expired or forged
(exit 1, the reason in both languages), an unreadable file one error line, and a file that is
not an AC a `malformed` verdict, never a traceback."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from cryptography.hazmat.primitives.serialization import Encoding

from jpki.attributes.certificates import AttributeCertificateContent, build_attribute_certificate
from jpki.attributes.crl import RevokedEntry, build_crl
from jpki.attributes.keys import AuthorityKeys
from jpki.protocol.attributes import AttributeKind, HolderName
from tests.cli.commands import assert_one_error_line, run
from tests.holders import START

HOLDER = HolderName(tenant="aa-city", user_id="abcdefghijklmnopqrstuvwxyz")


def material(tmp_path: Path, *, revoked: bool = False) -> tuple[Path, Path, Path]:
    keys = AuthorityKeys.create(tmp_path / "aa", "CLI AA", START)
    content = AttributeCertificateContent(
        serial=4242,
        holder=HOLDER,
        kind=AttributeKind.TEACHER,
        details={"licence": "小学校教諭一種"},
        not_before=START,
        not_after=START + dt.timedelta(days=30),
        crl_url="http://aa.test/crl/attributes",
    )
    ac = tmp_path / "teacher.ac"
    ac.write_bytes(build_attribute_certificate(keys, content))
    entries = [RevokedEntry(4242, START + dt.timedelta(hours=1), "unspecified")] if revoked else []
    crl = tmp_path / "aa.crl"
    crl.write_bytes(build_crl(keys, 1, START + dt.timedelta(hours=2), entries))
    pem = tmp_path / "aa.pem"
    pem.write_bytes(keys.certificate.public_bytes(Encoding.PEM))
    return ac, pem, crl


def verify(ac: Path, pem: Path, crl: Path, at: dt.datetime, *extra: str):  # type: ignore[no-untyped-def]
    return run(
        "verify", "attribute-cert", ac, "--authority", pem, "--tenant", "aa-city",
        "--crl", crl, "--at", at.isoformat(), *extra,
    )  # fmt: skip


def test_valid_revoked_and_expired(tmp_path: Path) -> None:
    ac, pem, crl = material(tmp_path)
    at = START + dt.timedelta(hours=3)
    valid = verify(ac, pem, crl, at, "--json")
    assert valid.returncode == 0, valid.stderr
    answer = json.loads(valid.stdout)
    assert answer["status"] == "valid"
    assert answer["kind"] == "teacher"
    assert answer["details"] == {"licence": "小学校教諭一種"}
    assert answer["holder_matches"] is None
    later = START + dt.timedelta(days=31)
    expired = verify(ac, pem, crl, later)
    assert expired.returncode == 1
    assert "expired" in expired.stdout
    assert "有効期限切れ" in expired.stdout

    revoked_dir = tmp_path / "revoked"
    revoked_dir.mkdir()
    ac2, pem2, crl2 = material(revoked_dir, revoked=True)
    revoked = verify(ac2, pem2, crl2, at)
    assert revoked.returncode == 1
    assert "status / 結果: revoked" in revoked.stdout
    forged = verify(ac, pem2, crl2, at)  # another authority's certificate
    assert forged.returncode == 1
    assert "untrusted" in forged.stdout


def test_bad_files(tmp_path: Path) -> None:
    _, pem, crl = material(tmp_path)
    junk = tmp_path / "junk.ac"
    junk.write_bytes(
        b"-----BEGIN ATTRIBUTE CERTIFICATE-----\n!!!\n-----END ATTRIBUTE CERTIFICATE-----\n"
    )
    malformed = verify(junk, pem, crl, START)
    assert malformed.returncode == 1
    assert "malformed" in malformed.stdout
    assert "Traceback" not in malformed.stderr
    assert_one_error_line(verify(tmp_path / "missing.ac", pem, crl, START), "missing.ac")

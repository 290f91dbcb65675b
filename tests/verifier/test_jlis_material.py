"""Certificates as J-LIS writes them (issue 21 part 4): flag strings that do not fit their text
are read with a warning, and a certificate issued under J-LIS's unbundled 2019 root generation
gets a verdict that names the root and says how to add it. openssl judges the same material."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from hypothesis import given
from hypothesis import strategies as st

from jpki.profile.purpose import CertificatePurpose, root_name
from jpki.profile.real_roots import (
    JLIS_GENERATIONS,
    JLIS_ROOTS_DIR,
    generation_in_use,
    real_root_paths,
)
from jpki.verifier.anchors import TrustAnchors
from jpki.verifier.revocation.index import RevocationIndex
from jpki.verifier.validation import Validator
from jpki.verifier.verdict import Status
from tests.e2e.processes import JPKI
from tests.openssl_cli import at_time, openssl, write_pem
from tests.verifier.jlis_material import GENERATION_2019, end_entity, stand_in_root, utc
from tests.verifier.validators import validator_of

SIGN = CertificatePurpose.SIGN
YEAR = dt.timedelta(days=365)


def test_a_flag_string_that_does_not_fit_is_a_warning_not_a_refusal(authority, clock, tmp_path):
    root = authority.authorities.current(SIGN)
    now = clock.now()
    certificate = end_entity(
        root.name, root.key, not_before=now - YEAR, not_after=now + YEAR, name_flags="0000"
    )
    verdict = validator_of(authority, clock).check(certificate)
    assert verdict.status is Status.VALID, verdict.lines()
    assert verdict.four_info is not None
    assert verdict.four_info.name_flags == "00000"  # 太郎's last flag inferred
    assert len(verdict.warnings) == 1
    assert "4 flags for 5 characters" in verdict.warnings[0]
    assert "代替文字フラグ" in verdict.warnings[0]
    assert any(line.startswith("warning / 警告: ") for line in verdict.lines())
    assert verdict.to_json()["warnings"] == list(verdict.warnings)
    ordinary = end_entity(root.name, root.key, not_before=now - YEAR, not_after=now + YEAR)
    assert "warnings" not in validator_of(authority, clock).check(ordinary).to_json()
    # openssl accepts the certificate too: the flags are no part of its validity.
    pem, ca = (
        write_pem(tmp_path / "ee.pem", certificate),
        write_pem(tmp_path / "ca.pem", root.certificate),
    )
    assert openssl("verify", *at_time(now), "-CAfile", ca, pem).returncode == 0


def test_the_generation_table_holds_what_the_bundle_holds(tmp_path):
    bundled = {g.bundled: g for g in JLIS_GENERATIONS if g.bundled}
    assert sorted(bundled) == sorted(p.name for p in real_root_paths())
    for name, generation in bundled.items():
        certificate = x509.load_pem_x509_certificate((JLIS_ROOTS_DIR / name).read_bytes())
        assert certificate.serial_number == generation.serial
        assert certificate.fingerprint(hashes.SHA256()).hex() == generation.sha256
        assert certificate.subject == root_name(generation.purpose)
        assert certificate.not_valid_before_utc.date() == generation.not_before
    missing = [g for g in JLIS_GENERATIONS if not g.bundled]
    assert {(g.purpose, g.year) for g in missing} == {
        (CertificatePurpose.AUTH, 2019),
        (SIGN, 2019),
    }


def _jlis_validator(clock, *extra: Path, crls: tuple[bytes, ...] = ()) -> Validator:
    anchors = TrustAnchors.load([*real_root_paths(), *extra])
    index = RevocationIndex(anchors, clock)
    for crl in crls:
        index.add_crl(crl)
    return Validator(anchors, index, clock)


def _crl(root: x509.Certificate, key, now: dt.datetime) -> bytes:
    from cryptography.hazmat.primitives.serialization import Encoding

    return (
        x509.CertificateRevocationListBuilder()
        .issuer_name(root.subject)
        .last_update(now - dt.timedelta(hours=1))
        .next_update(now + dt.timedelta(days=1))
        .add_extension(x509.CRLNumber(1), False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(key.public_key()), False)
        .sign(key, hashes.SHA256())
        .public_bytes(Encoding.DER)
    )


def test_a_certificate_under_the_2019_generation_names_the_missing_root(clock, tmp_path):
    """Issued in 2022, when J-LIS signed with its 2019 key: the bundle cannot verify it, and the
    verdict says which root that is (serial, fingerprint) and how to add it."""
    root, key = stand_in_root()
    now = clock.now()
    certificate = end_entity(
        root.subject, key, not_before=utc(dt.date(2022, 6, 1)), not_after=utc(dt.date(2027, 5, 17))
    )
    verdict = _jlis_validator(clock).check(certificate)
    assert verdict.status is Status.UNTRUSTED
    assert verdict.missing_root == GENERATION_2019
    assert "2019 generation" in verdict.message
    assert "0132C4AB" in verdict.message
    assert "79679c33e4cc9319440f1ad120a597ff1844e2ef217063adb176966fd5e6fbeb" in verdict.message
    assert "--trust FILE" in verdict.message
    assert "2019年世代" in verdict.message
    assert verdict.to_json()["missing_root"] == GENERATION_2019.describe()
    assert any(line.startswith("missing root / 未登録のルート: ") for line in verdict.lines())

    # Added as the message says, the same certificate is judged on its merits.
    root_file = write_pem(tmp_path / "signca02.pem", root)
    added = _jlis_validator(clock, root_file, crls=(_crl(root, key, now),)).check(certificate)
    assert added.status is Status.VALID, added.lines()
    assert added.missing_root is None

    # openssl agrees: the bundle does not verify it, the added root does.
    pem = write_pem(tmp_path / "ee.pem", certificate)
    bundle = tmp_path / "bundle.pem"
    bundle.write_bytes(b"".join(p.read_bytes() for p in real_root_paths()))
    assert openssl("verify", *at_time(now), "-CAfile", bundle, pem).returncode != 0
    assert openssl("verify", *at_time(now), "-CAfile", root_file, pem).returncode == 0


def test_the_authority_key_identifiers_serial_names_the_generation(clock):
    """A certificate whose authority key identifier carries the root's serial is placed by it,
    even issued when another generation was in use; without it, a certificate from the time of
    a held generation that none verifies is a forgery, not a missing root."""
    root, key = stand_in_root()
    issued_2024 = {"not_before": utc(dt.date(2024, 1, 10)), "not_after": utc(dt.date(2028, 5, 17))}
    by_serial = end_entity(root.subject, key, issuer_serial=0x0132C4AB, **issued_2024)
    assert _jlis_validator(clock).check(by_serial).missing_root == GENERATION_2019
    forged = _jlis_validator(clock).check(end_entity(root.subject, key, **issued_2024))
    assert forged.status is Status.UNTRUSTED
    assert forged.missing_root is None
    assert "forged signature" in forged.message


def test_our_sandbox_roots_never_claim_a_jlis_generation(authority, make_authority, clock):
    stranger = make_authority().authorities.current(SIGN)
    now = clock.now()
    certificate = end_entity(
        stranger.name, stranger.key, not_before=now - YEAR, not_after=now + YEAR
    )
    verdict = validator_of(authority, clock).check(certificate)
    assert verdict.status is Status.UNTRUSTED
    assert verdict.missing_root is None


def test_jpki_verify_names_the_missing_root_and_takes_it_with_trust(clock, tmp_path):
    import subprocess

    root, key = stand_in_root()
    now = clock.now()
    certificate = end_entity(
        root.subject, key, not_before=utc(dt.date(2022, 6, 1)), not_after=utc(dt.date(2027, 5, 17))
    )
    pem = write_pem(tmp_path / "ee.pem", certificate)
    root_file = write_pem(tmp_path / "signca02.pem", root)
    (tmp_path / "root.crl").write_bytes(_crl(root, key, now))
    at = ["--at", now.isoformat()]

    def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*JPKI, "verify", "cert", pem, *map(str, args), *at],
            capture_output=True, text=True, check=False, timeout=120,
        )  # fmt: skip

    refused = run("--trust", "jlis")
    assert refused.returncode == 1, refused.stderr
    assert (
        "missing root / 未登録のルート: J-LIS digital signature root, 2019 generation"
        in refused.stdout
    )
    assert "--trust FILE" in refused.stdout
    as_json = json.loads(run("--trust", "jlis", "--json").stdout)
    assert as_json["status"] == "untrusted"
    assert "signca02" in as_json["missing_root"]
    added = run("--trust", "jlis", "--trust", root_file, "--crl", tmp_path / "root.crl")
    assert added.returncode == 0, added.stdout + added.stderr
    assert "status / 結果: valid" in added.stdout


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2040, 1, 1)))
def test_the_generation_in_use_is_the_newest_started(day):
    for purpose in CertificatePurpose:
        found = generation_in_use(purpose, day)
        started = [g for g in JLIS_GENERATIONS if g.purpose is purpose and g.not_before <= day]
        if not started:
            assert found is None
            continue
        assert found is not None
        assert found.purpose is purpose
        assert all(g.not_before <= found.not_before for g in started)

"""Weak algorithms (issue 21 part 5): a certificate, raw, CMS or PDF signature over SHA-1 (or
any digest or key J-LIS does not use) is refused by default with the status `weak algorithm`,
in English and Japanese; `accept_weak` (`--accept-weak`) accepts it for archives and marks the
verdict. The material is made by openssl and pyHanko as well as by us, and openssl and poppler
judge it too (at the test clock's time)."""

from __future__ import annotations

import datetime as dt
import io
import json
import subprocess

import pytest
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers

from jpki.profile.purpose import CertificatePurpose
from jpki.verifier.cms import verify_cms
from jpki.verifier.pdf import verify_pdf
from jpki.verifier.signatures import verify_raw
from jpki.verifier.verdict import Status
from tests.e2e.processes import JPKI
from tests.openssl_cli import at_time, openssl, write_pem
from tests.pdf_samples import one_page_pdf
from tests.verifier.jlis_material import end_entity
from tests.verifier.validators import validator_of

SIGN = CertificatePurpose.SIGN
YEAR = dt.timedelta(days=365)
DOCUMENT = "保存文書 / archived contract".encode()


def _key_pem(key: rsa.RSAPrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def test_a_certificate_signed_over_sha1_is_refused_unless_accepted(authority, clock, tmp_path):
    root = authority.authorities.current(SIGN)
    now = clock.now()
    sha1 = end_entity(
        root.name, root.key, not_before=now - YEAR, not_after=now + YEAR, digest=hashes.SHA1()
    )
    validator = validator_of(authority, clock)
    refused = validator.check(sha1)
    assert refused.status is Status.WEAK_ALGORITHM
    assert refused.status.label_ja == "弱い暗号アルゴリズム"
    assert refused.weak_algorithm == "SHA-1"
    assert "SHA-1" in refused.message
    assert "broken" in refused.message
    assert "安全でない" in refused.message
    assert "--accept-weak" in refused.message
    assert not refused.valid
    assert refused.to_json()["status"] == "weak algorithm"
    accepted = validator.check(sha1, accept_weak=True)
    assert accepted.status is Status.VALID, accepted.lines()
    assert accepted.weak_algorithm == "SHA-1"
    assert any("archives only" in w and "保存文書" in w for w in accepted.warnings)
    assert accepted.to_json()["weak_algorithm"] == "SHA-1"
    # The certificate itself is sound: openssl verifies its SHA-1 signature at the lowest
    # security level and refuses it at level 2 (112-bit), as it should.
    pem, ca = write_pem(tmp_path / "ee.pem", sha1), write_pem(tmp_path / "ca.pem", root.certificate)
    level_0 = openssl("verify", *at_time(now), "-auth_level", "0", "-CAfile", ca, pem)
    assert level_0.returncode == 0, level_0.stdout + level_0.stderr
    assert openssl("verify", *at_time(now), "-auth_level", "2", "-CAfile", ca, pem).returncode != 0


def test_a_key_jlis_does_not_use_is_a_weak_algorithm(authority, clock, tmp_path):
    root = authority.authorities.current(SIGN)
    now = clock.now()
    small = rsa.generate_private_key(65537, 1024)
    certificate = end_entity(
        root.name, root.key, not_before=now - YEAR, not_after=now + YEAR, key=small
    )
    verdict = validator_of(authority, clock).check(certificate)
    assert verdict.status is Status.WEAK_ALGORITHM
    assert verdict.weak_algorithm == "RSA-1024"
    assert "not one J-LIS uses" in verdict.message
    pem, ca = (
        write_pem(tmp_path / "ee.pem", certificate),
        write_pem(tmp_path / "ca.pem", root.certificate),
    )
    assert openssl("verify", *at_time(now), "-auth_level", "2", "-CAfile", ca, pem).returncode != 0


def test_a_raw_sha1_signature_is_refused_unless_accepted(holder, authority, clock):
    validator = validator_of(authority, clock)
    assert holder.sign_key is not None
    signature = holder.sign_key.sign(DOCUMENT, padding.PKCS1v15(), hashes.SHA1())
    refused = verify_raw(validator, holder.sign.der, signature, data=DOCUMENT, algorithm="sha1")
    assert refused.intact
    assert refused.status == "weak algorithm"
    assert not refused.valid
    assert "SHA-1" in refused.message
    accepted = verify_raw(
        validator, holder.sign.der, signature, data=DOCUMENT, algorithm="sha1", accept_weak=True
    )
    assert accepted.valid, accepted.lines()
    assert accepted.to_json()["weak_algorithm"] == "SHA-1"


@pytest.fixture
def openssl_cms(holder, authority, clock, tmp_path):
    """Detached CMS signatures of DOCUMENT made by `openssl cms -sign` with the holder's signing
    key, over SHA-1 and over SHA-256; and the command that verifies one with openssl."""
    assert holder.sign_key is not None
    key = tmp_path / "sign.key"
    key.write_bytes(_key_pem(holder.sign_key))
    certificate = write_pem(tmp_path / "sign.pem", holder.sign.certificate)
    root = write_pem(tmp_path / "root.pem", authority.authorities.current(SIGN).certificate)
    document = tmp_path / "document.txt"
    document.write_bytes(DOCUMENT)
    made = {}
    for digest in ("sha1", "sha256"):
        out = tmp_path / f"{digest}.p7s"
        openssl("cms", "-sign", "-binary", "-md", digest, "-signer", certificate, "-inkey", key,
                "-in", document, "-outform", "DER", "-out", out, check=True)  # fmt: skip
        made[digest] = out

    def verify(signature, *options: str) -> subprocess.CompletedProcess[str]:
        return openssl("cms", "-verify", *at_time(clock.now()), *options, "-binary", "-inform",
                       "DER", "-in", signature, "-content", document, "-CAfile", root,
                       "-out", "/dev/null")  # fmt: skip

    return made, verify


def test_a_cms_signature_over_sha1_is_refused_unless_accepted(openssl_cms, authority, clock):
    made, openssl_verify = openssl_cms
    validator = validator_of(authority, clock)
    good = verify_cms(validator, made["sha256"].read_bytes(), content=DOCUMENT)
    assert good.valid, good.lines()
    assert good.weak_algorithm is None
    refused = verify_cms(validator, made["sha1"].read_bytes(), content=DOCUMENT)
    assert refused.intact
    assert not refused.valid
    assert refused.status == "weak algorithm"
    assert refused.weak_algorithm == "SHA-1"
    assert "SHA-1" in refused.message
    assert "安全でない" in refused.message
    assert any("弱い暗号アルゴリズム" in line for line in refused.lines())
    assert refused.to_json()["status"] == "weak algorithm"
    accepted = verify_cms(validator, made["sha1"].read_bytes(), content=DOCUMENT, accept_weak=True)
    assert accepted.valid, accepted.lines()
    assert accepted.status == "valid"
    assert accepted.to_json()["weak_algorithm"] == "SHA-1"
    assert any("archives only" in line for line in accepted.lines())
    altered = verify_cms(validator, made["sha1"].read_bytes(), content=DOCUMENT + b"!")
    assert altered.status == "invalid signature"
    # openssl: both signatures are intact; SHA-1 passes only at the lowest security level.
    assert openssl_verify(made["sha256"]).returncode == 0
    assert openssl_verify(made["sha1"], "-auth_level", "0").returncode == 0


def test_jpki_verify_cms_refuses_sha1_and_accepts_it_when_told(
    openssl_cms, authority, clock, tmp_path
):
    made, _ = openssl_cms
    authority.publish_crls()
    crls = [
        arg
        for path in sorted(authority.settings.crl_dir.glob("*-g*.crl"))
        if "-s" not in path.name and "delta" not in path.name
        for arg in ("--crl", str(path))
    ]
    roots = tmp_path / "roots"
    roots.mkdir()
    for generation in authority.authorities.all():
        write_pem(roots / f"{generation.purpose}-{generation.number}.pem", generation.certificate)
    document = tmp_path / "document.txt"
    command = [*JPKI, "verify", "cms", str(made["sha1"]), "--content", str(document), "--trust",
               str(roots), *crls, "--at", clock.now().isoformat()]  # fmt: skip
    refused = subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)
    assert refused.returncode == 1, refused.stderr
    assert "weak algorithm (弱い暗号アルゴリズム)" in refused.stdout
    assert "--accept-weak" in refused.stdout
    accepted = subprocess.run(
        [*command, "--accept-weak", "--json"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert json.loads(accepted.stdout)["weak_algorithm"] == "SHA-1"


def _pyhanko_signed(holder, authority, digest: str) -> bytes:
    """A PDF signed by pyHanko's own signer with the holder's signing key over `digest`."""
    assert holder.sign_key is not None
    der = serialization.Encoding.DER
    signer = signers.SimpleSigner(
        signing_cert=asn1_x509.Certificate.load(holder.sign.certificate.public_bytes(der)),
        signing_key=asn1_keys.PrivateKeyInfo.load(
            holder.sign_key.private_bytes(
                der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        ),
        cert_registry=None,
    )
    out = io.BytesIO()
    signers.PdfSigner(
        signers.PdfSignatureMetadata(field_name="Archive", md_algorithm=digest), signer=signer
    ).sign_pdf(IncrementalPdfFileWriter(io.BytesIO(one_page_pdf())), output=out)
    return out.getvalue()


def test_a_pdf_signature_over_sha1_is_refused_unless_accepted(holder, authority, clock, tmp_path):
    validator = validator_of(authority, clock)
    good = verify_pdf(validator, _pyhanko_signed(holder, authority, "sha256"))
    assert [v.status for v in good] == ["valid"], good[0].lines()
    signed = _pyhanko_signed(holder, authority, "sha1")
    [refused] = verify_pdf(validator, signed)
    assert refused.intact, refused.lines()
    assert refused.status == "weak algorithm"
    assert refused.weak_algorithm == "SHA-1"
    assert "SHA-1" in refused.message
    [accepted] = verify_pdf(validator, signed, accept_weak=True)
    assert accepted.valid, accepted.lines()
    assert accepted.to_json()["weak_algorithm"] == "SHA-1"
    # poppler reads the same signature as intact over SHA-1.
    path = tmp_path / "sha1.pdf"
    path.write_bytes(signed)
    result = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, check=False)
    assert "Signature is Valid." in result.stdout, result.stdout
    assert "SHA1" in result.stdout.replace("-", ""), result.stdout

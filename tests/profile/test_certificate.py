"""The decoder reads certificates our CA did not make: real J-LIS roots, openssl-built ones."""

import datetime as dt
import subprocess
from pathlib import Path

import pytest
from cryptography import x509

from jpki.profile.certificate import describe_certificate
from jpki.profile.errors import ProfileError
from jpki.profile.four_info import Sex
from jpki.profile.purpose import CertificatePurpose
from jpki.profile.real_roots import JLIS_ROOTS_DIR

REAL_ROOTS = JLIS_ROOTS_DIR


def _real_roots() -> list[Path]:
    roots = sorted(REAL_ROOTS.glob("*.pem"))
    if not roots:
        pytest.fail(f"real JPKI roots not found in {REAL_ROOTS}")
    return roots


def test_real_jlis_roots_are_recognised_by_purpose():
    seen = {}
    for path in _real_roots():
        description = describe_certificate(x509.load_pem_x509_certificate(path.read_bytes()))
        assert description.is_ca
        assert description.four_info is None
        seen[path.name] = description.purpose
    assert seen["auth_ca_2015.pem"] is CertificatePurpose.AUTH
    assert seen["sign_ca_2023.pem"] is CertificatePurpose.SIGN


def test_generations_of_a_real_root_share_a_name_but_not_a_key():
    old, new = (
        x509.load_pem_x509_certificate((REAL_ROOTS / f"sign_ca_{year}.pem").read_bytes())
        for year in (2015, 2023)
    )
    assert old.subject == new.subject
    assert describe_certificate(old).subject_key_id != describe_certificate(new).subject_key_id


OPENSSL_EXTENSIONS = """\
[ext]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, nonRepudiation
certificatePolicies = critical, 1.2.392.200149.8.5.1.1.20
subjectAltName = @san
[san]
otherName.1 = 1.2.392.200149.8.5.5.5;FORMAT:UTF8,UTF8:東京都港区六本木１丁目１番１号
otherName.2 = 1.2.392.200149.8.5.5.1;FORMAT:UTF8,UTF8:佐藤　花子
otherName.3 = 1.2.392.200149.8.5.5.3;FORMAT:UTF8,UTF8:2
otherName.4 = 1.2.392.200149.8.5.5.4;FORMAT:UTF8,UTF8:419900101
otherName.5 = 1.2.392.200149.8.5.5.2;FORMAT:UTF8,UTF8:00000
otherName.6 = 1.2.392.200149.8.5.5.6;FORMAT:UTF8,UTF8:000000000000000
"""


def test_signing_certificate_built_by_openssl_is_decoded(tmp_path):
    def openssl(*args: str) -> None:
        subprocess.run(["openssl", *args], check=True, capture_output=True, cwd=tmp_path)

    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
            "-subj", "/C=JP/O=JPKI-TEST/OU=JPKI for digital signature/OU=Japan Agency for Local Authority Information Systems",
            "-days", "30")  # fmt: skip
    openssl("req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", "ee.key", "-out", "ee.csr",
            "-utf8", "-subj", "/C=JP/L=東京都/L=港区/CN=ABCDEFGHIJKLMN13103001A")  # fmt: skip
    (tmp_path / "ext.cnf").write_text(OPENSSL_EXTENSIONS, encoding="utf-8")
    openssl("x509", "-req", "-in", "ee.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
            "-out", "ee.pem", "-days", "30", "-extfile", "ext.cnf", "-extensions", "ext")  # fmt: skip
    description = describe_certificate(
        x509.load_pem_x509_certificate((tmp_path / "ee.pem").read_bytes())
    )
    assert description.purpose is CertificatePurpose.SIGN
    assert description.subject_id == "ABCDEFGHIJKLMN13103001A"
    assert description.localities == ("東京都", "港区")
    info = description.four_info
    assert info is not None
    assert info.name == "佐藤\u3000花子"
    assert info.address == "東京都港区六本木１丁目１番１号"
    assert info.birth_date == dt.date(1990, 1, 1)
    assert info.sex is Sex.FEMALE


def test_a_certificate_without_the_jpki_profile_is_refused(tmp_path):
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "k", "-out", "c.pem",
         "-subj", "/CN=example.com", "-days", "1"],
        check=True, capture_output=True, cwd=tmp_path,
    )  # fmt: skip
    with pytest.raises(ProfileError, match="not a JPKI certificate"):
        describe_certificate(x509.load_pem_x509_certificate((tmp_path / "c.pem").read_bytes()))

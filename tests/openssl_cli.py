"""The openssl command line as an independent judge of what we produce."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization


def write_pem(path: Path, certificate: x509.Certificate) -> Path:
    path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return path


def openssl(*args: str | Path, check: bool = False) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["openssl", *map(str, args)], capture_output=True, text=True, check=check, timeout=60
    )


def at_time(moment: dt.datetime | None) -> list[str]:
    """openssl's `-attime` for material made on a test clock, judged at that clock's instant
    rather than the machine's date; nothing for material made on the machine's own clock."""
    return [] if moment is None else ["-attime", str(int(moment.timestamp()))]


def verify_with_crl(
    certificate: Path, cafile: Path, crl: Path, *, at: dt.datetime | None
) -> subprocess.CompletedProcess[str]:
    """`openssl verify -crl_check` of a certificate against roots and a DER CRL, at `at`
    (the clock that made them; None: they were made at the machine's time)."""
    pem_crl = crl.with_suffix(".crl.pem")
    openssl("crl", "-inform", "DER", "-in", crl, "-out", pem_crl, check=True)
    return openssl(
        "verify", *at_time(at), "-CAfile", cafile, "-crl_check", "-CRLfile", pem_crl, certificate
    )


def crl_text(crl: Path) -> str:
    return openssl("crl", "-inform", "DER", "-in", crl, "-noout", "-text", check=True).stdout

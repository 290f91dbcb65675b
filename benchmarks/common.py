"""Shared helpers of the benchmarks: timing, a throwaway authority, printing figures."""

from __future__ import annotations

import contextlib
import datetime as dt
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric import rsa

from jpki.authority.service import Authority
from jpki.authority.settings import AuthoritySettings
from jpki.authority.views import CertificateView
from jpki.card.image import generate_key
from jpki.card.vpcd import reader_conf
from jpki.client.readers import PcscReader
from jpki.clock import ManualClock
from jpki.profile.four_info import FourInfo, Sex
from jpki.profile.purpose import CertificatePurpose

START = dt.datetime(2026, 11, 23, 3, 0, tzinfo=dt.UTC)


@contextlib.contextmanager
def virtual_reader(image: Path, folder: Path) -> Iterator[PcscReader]:
    """A PC/SC reader ("Virtual PCD") holding the card image: a private pcscd with vpcd, the
    card attached by `jpki card attach`; both stopped when the caller is done."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    config = folder / "reader.conf.d"
    config.mkdir()
    (config / "vpcd").write_text(reader_conf(port))
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    pcscd = subprocess.Popen(["pcscd", "-f", "-c", str(config)], **quiet)
    card = subprocess.Popen(
        [sys.executable, "-m", "jpki.cli", "card", "attach", str(image), "--port", str(port)],
        **quiet,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                reader = PcscReader("Virtual PCD")
                break
            except Exception:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)
        try:
            yield reader
        finally:
            reader.close()
    finally:
        for process in (card, pcscd):
            process.terminate()
            process.wait(timeout=30)


@contextlib.contextmanager
def throwaway_authority(start: dt.datetime = START, **settings: object) -> Iterator[Authority]:
    with tempfile.TemporaryDirectory(prefix="jpki-bench-") as directory:
        authority = Authority.initialise(
            AuthoritySettings(data_dir=Path(directory), **settings), ManualClock(start)
        )
        try:
            yield authority
        finally:
            authority.close()


def auth_holders(
    authority: Authority, count: int
) -> list[tuple[rsa.RSAPrivateKey, CertificateView]]:
    """`count` residents with an active card: each card's authentication key and certificate."""
    holders = []
    for number in range(count):
        resident = authority.register_resident(
            FourInfo(
                "試験　太郎",
                "東京都千代田区霞が関２丁目１番２号",
                dt.date(1980, 1, 1 + number % 28),
                Sex.MALE,
            )
        )
        card = authority.apply_for_card(resident.id)
        key = generate_key()
        issued = authority.issue_card(card.id, key.public_key(), None)
        authority.activate_card(card.id)
        view = issued.of_purpose(CertificatePurpose.AUTH)
        assert view is not None
        holders.append((key, view))
    return holders


def timed(function, *args, **kwargs) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - started, result


def report(name: str, ours: float, baseline: float, unit: str, target: str) -> None:
    """Print one figure next to its baseline measured in the same run."""
    print(f"{name}: ours {ours:,.3f} {unit}, baseline {baseline:,.3f} {unit}, "
          f"ratio {ours / baseline:.3f} (target {target})")  # fmt: skip

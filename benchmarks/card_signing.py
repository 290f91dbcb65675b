"""Card signatures per second: in-process and through pcscd + vpcd, vs raw RSA signing.

Each signature is a full COMPUTE DIGITAL SIGNATURE conversation (SELECT key EF, the command
with its DigestInfo, the 256-byte answer) after one VERIFY. Baseline: cryptography signing
with the same key in the same run. The pcscd leg needs pcscd, vsmartcard-vpcd and pyscard
(scripts/test.sh installs them) and no other pcscd running.

    python benchmarks/card_signing.py [--seconds 3]
"""

from __future__ import annotations

import argparse
import hashlib
import tempfile
import time
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

from common import report, virtual_reader
from jpki.card.image import CardImage
from jpki.card.os import Card
from jpki.card.store import ImageStore
from jpki.client.readers import InProcessReader
from jpki.client.token import JpkiToken
from jpki.profile.purpose import CertificatePurpose


def rate(token: JpkiToken, seconds: float) -> float:
    token.verify(CertificatePurpose.AUTH, "1234")
    digest = hashlib.sha256(b"challenge").digest()
    count, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        token.sign_digest(CertificatePurpose.AUTH, "sha256", digest)
        count += 1
    return count / (time.perf_counter() - started)


def raw_rate(image: CardImage, seconds: float) -> float:
    key = image.keys[CertificatePurpose.AUTH]
    count, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        key.sign(b"challenge", padding.PKCS1v15(), hashes.SHA256())
        count += 1
    return count / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=3.0)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="jpki-card-bench-") as folder:
        store = ImageStore.create(Path(folder) / "bench.card", "1234", "PASSWORD1")
        image = store.current()
        baseline = raw_rate(image, arguments.seconds)
        in_process = rate(JpkiToken(InProcessReader(Card(store))), arguments.seconds)
        report("card signatures, in-process transport", in_process, baseline, "/s", "report")
        with virtual_reader(store.path, Path(folder)) as reader:
            pcsc = rate(JpkiToken(reader), arguments.seconds)
        baseline = raw_rate(image, arguments.seconds)
        report("card signatures, through pcscd + vpcd", pcsc, baseline, "/s", "report")


if __name__ == "__main__":
    main()

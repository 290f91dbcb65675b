"""Card-face reads and verifications per second at a counter, vs the JPKI AP's certificate read
on the same reader.

Ours, terminal to verdict: SELECT the card-face AP (券面事項確認AP), VERIFY 照合番号B, read the
card-face file (about 6 KB: photo, name, address and security-code images), decode it and check
the issuer's seal. Baseline: what every JPKI client does first, SELECT the JPKI AP and read and
parse the authentication certificate, on the same card and reader in the same run. In-process
always; `--pcsc` adds the same pair through pcscd + vpcd + pyscard (needs pcscd,
vsmartcard-vpcd, pyscard and no other pcscd running). `--counter` measures the whole check at
the face-to-face counter of `jpki up` (docs/apps/counter.md): the clerk's form posted, the card
read on the counter PC's reader, the seal checked, the card answering PIN-less and the platform
judging its certificate, the check recorded; baseline again the certificate read of the same
card image, in-process.

    python benchmarks/card_face.py [--seconds 3] [--pcsc] [--counter]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import httpx
from cryptography import x509

from common import START, report, virtual_reader
from jpki.card.os import Card
from jpki.card.store import ImageStore
from jpki.client.card_face import CardFaceSession, FaceOpener, SealStatus
from jpki.client.readers import InProcessReader, Reader
from jpki.client.token import JpkiToken
from jpki.clock import ManualClock
from jpki.profile.card_face import CARD_FACE_FILE, decode_card_face
from jpki.profile.card_info import matching_number_b
from jpki.profile.purpose import CertificatePurpose
from jpki.world.sandbox import Sandbox


def rate(operation: Callable[[], object], seconds: float) -> float:
    operation()  # warm up
    count, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        operation()
        count += 1
    return count / (time.perf_counter() - started)


def measure(
    reader: Reader, number_b: str, issuer: x509.Certificate, seconds: float
) -> tuple[float, float]:
    def card_face() -> None:
        session = CardFaceSession(reader)
        session.open(FaceOpener.MATCHING_B, number_b)
        assert session.read(issuer).seal is SealStatus.VERIFIED

    def certificate() -> None:
        JpkiToken(reader).certificate(CertificatePurpose.AUTH)

    return rate(card_face, seconds), rate(certificate, seconds)


def counter_rate(seconds: float) -> tuple[float, float]:
    """Checks per second at `jpki up`'s counter, and the certificate read of the same card."""
    from services_world import world_up

    with world_up(2) as world:
        person = json.loads((world.directory / "residents.json").read_text())[0]
        image = Path(person["card"])
        face = decode_card_face(ImageStore.open(image).current().card_face_files[CARD_FACE_FILE])
        assert face.birth_date is not None
        number_b = matching_number_b(face.birth_date, face.expiry, person["security_code"])
        counter = world.urls["counter"]
        form = {"reader": person["id"], "number_b": number_b}
        with httpx.Client(base_url=counter, headers={"Origin": counter}, timeout=30) as client:

            def check() -> None:
                answer = client.post("/checks", data=form)
                assert answer.status_code == 303, answer.text[:300]

            ours = rate(check, seconds)
            last = client.get(answer_location(client, form))
            assert "Card confirmed" in last.text, last.text[:500]
        reader = InProcessReader(Card(ImageStore.open(image)))
        baseline = rate(lambda: JpkiToken(reader).certificate(CertificatePurpose.AUTH), seconds)
    return ours, baseline


def answer_location(client: httpx.Client, form: dict[str, str]) -> str:
    return client.post("/checks", data=form).headers["location"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--pcsc", action="store_true", help="also through pcscd + vpcd")
    parser.add_argument("--counter", action="store_true", help="also the counter of jpki up")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="jpki-face-bench-") as folder:
        world = Path(folder) / "world"
        Sandbox.init(world, 1, 5, ManualClock(START)).close()
        person = json.loads((world / "residents.json").read_text())[0]
        image = Path(person["card"])
        face = decode_card_face(ImageStore.open(image).current().card_face_files[CARD_FACE_FILE])
        assert face.birth_date is not None
        number_b = matching_number_b(face.birth_date, face.expiry, person["security_code"])
        issuer = x509.load_pem_x509_certificate(
            (world / "roots" / "card-info-issuer.pem").read_bytes()
        )
        print(
            f"card-face file: {len(ImageStore.open(image).current().card_face_files[CARD_FACE_FILE]):,} bytes"
        )
        ours, baseline = measure(
            InProcessReader(Card(ImageStore.open(image))), number_b, issuer, arguments.seconds
        )
        report(
            "card-face read + seal check vs JPKI AP certificate read, in-process",
            ours,
            baseline,
            "/s",
            "report",
        )
        if arguments.pcsc:
            with virtual_reader(image, Path(folder)) as reader:
                ours, baseline = measure(reader, number_b, issuer, arguments.seconds)
            report("same, through pcscd + vpcd", ours, baseline, "/s", "report")
        if arguments.counter:
            ours, baseline = counter_rate(arguments.seconds)
            report("counter checks, terminal to verdict (jpki up)", ours, baseline, "/s", "report")


if __name__ == "__main__":
    main()

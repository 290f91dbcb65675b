"""Staff-ID gate checks per second with the card's free-area applet, vs a JPKI PIN-less
authentication on the same card in the same run.

Ours, the gate's whole check (docs/apps/employer.md): SELECT the staff ID applet, SELECT and
READ its employee-number file, INTERNAL AUTHENTICATE over a fresh 16-byte challenge (ECDSA
P-256 on the card), and the signature verified with the key HR registered. Baseline: the
seeds' PIN-less JPKI authentication (seed 000, docs/card.md) of the same card: SELECT the JPKI
AP, the terminal's certificate (PSO VERIFY CERTIFICATE), GET CHALLENGE, EXTERNAL AUTHENTICATE,
the authentication key's PIN-less RSA-2048 signature over a digest, read the certificate and
verify the signature with it (no platform call, no revocation check: the card-level work only).
Both in-process on one card image.

    python benchmarks/applet_gate.py [--seconds 3]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa, utils
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    PublicFormat,
    load_pem_private_key,
)

from common import START, report
from jpki.apps.employer.service import EMPLOYEE_FILE, STAFF_ID_AID, judge, read_staff_id
from jpki.apps.kit.applets import AppletIssuer
from jpki.card.os import Card
from jpki.card.store import ImageStore
from jpki.client.applets import install
from jpki.client.readers import InProcessReader, Reader
from jpki.client.token import JpkiToken
from jpki.clock import ManualClock
from jpki.profile.apdu import JpkiFile
from jpki.profile.free_area import Manifest, Policy, card_binding
from jpki.profile.pinless import pinless_digest
from jpki.profile.purpose import CertificatePurpose
from jpki.world.sandbox import Sandbox


def rate(operation: Callable[[], object], seconds: float) -> float:
    operation()  # warm up
    count, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        operation()
        count += 1
    return count / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=3.0)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="jpki-gate-bench-") as folder:
        world = Path(folder) / "world"
        sandbox = Sandbox.init(world, 1, 5, ManualClock(START))
        issuer_folder = sandbox.make_install_issuer("employer", "Demo Corporation", STAFF_ID_AID)
        sandbox.close()
        person = json.loads((world / "residents.json").read_text())[0]
        store = ImageStore.open(Path(person["card"]))
        reader: Reader = InProcessReader(Card(store))
        binding = card_binding(store.current().files[JpkiFile.AUTH_CERTIFICATE])
        manifest = Manifest(STAFF_ID_AID, 1, binding, Policy.PINLESS_AUTHENTICATE,
                            ((EMPLOYEE_FILE, b"E000001"),))  # fmt: skip
        key = install(reader, AppletIssuer.load(issuer_folder).install_package(manifest))
        badge = (key.public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo), True)

        def gate() -> None:
            assert judge(read_staff_id(reader), badge).admitted

        terminal = world / "terminal"
        terminal_certificate = x509.load_pem_x509_certificate(
            (terminal / "terminal.pem").read_bytes()
        )
        terminal_key = load_pem_private_key((terminal / "terminal.key").read_bytes(), None)
        assert isinstance(terminal_key, rsa.RSAPrivateKey)
        digest = hashlib.sha256(b"gate challenge").digest()

        def pinless() -> None:
            token = JpkiToken(reader)
            token.authenticate_terminal(terminal_certificate, terminal_key)
            result = token.sign_digest_pinless(digest)
            public = token.certificate(CertificatePurpose.AUTH).public_key()
            assert isinstance(public, rsa.RSAPublicKey)
            public.verify(
                result.signature,
                pinless_digest(result.institution_code, digest),
                padding.PKCS1v15(),
                utils.Prehashed(hashes.SHA256()),
            )

        ours, baseline = rate(gate, arguments.seconds), rate(pinless, arguments.seconds)
        report(
            "staff-ID gate check (applet INTERNAL AUTHENTICATE, ECDSA P-256) vs JPKI PIN-less "
            "authentication (RSA-2048), same card, in-process",
            ours, baseline, "checks/s", "report",
        )  # fmt: skip
        started = time.perf_counter()
        gate()
        print(f"one gate check: {(time.perf_counter() - started) * 1000:.2f} ms")


if __name__ == "__main__":
    main()

"""A batch status check (現況確認) of 1,000,000 linked customers, vs reading the same rows.

The platform's database holds 1,000,000 customers of one SP, each linked to a holder whose
signing and authentication certificates are known; the revocation index holds a CRL in which 5%
of those certificates are revoked for assorted reasons. Ours: `Platform.status_check` in
requests of 10,000 references (the API's limit), each a report read with seed 002's table, with
its evidence record and fee count. Baseline: the database query alone that fetches the same
rows (reference, signing certificate, its card partner), in the same batches.

    python benchmarks/platform_status_batch.py [--customers 1000000]
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import tempfile
import time
from pathlib import Path

import numpy as np
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import Encoding
from sqlalchemy import insert

from common import START, report
from jpki.clock import ManualClock
from jpki.platform.service import Platform
from jpki.platform.settings import PlatformSettings
from jpki.platform.store.models import CustomerRow, KnownCertificateRow, LinkRow, PersonRow
from jpki.platform.tenants import Model
from jpki.profile.purpose import CertificatePurpose, root_name
from jpki.verifier.setup import build_verifier
from synthetic_crl import entries_der, random_serials, signed_crl

BATCH = 10_000
CHUNK = 50_000


def make_root(folder: Path) -> tuple[x509.Certificate, rsa.RSAPrivateKey]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = root_name(CertificatePurpose.SIGN, test=True)
    root = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(1)
        .not_valid_before(START - dt.timedelta(days=1)).not_valid_after(START + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
        .sign(key, hashes.SHA256())
    )  # fmt: skip
    (folder / "root.pem").write_bytes(root.public_bytes(Encoding.PEM))
    return root, key


def populate(platform: Platform, count: int, sign: np.ndarray, auth: np.ndarray) -> None:
    now = START
    with platform.database.transaction() as session:
        for start in range(0, count, CHUNK):
            stop = min(count, start + CHUNK)
            ids = range(start + 1, stop + 1)
            session.execute(insert(PersonRow), [{"id": i, "created_at": now} for i in ids])
            session.execute(
                insert(KnownCertificateRow),
                [
                    {"serial": int(sign[i - 1]), "purpose": "sign", "person_id": i,
                     "partner_serial": int(auth[i - 1]), "added_at": now}
                    for i in ids
                ]
                + [
                    {"serial": int(auth[i - 1]), "purpose": "auth", "person_id": i,
                     "partner_serial": int(sign[i - 1]), "added_at": now}
                    for i in ids
                ],
            )  # fmt: skip
            session.execute(
                insert(CustomerRow),
                [
                    {"id": i, "tenant_id": "insurer", "reference": f"c{i:08d}", "created_at": now}
                    for i in ids
                ],
            )
            session.execute(
                insert(LinkRow),
                [
                    {"tenant_id": "insurer", "customer_id": i, "person_id": i, "linked_at": now}
                    for i in ids
                ],
            )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument(
        "--postgres", action="store_true", help="on a private PostgreSQL cluster (not SQLite)"
    )
    args = parser.parse_args()
    count = args.customers
    with contextlib.ExitStack() as stack:
        database = None
        if args.postgres:
            from workers_logins import new_database, postgres_cluster

            database = new_database(stack.enter_context(postgres_cluster()), "status")
        run(count, database)


def run(count: int, database: str | None) -> None:
    with tempfile.TemporaryDirectory(prefix="jpki-status-") as folder:
        base = Path(folder)
        clock = ManualClock(START + dt.timedelta(hours=1))
        root, key = make_root(base)
        serials = random_serials(2 * count, 11)
        sign, auth = serials[:count], serials[count:]
        revoked = np.concatenate([sign[: count // 20], auth[count // 40 : count // 20]])
        crl = signed_crl(root, key, entries_der(revoked, START, 5), number=1, this_update=START,
                         next_update=START + dt.timedelta(days=2))  # fmt: skip
        (base / "sign.crl").write_bytes(crl)
        verifier = build_verifier(clock, [base / "root.pem"], crls=[base / "sign.crl"])
        platform = Platform.initialise(
            PlatformSettings(data_dir=base / "world", database_url=database),
            clock,
            verifier=verifier,
        )
        tenant, _ = platform.tenants.register(
            "insurer", "Insurer", Model.ITAKU, ["https://insurer.example"]
        )
        started = time.perf_counter()
        populate(platform, count, sign, auth)
        print(f"{count:,} customers stored: {time.perf_counter() - started:.1f} s")
        references = [f"c{i:08d}" for i in range(1, count + 1)]
        batches = [references[i : i + BATCH] for i in range(0, count, BATCH)]

        started = time.perf_counter()
        for batch in batches:
            with platform.database.transaction() as session:
                platform.linkage.current_signing(session, tenant, batch)
        baseline = time.perf_counter() - started

        started = time.perf_counter()
        summary: dict[str, int] = {}
        for batch in batches:
            outcome = platform.status_check(tenant, references=batch)
            for situation, n in outcome.result.summary.items():
                summary[str(situation)] = summary.get(str(situation), 0) + n
        ours = time.perf_counter() - started
        print({k: v for k, v in summary.items() if v})
        report(
            f"batch status check of {count:,} customers ({'PostgreSQL' if database else 'SQLite'})",
            ours,
            baseline,
            "s",
            "report (lower is better)",
        )
        platform.close()


if __name__ == "__main__":
    main()

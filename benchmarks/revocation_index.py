"""The revocation index at national scale: 20,000,000 revoked serials in CRL shards.

Figures, each beside a baseline measured in the same run:
- build time: our index loaded from the shards (signature checked, entries decoded, table
  built; with --workers processes) vs cryptography's `load_der_x509_crl` plus a signature check
  and iteration reading each entry's serial and revocation date (what any index needs);
- memory per entry: the index's arrays (target <= 24 bytes), and the process's resident growth;
- lookup time: random lookups, half hits, vs a Python dict of 1,000,000 serials.

    python benchmarks/revocation_index.py [--entries 20000000] [--shards 20] [--workers 2]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import tempfile
import time
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from common import START, report
from jpki.clock import ManualClock
from jpki.profile.purpose import CertificatePurpose, root_name
from jpki.verifier.anchors import TrustAnchors
from jpki.verifier.revocation.index import RevocationIndex
from synthetic_crl import entries_der, random_serials, signed_crl


def resident_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def write_shards(
    directory: Path, entries: int, shards: int
) -> tuple[x509.Certificate, list[Path], list[tuple[int, int]]]:
    """Signed CRL shards of a JPKI-named root, and a sample of (shard, revoked serial)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = root_name(CertificatePurpose.AUTH, test=True)
    root = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(1)
        .not_valid_before(START - dt.timedelta(days=1))
        .not_valid_after(START + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
        .sign(key, hashes.SHA256())
    )  # fmt: skip
    paths, sample = [], []
    per_shard = -(-entries // shards)
    for shard in range(shards):
        count = min(per_shard, entries - shard * per_shard)
        serials = random_serials(count, seed=100 + shard)
        sample += [(shard, int(s)) for s in serials[:: max(1, count // 50_000)]]
        scope = x509.Name([*name, x509.NameAttribute(NameOID.COMMON_NAME, f"CRL{shard:05d}")])
        der = signed_crl(
            root, key, entries_der(serials, START, shard), number=1,
            this_update=START, next_update=START + dt.timedelta(days=2), scope=scope,
        )  # fmt: skip
        path = directory / f"auth-s{shard}.crl"
        path.write_bytes(der)
        paths.append(path)
    return root, paths, sample


def baseline_build(root: x509.Certificate, paths: list[Path]) -> float:
    public_key = root.public_key()
    started = time.perf_counter()
    for path in paths:
        crl = x509.load_der_x509_crl(path.read_bytes())
        assert crl.is_signature_valid(public_key)  # type: ignore[arg-type]
        for revoked in crl:
            revoked.serial_number  # noqa: B018
            revoked.revocation_date_utc  # noqa: B018
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=20_000_000)
    parser.add_argument("--shards", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--lookups", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="jpki-index-") as folder:
        started = time.perf_counter()
        root, paths, sample = write_shards(Path(folder), args.entries, args.shards)
        print(
            f"{args.entries:,} entries in {args.shards} signed shards: {time.perf_counter() - started:.1f} s"
        )
        anchors = TrustAnchors([root])
        before = resident_bytes()
        index = RevocationIndex(anchors, ManualClock(START))
        started = time.perf_counter()
        index.add_crls(paths, workers=args.workers)
        ours = time.perf_counter() - started
        grown = resident_bytes() - before
        assert index.entry_count == args.entries
        single = RevocationIndex(anchors, ManualClock(START))
        started = time.perf_counter()
        single.add_crls(paths[:2], workers=1)
        one_worker = (time.perf_counter() - started) / 2 * args.shards
        del single
        baseline = baseline_build(root, paths)
        report(
            f"index build, {args.workers} workers", ours, baseline, "s", "report (lower is better)"
        )
        report(
            "index build, 1 process (extrapolated from 2 shards)",
            one_worker,
            baseline,
            "s",
            "report",
        )
        print(f"memory: index arrays {index.nbytes / args.entries:.1f} bytes/entry (target <= 24),"
              f" resident growth {grown / args.entries:.1f} bytes/entry")  # fmt: skip
        measure_lookups(index, sample, args.lookups)


def measure_lookups(index: RevocationIndex, sample: list[tuple[int, int]], count: int) -> None:
    """Lookups in the shard a certificate names (as the index does), half hits, half misses."""
    tables = index.tables()
    rng = random.Random(9)
    probes = []
    for number in range(count):
        shard, serial = rng.choice(sample)
        probes.append((tables[shard], serial if number % 2 else rng.getrandbits(63)))
    started = time.perf_counter()
    found = sum(table.get(serial) is not None for table, serial in probes)
    ours = (time.perf_counter() - started) / count * 1e9
    assert found >= count // 2
    plain = {serial: (1_700_000_000, 4) for _, serial in sample[:1_000_000]}
    plain_probes = [(plain, serial) for _, serial in probes]
    started = time.perf_counter()
    sum(table.get(serial) is not None for table, serial in plain_probes)
    baseline = (time.perf_counter() - started) / count * 1e9
    report(
        "lookup", ours, baseline, "ns", "report (vs a Python dict, which needs ~100+ bytes/entry)"
    )


if __name__ == "__main__":
    main()

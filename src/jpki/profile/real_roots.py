"""The real J-LIS root certificates: the bundled files, and every generation J-LIS has issued.

They are public: every verifier of real My Number card certificates needs them as trust
anchors, and tests use them to show the profile code reads certificates our CA did not make.
`jpki verify ... --trust jlis` loads the bundled ones.

J-LIS has three key generations per purpose, all under one name per purpose (JPKI.md §3, §7):
2015 and 2023 are bundled; the 2019 generation (authca02, signca02) is not, because its files
could not be obtained here. `JLIS_GENERATIONS` lists all three with what is known of each, so
that a verifier shown a certificate issued under a generation it does not hold can name that
generation and say how to add it, rather than answering a bare "untrusted".
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from jpki.profile.purpose import CertificatePurpose

JLIS_ROOTS_DIR = Path(__file__).with_name("jlis_roots")
"""Folder of the bundled PEM files: `{auth,sign}_ca_{2015,2023}.pem`."""


def real_root_paths() -> list[Path]:
    return sorted(JLIS_ROOTS_DIR.glob("*.pem"))


@dataclasses.dataclass(frozen=True)
class JlisGeneration:
    """One key generation of a J-LIS production root, as far as it is publicly known."""

    purpose: CertificatePurpose
    year: int
    serial: int
    not_before: dt.date
    not_after: dt.date
    label: str | None = None
    """J-LIS's own name for the root, where known (`signca02`)."""
    sha256: str | None = None
    """SHA-256 fingerprint of the root certificate (hex), where known."""
    bundled: str | None = None
    """The file in `jlis_roots/` holding it, or None if it is not bundled."""

    def describe(self) -> str:
        """E.g. `J-LIS signing root, 2019 generation (signca02, serial 0132C4AB, SHA-256 ...,
        valid 2019-09-14..2029-09-14)`."""
        known = [self.label] if self.label else []
        digits = f"{self.serial:X}"
        known.append(f"serial {digits.zfill(len(digits) + len(digits) % 2)}")
        if self.sha256:
            known.append(f"SHA-256 {self.sha256}")
        known.append(f"valid {self.not_before.isoformat()}..{self.not_after.isoformat()}")
        return f"J-LIS {self.purpose.label_en} root, {self.year} generation ({', '.join(known)})"

    def describe_ja(self) -> str:
        return f"J-LISの{self.purpose.label_ja}ルート証明書({self.year}年世代)"


AUTH, SIGN = CertificatePurpose.AUTH, CertificatePurpose.SIGN
JLIS_GENERATIONS: tuple[JlisGeneration, ...] = (
    JlisGeneration(AUTH, 2015, 0x01, dt.date(2015, 10, 20), dt.date(2025, 10, 19),
                   sha256="4dcfc4ca0aaf9fb2a3081b3f0c991c320b3acc008667a341eeaec5af1d58ca7d",
                   bundled="auth_ca_2015.pem"),
    JlisGeneration(SIGN, 2015, 0x01, dt.date(2015, 10, 20), dt.date(2025, 10, 19),
                   sha256="19645405a1fe14377434bd55957628ac4038557c542403a2243f21c706fc9355",
                   bundled="sign_ca_2015.pem"),
    JlisGeneration(AUTH, 2019, 0x0133C349, dt.date(2019, 9, 14), dt.date(2029, 9, 14),
                   label="authca02"),
    JlisGeneration(SIGN, 2019, 0x0132C4AB, dt.date(2019, 9, 14), dt.date(2029, 9, 14),
                   label="signca02",
                   sha256="79679c33e4cc9319440f1ad120a597ff1844e2ef217063adb176966fd5e6fbeb"),
    JlisGeneration(AUTH, 2023, 0x06D18006, dt.date(2023, 7, 16), dt.date(2033, 7, 15),
                   sha256="64114f29620c24ed2631d46476a040e7ee740d956089c00b036a6a8118c322b5",
                   bundled="auth_ca_2023.pem"),
    JlisGeneration(SIGN, 2023, 0x067C6A21, dt.date(2023, 7, 16), dt.date(2033, 7, 15),
                   sha256="d227f6cde11d35c5252178f106f843d24651944975413b539fa2fb68dbfa365f",
                   bundled="sign_ca_2023.pem"),
)  # fmt: skip
"""Every production root generation (JPKI.md §7: serials, periods, the one 2019 fingerprint
given; the bundled ones' fingerprints are their files')."""


def generation_in_use(purpose: CertificatePurpose, issued: dt.date) -> JlisGeneration | None:
    """The generation J-LIS issued `purpose` certificates from on `issued`: the newest one
    that had started by then (J-LIS issues from its newest key), or None before 2015."""
    started = [g for g in JLIS_GENERATIONS if g.purpose is purpose and g.not_before <= issued]
    return max(started, key=lambda g: g.not_before, default=None)


def generation_by_serial(purpose: CertificatePurpose, serial: int) -> JlisGeneration | None:
    """The generation of `purpose` whose root certificate has `serial`, if any."""
    return next((g for g in JLIS_GENERATIONS if g.purpose is purpose and g.serial == serial), None)


__all__ = [
    "JLIS_GENERATIONS",
    "JLIS_ROOTS_DIR",
    "JlisGeneration",
    "generation_by_serial",
    "generation_in_use",
    "real_root_paths",
]

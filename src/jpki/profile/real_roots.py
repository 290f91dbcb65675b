"""The real J-LIS root certificates (two purposes, generations of 2015 and 2023), bundled.

They are public: every verifier of real My Number card certificates needs them as trust
anchors, and tests use them to show the profile code reads certificates our CA did not make.
`jpki verify ... --trust jlis` loads them.
"""

from __future__ import annotations

from pathlib import Path

JLIS_ROOTS_DIR = Path(__file__).with_name("jlis_roots")
"""Folder of the bundled PEM files: `{auth,sign}_ca_{2015,2023}.pem`."""


def real_root_paths() -> list[Path]:
    return sorted(JLIS_ROOTS_DIR.glob("*.pem"))


__all__ = ["JLIS_ROOTS_DIR", "real_root_paths"]

"""The HPKI tests' world (tests/hpki/helpers.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from jpki.authority.service import Authority
from jpki.clock import ManualClock
from tests.hpki.helpers import HpkiWorld, make_hpki_world


@pytest.fixture
def hpki_world(authority: Authority, clock: ManualClock, tmp_path: Path) -> HpkiWorld:
    return make_hpki_world(authority, clock, tmp_path)

"""A time-stamping authority for the platform tests (keys made once per session)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from jpki.clock import ManualClock
from jpki.platform.tsa import TimestampAuthority, TsaKeys
from tests.holders import START


@pytest.fixture(scope="session")
def tsa_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("tsa")
    TsaKeys.create(folder, START - dt.timedelta(days=1))
    return folder


@pytest.fixture
def tsa(tsa_folder: Path, clock: ManualClock) -> TimestampAuthority:
    return TimestampAuthority(TsaKeys.load(tsa_folder), clock)

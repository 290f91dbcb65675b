"""Data at rest is its owner's alone: every file and folder a world creates is 0600 / 0700 from
its creation, whatever the caller's umask (databases hold My Numbers and the 4 information,
key folders hold private keys; issue 25 item 7)."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from jpki.clock import ManualClock
from jpki.files import atomic_write, private_file, private_folder
from jpki.storage import make_engine, sqlite_url
from jpki.world.idp import open_idp
from jpki.world.numbering import open_numbering, open_portal
from jpki.world.platform import open_platform
from jpki.world.sandbox import Sandbox
from tests.at_rest import readable_by_others, umask
from tests.holders import START


def test_a_world_is_private_under_a_permissive_umask(tmp_path: Path) -> None:
    """The library (not only the CLI's umask) creates everything private: a sandbox, its
    platform, IdP, numbering network and portal opened by a process whose umask is 022."""
    directory = tmp_path / "world"
    with umask(0o022):
        sandbox = Sandbox.init(directory, 2, 0, ManualClock(START))
        platform = open_platform(sandbox, "http://127.0.0.1:1")
        idp = open_idp(sandbox, platform, "http://127.0.0.3:1", "http://127.0.0.4:1")
        network = open_numbering(sandbox)
        open_portal(sandbox, network, "http://127.0.0.6:1")
        for party in (network, idp, platform, sandbox):
            party.close()
    assert len(list(directory.rglob("*.db"))) >= 3
    assert readable_by_others(directory) == []


def test_sqlite_wal_and_shm_take_the_database_mode(tmp_path: Path) -> None:
    with umask(0o022):
        engine = make_engine(sqlite_url(tmp_path / "deep" / "er" / "x.db"))
        with engine.begin() as connection:
            connection.exec_driver_sql("CREATE TABLE t (x)")
            connection.exec_driver_sql("INSERT INTO t VALUES (1)")
            names = sorted(p.name for p in (tmp_path / "deep" / "er").iterdir())
            assert names == ["x.db", "x.db-shm", "x.db-wal"]
            assert readable_by_others(tmp_path / "deep") == []
        engine.dispose()


def test_an_old_world_is_narrowed_when_opened(tmp_path: Path) -> None:
    """A database a former version left 0644 is 0600 once opened again."""
    database = tmp_path / "old.db"
    database.write_bytes(b"")
    database.chmod(0o644)
    make_engine(sqlite_url(database)).dispose()
    assert stat.S_IMODE(database.stat().st_mode) == 0o600


@pytest.mark.parametrize("mask", [0o000, 0o022])
def test_files_and_folders_are_private_from_creation(tmp_path: Path, mask: int) -> None:
    with umask(mask):
        atomic_write(tmp_path / "a" / "b" / "file", b"x")
        private_file(tmp_path / "c" / "empty")
        private_folder(tmp_path / "d" / "e")
    assert readable_by_others(tmp_path)[1:] == []  # tmp_path itself is pytest's

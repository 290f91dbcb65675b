"""One world per data folder: `jpki up` holds an exclusive lock on its folder while it serves.

Two `jpki up` on one folder used to come up side by side on other ports and re-register every
service's origin at the platform, so the first one's services failed until it was restarted.
The lock is `flock(2)` on `<data>/up.lock`: the kernel drops it when the holder exits however
it ends (kill -9 included), so a stale file never blocks a start. The file says who holds it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
from collections.abc import Iterator
from pathlib import Path

from jpki.clock import JST
from jpki.files import private_folder
from jpki.profile.errors import JpkiError

LOCK_FILE = "up.lock"


class WorldBusy(JpkiError):
    """Another `jpki up` serves this data folder."""


@contextlib.contextmanager
def holding(data_dir: Path) -> Iterator[None]:
    """The data folder's lock for as long as the block runs; `WorldBusy` naming the holder
    when another process has it."""
    private_folder(data_dir)
    path = data_dir / LOCK_FILE
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise WorldBusy(_busy_message(data_dir, path)) from None
        holder = {"pid": os.getpid(), "since": dt.datetime.now(JST).isoformat(timespec="seconds")}
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, json.dumps(holder).encode(), 0)
        yield
    finally:
        os.close(descriptor)  # releases the lock


def _busy_message(data_dir: Path, path: Path) -> str:
    try:
        holder = json.loads(path.read_text() or "{}")
    except (OSError, ValueError):
        holder = {}
    who = f"process {holder.get('pid', '?')}, up since {holder.get('since', '?')} JST"
    return (
        f"the world in {data_dir} is already up ({who}); stop it first, or give another "
        f"folder with --data / このデータフォルダの世界は起動中です ({who})。停止するか --data で"
        "別のフォルダを指定してください"
    )


__all__ = ["LOCK_FILE", "WorldBusy", "holding"]

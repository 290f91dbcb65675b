"""Running the `jpki` command as the user does (a subprocess) and checking its one-line errors."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tests.e2e.processes import JPKI


def run(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*JPKI, *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env={**os.environ, "COLUMNS": "300", **(env or {})},
    )


def assert_one_error_line(result: subprocess.CompletedProcess[str], *fragments: str) -> None:
    """Exit 1, no traceback, and stderr is one line `error: ...` holding every fragment."""
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: "), lines[0]
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


__all__ = ["assert_one_error_line", "run"]

"""The parties talk through protocols, not imports (shared/DESIGN.md), checked by import-linter."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_hold():
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint_imports)], cwd=ROOT, check=False, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


SPELLED_ONCE = {
    "urn:jpki:acr": "src/jpki/protocol/levels.py",
    '.crl"': "src/jpki/protocol/published.py",
    "/wallet/v1": "src/jpki/protocol/wallet.py",
    "same_device=1": "src/jpki/protocol/wallet.py",
}
"""Protocol values that one module of `jpki.protocol` defines and every party imports."""


def test_protocol_values_are_spelled_in_one_place():
    for value, home in SPELLED_ONCE.items():
        spelled = sorted(
            str(path.relative_to(ROOT))
            for path in (ROOT / "src").rglob("*")
            if path.suffix in {".py", ".html"} and value in path.read_text(encoding="utf-8")
        )
        assert spelled == [home], f"{value!r} is spelled outside {home}: {spelled}"

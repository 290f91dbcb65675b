"""The README's signing walk as a newcomer types it (issue 20): the sample files shipped in
examples/, every PIN from the sandbox's `--pin-file`, nothing prompted (stdin closed), and the
verdicts valid."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.e2e.processes import jpki

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _jpki(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return jpki(*args, check=False)


def test_the_readme_signing_walk_runs_from_pin_files_without_a_prompt(tmp_path):
    world = tmp_path / "world"
    assert _jpki("sandbox", "init", world, "--residents", "3", "--seed", "1").returncode == 0
    residents = json.loads((world / "residents.json").read_text())
    first = residents[0]
    assert Path(first["sign_password_file"]).read_text() == first["sign_password"]
    assert Path(first["auth_pin_file"]).read_text() == first["auth_pin"]
    assert Path(first["auth_pin_file"]).stat().st_mode & 0o777 == 0o600
    card, password = world / "cards" / "R000001.card", world / "pins" / "R000001-sign.txt"
    signed = _jpki(
        "client", "sign", EXAMPLES / "contract.txt", "--out", tmp_path / "contract.p7s",
        "--reader", card, "--pin-file", password,
    )  # fmt: skip
    assert signed.returncode == 0, signed.stderr
    judged = _jpki(
        "verify", "cms", tmp_path / "contract.p7s", "--content", EXAMPLES / "contract.txt",
        "--trust", world / "roots", "--crl", world / "crl" / "sign.crl",
    )  # fmt: skip
    assert judged.returncode == 0, judged.stdout + judged.stderr
    pdf = _jpki(
        "client", "sign", EXAMPLES / "loan.pdf", "--pdf", "--out", tmp_path / "loan-signed.pdf",
        "--reader", card, "--pin-file", password,
    )  # fmt: skip
    assert pdf.returncode == 0, pdf.stderr
    judged = _jpki(
        "verify", "pdf", tmp_path / "loan-signed.pdf", "--trust", world / "roots",
        "--crl", world / "crl" / "sign.crl",
    )  # fmt: skip
    assert judged.returncode == 0, judged.stdout + judged.stderr


def test_a_resident_without_a_signing_certificate_gets_no_password_file(tmp_path):
    world = tmp_path / "world"
    assert _jpki("sandbox", "init", world, "--residents", "20", "--seed", "0").returncode == 0
    for resident in json.loads((world / "residents.json").read_text()):
        assert bool(resident["sign_password_file"]) == bool(resident["sign"]), resident["id"]
        assert resident["auth_pin_file"]

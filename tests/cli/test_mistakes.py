"""Ordinary mistakes at the `jpki` command: one line `error: ...` saying what to do, exit 1.

A newcomer's first mistakes (a file that is not there, an empty PIN file, a data folder that
cannot be made, a certificate file holding something else) must never end in a traceback.
Each case runs the real command in a subprocess, as the user would.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.cli.commands import assert_one_error_line, run
from tests.e2e.processes import jpki


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A sandbox with one resident: a real card image and its roots."""
    directory = tmp_path_factory.mktemp("world") / "w"
    jpki("sandbox", "init", directory, "--residents", "1")
    return directory


@pytest.fixture
def files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with a text file `afile`, a non-certificate `garbage.pem`, an empty PIN file."""
    (tmp_path / "afile").write_text("a document\n")
    (tmp_path / "garbage.pem").write_text("garbage\n")
    (tmp_path / "empty.pin").write_text("")
    (tmp_path / "afile.card").write_text("not a card\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def card(world: Path) -> Path:
    return world / "cards" / "R000001.card"


MISSING_INPUTS = [
    ("the document to sign", ["client", "sign", "missing.pdf", "--out", "o.p7s", "--reader"]),
    ("the certificate", ["verify", "cert", "missing.pem", "--trust", "ROOTS"]),
    ("the signature", ["verify", "cms", "missing.p7s", "--trust", "ROOTS"]),
    ("the PDF", ["verify", "pdf", "missing.pdf", "--trust", "ROOTS"]),
    ("the certificate", ["profile", "describe", "missing.pem"]),
    ("the PIN file", ["authority", "pin-reset", "WORLD", "R000001", "--new-pin-file", "missing"]),
    ("the TSA root", ["platform", "evidence", "verify", "log.jsonl", "--tsa-root", "missing"]),
]


@pytest.mark.parametrize(("what", "arguments"), MISSING_INPUTS)
def test_a_missing_input_file_is_named(
    world: Path, files: Path, what: str, arguments: list[str]
) -> None:
    resolved = [{"WORLD": str(world), "ROOTS": str(world / "roots")}.get(a, a) for a in arguments]
    if resolved[-1] == "--reader":
        resolved.append(str(card(world)))
    assert_one_error_line(run(*resolved), f"error: {what} ", "missing", "check the path")


@pytest.mark.parametrize(
    "arguments",
    [
        ["client", "sign", "afile", "--out", "o.p7s"],
        ["client", "pin", "change", "--purpose", "auth"],
    ],
)
def test_a_missing_pin_file_is_named(world: Path, files: Path, arguments: list[str]) -> None:
    result = run(*arguments, "--reader", card(world), "--pin-file", "missing.pin")
    assert_one_error_line(result, "the PIN file missing.pin", "check the path")


def test_an_empty_pin_file_says_where_the_pin_goes(world: Path, files: Path) -> None:
    result = run(
        "client", "sign", "afile", "--out", "o.p7s", "--reader", card(world),
        "--pin-file", "empty.pin",
    )  # fmt: skip
    assert_one_error_line(result, "the PIN file empty.pin is empty", "first line")


def test_a_missing_terminal_folder_is_named(world: Path, files: Path) -> None:
    result = run("client", "auth", "--challenge", "00", "--reader", card(world),
                 "--terminal", "missing")  # fmt: skip
    assert_one_error_line(result, "the terminal key missing/terminal.key", "check the path")


@pytest.mark.parametrize(
    ("what", "arguments"),
    [
        ("the card issuer certificate", ["client", "card-info", "--issuer", "garbage.pem",
                                         "--pin-file", "empty.pin", "--reader", "CARD"]),
        ("the TSA root", ["platform", "evidence", "verify", "afile", "--tsa-root", "garbage.pem"]),
    ],
)  # fmt: skip
def test_a_file_that_is_not_a_certificate_is_named(
    world: Path, files: Path, what: str, arguments: list[str]
) -> None:
    resolved = [str(card(world)) if a == "CARD" else a for a in arguments]
    assert_one_error_line(run(*resolved), f"error: {what} garbage.pem is not a")


@pytest.mark.parametrize(
    "arguments",
    [
        ["sandbox", "init", "afile/w", "--residents", "1"],
        ["authority", "init", "--data", "afile/w"],
        ["platform", "init", "--data", "afile/w"],
        ["platform", "tsa", "init", "--data", "afile/w"],
        ["idp", "init", "--data", "afile/w", "--issuer", "http://a", "--wallet-url", "http://b"],
    ],
)
def test_a_data_folder_that_cannot_be_made_is_named(files: Path, arguments: list[str]) -> None:
    """A data folder under a file (as a read-only one would for root, who may write anywhere)."""
    assert_one_error_line(run(*arguments), "error: afile/w", "not a folder")


def test_an_output_that_cannot_be_written_is_named(world: Path, files: Path) -> None:
    """The signature is made (right password), then cannot be saved: say where and why."""
    resident = json.loads((world / "residents.json").read_text())[0]
    (files / "sign.pin").write_text(resident["sign_password"] + "\n")
    result = run("client", "sign", "afile", "--out", "afile/o.p7s", "--reader", card(world),
                 "--pin-file", "sign.pin")  # fmt: skip
    assert_one_error_line(result, "error: afile/o.p7s", "not a folder")


def test_markup_in_an_error_is_printed_as_written(world: Path, files: Path) -> None:
    """Without pyscard the advice keeps its `[pcsc]` (Rich took it for a markup tag)."""
    shadow = files / "no-pyscard"
    (shadow / "smartcard").mkdir(parents=True)
    (shadow / "smartcard" / "__init__.py").write_text("raise ImportError('no pyscard')\n")
    path = os.pathsep.join([str(shadow), os.environ.get("PYTHONPATH", "")])
    result = run("client", "certs", "--reader", "Virtual PCD", env={"PYTHONPATH": path})
    assert_one_error_line(result, "pip install 'jpki[pcsc]'")


def test_brackets_in_a_path_are_printed_as_written(files: Path) -> None:
    """What the user typed comes back whole: Rich would take `[bold]` in a path for a tag."""
    result = run("sandbox", "init", "w[bold]", "--residents", "0")
    assert result.returncode == 0, result.stderr
    assert "w[bold]" in result.stdout


def test_the_help_lists_the_sandbox_life_events() -> None:
    """`jpki authority event --help` spells the events out (to start fast): the same ones."""
    from jpki.cli.authority import LIFE_EVENTS
    from jpki.world.sandbox import EVENT_NAMES

    assert LIFE_EVENTS == EVENT_NAMES


@pytest.mark.parametrize("command", [["client", "pin", "status"], ["client", "certs"]])
def test_a_card_image_that_is_not_there_says_where_cards_are(files: Path, command: list[str]):
    result = run(*command, "--reader", files / "R000099.card")
    assert_one_error_line(result, "R000099.card", "DATA/cards/<id>.card", "jpki sandbox init")


def test_a_file_that_is_not_a_card_image_is_named(files: Path) -> None:
    assert_one_error_line(
        run("client", "pin", "status", "--reader", files / "afile.card"), "afile.card"
    )

"""What every command shares: the clock (moved by `--now`), the console, error reporting."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.text import Text

from jpki.clock import Clock, ManualClock, SystemClock
from jpki.profile.errors import JpkiError

if TYPE_CHECKING:
    from cryptography import x509

console = Console(markup=False)
errors = Console(stderr=True, markup=False)
"""Markup is off: what the commands print holds the user's paths, names and messages, whose
brackets (`out[1]`, `jpki[pcsc]`) Rich would take for tags and eat. Styles go in as `Text`."""


class _State:
    clock: Clock = SystemClock()


state = _State()


def set_now(now: str | None) -> None:
    """`--now 2031-05-18T00:00:00+09:00` freezes the clock (demos, reproducible scripts)."""
    if now is None:
        return
    try:
        instant = dt.datetime.fromisoformat(now)
    except ValueError:
        raise typer.BadParameter(f"not an ISO 8601 date-time: {now}") from None
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=dt.timezone(dt.timedelta(hours=9)))
    state.clock = ManualClock(instant)


class InputError(JpkiError):
    """A file the user named cannot serve: missing, unreadable, empty or not what it should be."""


_ADVICE = {
    FileNotFoundError: "check the path / パスを確認してください",
    PermissionError: "fix its permissions or choose another path / 権限を確認するか別の場所を指定してください",
    IsADirectoryError: "give a file, not a folder / フォルダではなくファイルを指定してください",
    NotADirectoryError: "a part of the path is a file, not a folder / パスの途中がファイルです",
}


def _os_problem(exc: OSError) -> str:
    """`path: what went wrong: what to do` for a file system refusal."""
    advice = next((text for kind, text in _ADVICE.items() if isinstance(exc, kind)), None)
    where = f"{exc.filename}: " if exc.filename is not None else ""
    return f"{where}{(exc.strerror or str(exc)).lower()}" + (f": {advice}" if advice else "")


@contextlib.contextmanager
def reported() -> Iterator[None]:
    """Turn jpki's refusals and the file system's into one red line `error: ...`, exit status 1."""
    try:
        yield
    except JpkiError as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(_os_problem(exc))


def _fail(message: str) -> None:
    errors.print(Text.assemble(("error:", "red"), f" {message}"), highlight=False, soft_wrap=True)
    raise typer.Exit(1) from None


def read_input(path: Path, what: str) -> bytes:
    """The bytes of a file the user named, or an `InputError` that says which and why."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"{what} {_os_problem(exc)}") from None


def read_certificate(path: Path, what: str) -> x509.Certificate:
    """A certificate file, PEM or DER, or an `InputError` naming it."""
    from cryptography import x509

    data = read_input(path, what)
    try:
        if data.lstrip().startswith(b"-----"):
            return x509.load_pem_x509_certificate(data)
        return x509.load_der_x509_certificate(data)
    except ValueError:
        raise InputError(
            f"{what} {path} is not a certificate (PEM or DER): give a certificate file"
        ) from None


def read_secret(
    prompt: str,
    file: Path | None = None,
    *,
    environment: str | None = None,
    confirm: bool = False,
) -> str:
    """A PIN from `file` (first line), then the environment variable, then a prompt without echo."""
    if file is not None:
        lines = read_input(file, "the PIN file").decode("utf-8", errors="replace").splitlines()
        if not lines or not lines[0]:
            raise InputError(f"the PIN file {file} is empty: put the PIN on its first line")
        return lines[0]
    if environment and os.environ.get(environment):
        return os.environ[environment]
    return str(typer.prompt(prompt, hide_input=True, confirmation_prompt=confirm))


def emit_json(payload: Any) -> None:
    console.print_json(json.dumps(payload, ensure_ascii=False, default=str))


ServePortOption = Annotated[
    int, typer.Option(help="0 = any free port; with --workers, the first of N ports.")
]
"""`--port` of the `serve` commands."""
WorkersOption = Annotated[
    int,
    typer.Option(min=1, max=64, help="Worker processes, each on its own port (docs/deploy.md)."),
]
"""`--workers N` of the `serve` commands (docs/deploy.md)."""

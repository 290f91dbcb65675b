"""What every command shares: the clock (moved by `--now`), the console, error reporting."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import typer
from rich.console import Console

from jpki.clock import Clock, ManualClock, SystemClock
from jpki.profile.errors import JpkiError

console = Console()
errors = Console(stderr=True)


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


@contextlib.contextmanager
def reported() -> Iterator[None]:
    """Turn jpki's refusals into a red one-line message and exit status 1."""
    try:
        yield
    except JpkiError as exc:
        errors.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from None


def read_secret(
    prompt: str,
    file: Path | None = None,
    *,
    environment: str | None = None,
    confirm: bool = False,
) -> str:
    """A PIN from `file` (first line), then the environment variable, then a prompt without echo."""
    if file is not None:
        return file.read_text().splitlines()[0]
    if environment and os.environ.get(environment):
        return os.environ[environment]
    return str(typer.prompt(prompt, hide_input=True, confirmation_prompt=confirm))


def emit_json(payload: Any) -> None:
    console.print_json(json.dumps(payload, ensure_ascii=False, default=str))

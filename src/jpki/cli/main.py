"""The `jpki` command."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.text import Text

from jpki.cli import authority, card, client, hpki, idp, mynumber, platform, verify
from jpki.cli.context import console, emit_json, read_certificate, reported, set_now, state
from jpki.stopping import interruptible

if TYPE_CHECKING:
    from jpki.world.sandbox import Sandbox

# Commands import the heavy libraries (FastAPI, SQLAlchemy, pyHanko, the parties) inside
# their bodies: `jpki --help` and the light commands then start in a fraction of a second.

app = typer.Typer(
    help="jpki: Japan's public identity infrastructure (公的個人認証サービス) in Python.",
    no_args_is_help=True,
)
sandbox_app = typer.Typer(help="Self-contained test worlds (サンドボックス).", no_args_is_help=True)
profile_app = typer.Typer(help="The JPKI profile: read certificates.", no_args_is_help=True)
app.add_typer(authority.app, name="authority")
app.add_typer(card.app, name="card")
app.add_typer(client.app, name="client")
app.add_typer(verify.app, name="verify")
app.add_typer(platform.app, name="platform")
app.add_typer(idp.app, name="idp")
app.add_typer(mynumber.app, name="mynumber")
app.add_typer(hpki.app, name="hpki")
app.add_typer(sandbox_app, name="sandbox")
app.add_typer(profile_app, name="profile")


@app.callback()
def main(
    now: Annotated[
        str | None, typer.Option(help="Freeze the clock at this ISO 8601 time (JST if no zone).")
    ] = None,
) -> None:
    # Whatever a command writes is its user's alone (databases with My Numbers and the 4
    # information, keys): the library creates its files 0600 and folders 0700 explicitly, and
    # the umask covers what any library it calls creates (a caller's 022 would leave them 0644).
    os.umask(0o077)
    set_now(now)


def _progress_init(directory: Path, residents: int, seed: int, **options: object) -> Sandbox:
    from rich.progress import Progress

    from jpki.world.sandbox import Sandbox

    with Progress(console=console, transient=True) as progress:
        task = progress.add_task("issuing cards / カード発行", total=residents)
        return Sandbox.init(
            directory,
            residents,
            seed,
            state.clock,
            progress=lambda done: progress.update(task, completed=done),
            **options,  # type: ignore[arg-type]
        )


@sandbox_app.command("init")
def sandbox_init(
    directory: Annotated[Path, typer.Argument(help="Folder to create the world in.")],
    residents: Annotated[int, typer.Option(min=0, help="Residents with active cards.")] = 10,
    seed: Annotated[int, typer.Option(help="Seed of the demo population.")] = 0,
    seeds_improvements: Annotated[
        bool, typer.Option(help="Seed 002 STEP 1/2: revocation detail and latest 4 info.")
    ] = False,
    db: Annotated[str | None, typer.Option(help="SQLAlchemy URL (default: SQLite).")] = None,
) -> None:
    """Create a sandbox: authority, roots, CRLs, residents with certificates, residents.json."""
    with reported():
        sandbox = _progress_init(
            directory, residents, seed, seeds_improvements=seeds_improvements, database_url=db
        )
        sandbox.close()
    console.print(f"sandbox with {residents} residents in {directory}")
    console.print(f"  roots      {directory / 'roots'}")
    console.print(f"  CRLs       {directory / 'crl'}")
    console.print(f"  residents  {directory / 'residents.json'}")


@profile_app.command("describe")
def describe(
    certificate: Annotated[Path, typer.Argument(help="PEM or DER certificate.")],
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Decode what the JPKI profile puts in a certificate (purpose, id, 4 information)."""
    from jpki.profile.certificate import describe_certificate
    from jpki.protocol.four_info import FourInfoJson

    with reported():
        description = describe_certificate(read_certificate(certificate, "the certificate"))
    info = description.four_info
    payload = {
        "purpose": description.purpose.value,
        "purpose_ja": description.purpose.label_ja,
        "ca": description.is_ca,
        "serial": str(description.serial),
        "subject_id": description.subject_id,
        "localities": list(description.localities),
        "not_before": description.not_before.isoformat(),
        "not_after": description.not_after.isoformat(),
        "four_info": None if info is None else FourInfoJson.of(info).model_dump(mode="json"),
    }
    emit_json(payload) if as_json else console.print(payload)


@app.command()
def up(
    data: Annotated[
        Path | None, typer.Option(help="Data folder (default: the user's data directory).")
    ] = None,
    host: str = "127.0.0.1",
    port: Annotated[
        int,
        typer.Option(
            help="Port of the first service, the others following (0 = those kept in the data folder, or any free on the first run; the ports chosen are kept)."
        ),
    ] = 0,
    residents: Annotated[int, typer.Option(help="Demo residents on first run.")] = 20,
) -> None:
    """Run the whole world on loopback, creating a demo sandbox on first run."""
    interruptible()
    from jpki.world import up as world_up
    from jpki.world.guides import FRONT_DOOR
    from jpki.world.lock import holding
    from jpki.world.request_log import log_to
    from jpki.world.sandbox import Sandbox

    directory = data or world_up.default_data_dir()

    def ready(urls: dict[str, str]) -> None:
        console.print(Text.assemble(("jpki is up", "bold"), f"  data: {directory}"))
        described = world_up.titles()
        front_door = {FRONT_DOOR: urls.pop(FRONT_DOOR)}
        for name, url in (front_door | urls).items():
            console.print(f"  {name:<14} {url + '/':<28} {described.get(name, '')}", soft_wrap=True)
        console.print("Ctrl-C to stop / 停止は Ctrl-C")

    log_to(sys.stderr)
    with reported(), holding(directory):  # one world per data folder (jpki.world.lock)
        if (directory / "authority" / "settings.json").exists():
            sandbox = Sandbox.open(directory, state.clock)
        else:
            console.print(f"creating a demo world in {directory} ...")
            sandbox = _progress_init(directory, residents, 0)
        world_up.run(sandbox, host, port, ready)


__all__ = ["app"]

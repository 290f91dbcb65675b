"""`jpki authority ...`: run and operate J-LIS's authority."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from jpki.cli.context import (
    ServePortOption,
    WorkersOption,
    console,
    emit_json,
    read_secret,
    reported,
    state,
)
from jpki.profile.purpose import CertificatePurpose
from jpki.stopping import interruptible

if TYPE_CHECKING:
    from jpki.authority.service import Authority
    from jpki.world.sandbox import Sandbox

app = typer.Typer(
    help="J-LIS's authority (地方公共団体情報システム機構): CAs, CRLs, OCSP.", no_args_is_help=True
)
verifier_app = typer.Typer(help="Accredited verifiers (認定検証者).", no_args_is_help=True)
app.add_typer(verifier_app, name="verifier")

DataDir = Annotated[Path, typer.Argument(help="The world's data folder.")]
JsonFlag = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]
LIFE_EVENTS = ("move", "rename", "correct", "die", "emigrate", "lose-card", "return-card",
               "lose-phone", "retire-phone", "revoke", "renew", "issue-phone")  # fmt: skip
"""The sandbox's life events (jpki.world.sandbox.EVENT_NAMES, which takes 0.7 s to import:
spelt out here for `--help`; a test holds the two equal)."""


@contextmanager
def _authority(data: Path) -> Iterator[Authority]:
    """The authority in DATA, closed after the command."""
    from jpki.authority.service import Authority

    authority = Authority.open(data, state.clock)
    try:
        yield authority
    finally:
        authority.close()


@contextmanager
def _sandbox(data: Path) -> Iterator[Sandbox]:
    """The sandbox world in DATA, closed after the command."""
    from jpki.world.sandbox import Sandbox

    sandbox = Sandbox.open(data, state.clock)
    try:
        yield sandbox
    finally:
        sandbox.close()


@app.command()
def init(
    data: Annotated[Path, typer.Option("--data", help="Data folder to create.")],
    production: Annotated[
        bool,
        typer.Option(help="Real root names (O=JPKI) and strict secrets instead of O=JPKI-TEST."),
    ] = False,
    db: Annotated[
        str | None, typer.Option(help="SQLAlchemy URL (default: SQLite in DATA).")
    ] = None,
    seeds_improvements: Annotated[
        bool, typer.Option(help="Seed 002 STEP 1/2: revocation detail and latest 4 info.")
    ] = False,
) -> None:
    """Create an authority with a first key generation of both roots."""
    from jpki.authority.service import Authority
    from jpki.authority.settings import AuthoritySettings

    with reported():
        settings = AuthoritySettings(
            data_dir=data,
            sandbox=not production,
            database_url=db,
            seeds_improvements=seeds_improvements,
        )
        authority = Authority.initialise(settings, state.clock)
        authority.close()
    console.print(
        f"authority created in {data}; admin token in {settings.authority_dir / 'settings.json'}"
    )


@app.command("serve")
def serve_command(
    data: Annotated[Path, typer.Option("--data", help="The world's data folder.")],
    host: str = "127.0.0.1",
    port: ServePortOption = 0,
    workers: WorkersOption = 1,
) -> None:
    """Serve the admin API, CRLs and OCSP until Ctrl-C; with --workers N, as N processes on
    one PostgreSQL behind a load balancer."""
    interruptible()
    from jpki.authority.settings import AuthoritySettings
    from jpki.world.workers import Built, bind_workers, require_shared, run_workers

    def build(_index: int) -> Built:
        from jpki.authority.api.app import build_app
        from jpki.authority.service import Authority

        authority = Authority.open(data, state.clock)
        return build_app(authority), authority.database.healthy, authority.close

    with reported():
        url = AuthoritySettings.load(data).resolved_database_url
        require_shared(url, "authority", workers)
        sockets = bind_workers(host, port, workers)

    def ready(urls: dict[str, str]) -> None:
        from jpki.protocol.published import crl_urls

        for name, base in urls.items():
            console.print(f"{name:<12}{base}/")
        base = next(iter(urls.values()))
        console.print(f"ocsp        {base}/ocsp")
        console.print(f"crl         {'  '.join(crl_urls(base))}")

    with reported():
        run_workers("authority", build, sockets, ready)


@app.command()
def event(
    data: DataDir,
    name: Annotated[str, typer.Argument(help=f"One of: {', '.join(LIFE_EVENTS)}.")],
    resident_id: Annotated[str, typer.Argument(metavar="ID", help="Resident id, e.g. R000001.")],
    address: Annotated[str | None, typer.Option(help="New address (move).")] = None,
    new_name: Annotated[str | None, typer.Option("--name", help="New name (rename).")] = None,
    domicile: Annotated[
        str | None,
        typer.Option(
            help="emigrate keeping the card (国外継続利用): the municipality keeping the 戸籍の附票."
        ),
    ] = None,
    purpose: Annotated[
        list[CertificatePurpose] | None, typer.Option(help="Certificates to revoke (revoke).")
    ] = None,
    reissue: Annotated[
        bool, typer.Option(help="After move/rename, issue a new signing certificate.")
    ] = True,
    as_json: JsonFlag = False,
) -> None:
    """Apply a life event (異動) to a resident and revoke what it invalidates."""
    with reported(), _sandbox(data) as sandbox:
        revoked = sandbox.apply_event(
            resident_id,
            name,
            address=address,
            new_name=new_name,
            purposes=tuple(purpose or CertificatePurpose),
            reissue=reissue,
            domicile=domicile,
        )
    if as_json:
        emit_json({"event": name, "resident": resident_id, "revoked": [str(s) for s in revoked]})
    else:
        console.print(
            f"{name} applied to {resident_id}; revoked: {', '.join(map(str, revoked)) or 'none'}"
        )


@app.command()
def crl(
    data: DataDir,
    delta: Annotated[bool, typer.Option(help="Publish delta CRLs only.")] = False,
    as_json: JsonFlag = False,
) -> None:
    """Publish fresh CRLs to DATA/crl/."""
    with reported(), _authority(data) as authority:
        published = authority.publish_crls(delta_only=delta)
    if as_json:
        emit_json(
            [
                {
                    "file": str(p.path),
                    "kind": p.kind,
                    "crl_number": p.crl_number,
                    "entries": p.entries,
                }
                for p in published
            ]
        )
        return
    from rich.table import Table

    table = Table("file", "kind", "CRL number", "entries", "next update")
    for p in published:
        table.add_row(
            p.path.name, p.kind, str(p.crl_number), str(p.entries), p.next_update.isoformat()
        )
    console.print(table)


@app.command()
def rollover(
    data: DataDir,
    purpose: Annotated[CertificatePurpose, typer.Option(help="Which root gets a new key.")],
) -> None:
    """Start a new key generation of a root (same name, new key); old certificates still verify."""
    with reported(), _authority(data) as authority:
        generation = authority.rollover(purpose)
        authority.publish_crls()
    console.print(
        f"{purpose} root generation {generation.number}, key id {generation.key_id.hex()}"
    )


@verifier_app.command("add")
def verifier_add(
    data: DataDir,
    name: str,
    no_linkage: Annotated[bool, typer.Option(help="Refuse linkage information.")] = False,
    as_json: JsonFlag = False,
) -> None:
    """Accredit a verifier; prints its API key once."""
    with reported(), _authority(data) as authority:
        identity, api_key = authority.accredit_verifier(name, linkage_allowed=not no_linkage)
    if as_json:
        emit_json({"id": identity.id, "name": identity.name, "api_key": api_key})
    else:
        console.print(f"verifier {identity.id} ({identity.name}) API key: {api_key}")


@verifier_app.command("statement")
def verifier_statement(
    data: DataDir,
    verifier_id: int,
    month: Annotated[str | None, typer.Option(help="YYYY-MM (default: this month).")] = None,
    as_json: JsonFlag = False,
) -> None:
    """A verifier's monthly fee statement (利用料金明細)."""
    with reported(), _authority(data) as authority:
        statement = authority.statement(verifier_id, month)
    if as_json:
        emit_json(
            {
                "verifier": statement.verifier_name,
                "month": statement.month,
                "lines": [
                    {
                        "purpose": line.purpose,
                        "kind": line.kind,
                        "count": line.count,
                        "amount_yen": line.amount_yen,
                    }
                    for line in statement.lines
                ],
                "total_yen": statement.total_yen,
            }
        )
        return
    from rich.table import Table

    from jpki.authority.verifiers import KIND_LABELS

    table = Table(
        "purpose",
        "kind",
        "count",
        "unit (yen)",
        "amount (yen)",
        title=f"{statement.verifier_name} {statement.month}",
    )
    for line in statement.lines:
        table.add_row(
            line.purpose,
            KIND_LABELS[line.kind],
            str(line.count),
            str(line.unit_fee_yen),
            f"{line.amount_yen:,}",
        )
    table.add_row("", "total / 合計", "", "", f"{statement.total_yen:,}")
    console.print(table)


@app.command("pin-reset")
def pin_reset(
    data: DataDir,
    resident_id: Annotated[str, typer.Argument(metavar="ID")],
    credential: Annotated[str, typer.Option("--pin", help="auth, sign or card-info.")] = "auth",
    new_pin_file: Annotated[Path | None, typer.Option(help="File holding the new PIN.")] = None,
) -> None:
    """Municipal counter (市区町村窓口): reset a blocked PIN on a resident's card with a new one."""
    with reported():
        new_value = read_secret("new PIN / 新しい暗証番号", new_pin_file, confirm=True)
        with _sandbox(data) as sandbox:
            sandbox.reset_pin(resident_id, credential, new_value)
    console.print(f"{credential} PIN of {resident_id} reset / 暗証番号を再設定しました")


@app.command("mykey")
def mykey(
    data: DataDir,
    resident_id: Annotated[str, typer.Argument(metavar="ID")],
    mykey_id: Annotated[str, typer.Option("--id", help="The holder's 14 characters (A-Z, 0-9).")],
) -> None:
    """Municipal counter: write a MyKey ID (seed 000) into the authentication certificate."""
    with reported(), _sandbox(data) as sandbox:
        serial = sandbox.write_mykey_id(resident_id, mykey_id)
    console.print(f"authentication certificate {serial} now carries MyKey ID {mykey_id}")

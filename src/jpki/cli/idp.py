"""`jpki idp`: the operator's tools for the OpenID Connect provider (IDaaS).

They work on the IdP's database directly, also while it serves: RPs registered or removed here
are seen by the next request, a key rotation by every worker within half a minute.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from jpki.cli.context import (
    ServePortOption,
    WorkersOption,
    console,
    emit_json,
    read_input,
    reported,
    state,
)
from jpki.stopping import interruptible

if TYPE_CHECKING:
    from jpki.idp.records import IdpRecords

app = typer.Typer(
    no_args_is_help=True, help="The OpenID Connect provider (IDaaS, 認証サービス) for RPs."
)
client_app = typer.Typer(no_args_is_help=True, help="Relying parties (RP, 利用者サイト).")
keys_app = typer.Typer(no_args_is_help=True, help="ID-token signing keys (JWKS).")
app.add_typer(client_app, name="client")
app.add_typer(keys_app, name="keys")

DataDir = Annotated[Path, typer.Option("--data", help="The world's data folder.")]
Folder = Annotated[
    str,
    typer.Option(
        "--folder",
        help="The IdP's folder in DATA: `idp` (ours), `idp-da` (the Digital Agency profile's).",
    ),
]


@contextmanager
def _records(data: Path, folder: str = "idp") -> Iterator[IdpRecords]:
    from jpki.idp.records import IdpRecords
    from jpki.idp.settings import IdpSettings

    records = IdpRecords.open(IdpSettings.load(data, folder), state.clock)
    try:
        yield records
    finally:
        records.close()


@app.command("init")
def init(
    data: DataDir,
    issuer: Annotated[str, typer.Option(help="The issuer URL RPs and the wallet reach.")],
    wallet_url: Annotated[str, typer.Option(help="Where the holders' wallet answers.")],
    database: Annotated[str | None, typer.Option(help="SQLAlchemy URL (default: SQLite).")] = None,
    closed_registration: Annotated[
        bool, typer.Option(help="Only the operator registers RPs (no open RFC 7591 sign-up).")
    ] = False,
    profile: Annotated[
        str,
        typer.Option(
            help="`jpki` (ours) or `digital-agency` (the デジタル認証アプリ API's paths, "
            "private_key_jwt only, sign transactions)."
        ),
    ] = "jpki",
    folder: Annotated[
        str | None,
        typer.Option(help="The IdP's folder in DATA (default: `idp`, or `idp-da` for the DA)."),
    ] = None,
) -> None:
    """Create the IdP's settings, database and first signing keys in DATA/idp (or FOLDER).

    With `--profile digital-agency` ISSUER is the base URL; the issuer identifier becomes
    ISSUER/api/realms/main, as the government's."""
    from jpki.files import private_folder
    from jpki.idp.profiles import ProfileName
    from jpki.idp.records import IdpRecords
    from jpki.idp.settings import IdpError, IdpSettings

    with reported():
        try:
            chosen = ProfileName(profile)
        except ValueError:
            raise IdpError(f"--profile is one of {[p.value for p in ProfileName]}") from None
        folder = folder or ("idp-da" if chosen is ProfileName.DIGITAL_AGENCY else "idp")
        if (data / folder / "settings.json").exists():
            raise IdpError(f"an IdP already exists in {data / folder}")
        settings = IdpSettings.for_profile(
            chosen,
            data,
            issuer,
            folder=folder,
            wallet_url=wallet_url.rstrip("/"),
            database_url=database,
            open_registration=not closed_registration,
            tenant_id="idp" if chosen is ProfileName.JPKI else "idp-da",
        )
        private_folder(settings.idp_dir)
        settings.save()
        IdpRecords.open(settings, state.clock).close()
    console.print(f"IdP created in {settings.idp_dir}, issuer {settings.issuer}")
    console.print(f"operator token: {settings.operator_token}")


@app.command("serve")
def serve_command(
    data: DataDir,
    folder: Folder = "idp",
    host: str = "127.0.0.1",
    port: ServePortOption = 0,
    workers: WorkersOption = 1,
) -> None:
    """Serve the IdP until Ctrl-C, on the platform in the same data folder; with --workers N,
    as N processes on PostgreSQL behind a load balancer.

    The issuer stays as configured (the IdP may sit behind a reverse proxy at that address).
    """
    interruptible()
    from jpki.idp.settings import IdpSettings
    from jpki.platform.settings import PlatformSettings
    from jpki.world.workers import Built, bind_workers, print_urls, require_shared, run_workers

    def build(_index: int) -> Built:
        from jpki.idp.app import build_idp_app
        from jpki.idp.service import Idp
        from jpki.platform.service import Platform

        platform = Platform.open(data, state.clock)
        idp = Idp(settings, state.clock, platform)

        def healthy() -> bool:
            return idp.database.healthy() and platform.database.healthy()

        def close() -> None:
            idp.close()
            platform.close()

        return build_idp_app(idp), healthy, close

    with reported():
        settings = IdpSettings.load(data, folder)
        require_shared(settings.resolved_database_url, "IdP", workers)
        require_shared(PlatformSettings.load(data).resolved_database_url, "platform", workers)
        sockets = bind_workers(host, port, workers)

    def ready(urls: dict[str, str]) -> None:
        print_urls(console.print, urls, f"/  (issuer {settings.issuer})")

    with reported():
        run_workers("idp", build, sockets, ready)


@client_app.command("add")
def client_add(
    data: DataDir,
    name: Annotated[str, typer.Option(help="The RP's name as holders see it on the consent.")],
    redirect_uri: Annotated[list[str], typer.Option(help="Redirect URI; repeatable.")],
    folder: Folder = "idp",
    scope: Annotated[str, typer.Option(help="Scopes the RP may ask for.")] = "openid",
    post_logout_redirect_uri: Annotated[
        list[str] | None, typer.Option(help="Where RP-initiated logout may return; repeatable.")
    ] = None,
    backchannel_logout_uri: Annotated[
        str | None,
        typer.Option(help="Where the IdP posts logout tokens (Back-Channel Logout; with sid)."),
    ] = None,
    frontchannel_logout_uri: Annotated[
        str | None,
        typer.Option(help="Loaded in a frame at logout, with iss and sid (Front-Channel Logout)."),
    ] = None,
    jwks: Annotated[
        Path | None,
        typer.Option(help="The RP's public keys (JWKS file): private_key_jwt instead of a secret."),
    ] = None,
    id_token_alg: Annotated[str, typer.Option(help="ES256 or RS256.")] = "ES256",
    client_id: Annotated[
        str | None, typer.Option(help="Choose the client ID (default: random).")
    ] = None,
    sector_identifier_uri: Annotated[
        str | None,
        typer.Option(
            help="A JSON list of the RP's redirect URIs, on the host whose pairwise IDs it gets "
            "(needed when the redirect URIs are on several hosts)."
        ),
    ] = None,
) -> None:
    """Register an RP and print its client ID and secret (the secret is shown once)."""
    from jpki.idp.clients import ID_TOKEN_ALGORITHMS, InvalidClientMetadata

    metadata: dict[str, Any] = {
        "client_name": name,
        "redirect_uris": redirect_uri,
        "post_logout_redirect_uris": post_logout_redirect_uri or [],
        "scope": scope,
        "id_token_signed_response_alg": id_token_alg,
    }
    if sector_identifier_uri is not None:
        metadata["sector_identifier_uri"] = sector_identifier_uri
    if backchannel_logout_uri is not None:
        metadata["backchannel_logout_uri"] = backchannel_logout_uri
        metadata["backchannel_logout_session_required"] = True
    if frontchannel_logout_uri is not None:
        metadata["frontchannel_logout_uri"] = frontchannel_logout_uri
        metadata["frontchannel_logout_session_required"] = True
    with reported():
        if id_token_alg not in ID_TOKEN_ALGORITHMS:
            raise InvalidClientMetadata(f"--id-token-alg is one of {ID_TOKEN_ALGORITHMS}")
        if jwks is not None:
            metadata["token_endpoint_auth_method"] = "private_key_jwt"
            metadata["jwks"] = _read_jwks(jwks)
        with _records(data, folder) as records:
            if (
                jwks is None
                and "client_secret_basic" not in records.settings.the_profile.auth_methods
            ):
                raise InvalidClientMetadata(
                    "this IdP authenticates RPs by private_key_jwt only: give --jwks"
                )
            client, secret = records.clients.register(metadata, client_id=client_id)
    emit_json(
        {
            "client_id": client.client_id,
            "client_secret": secret,
            "sector": client.sector,
            **client.client_metadata,
        }
    )


def _read_jwks(path: Path) -> dict[str, Any]:
    from jpki.idp.clients import InvalidClientMetadata

    try:
        document = json.loads(read_input(path, "the JWKS file"))
    except ValueError as exc:
        raise InvalidClientMetadata(f"{path}: not a JWKS file ({exc})") from exc
    if not isinstance(document, dict) or not isinstance(document.get("keys"), list):
        raise InvalidClientMetadata(f'{path}: a JWKS is an object with a "keys" list')
    return document


@client_app.command("list")
def client_list(
    data: DataDir,
    folder: Folder = "idp",
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """The registered RPs."""
    with reported(), _records(data, folder) as records:
        clients = records.clients.all()
    if as_json:
        emit_json(
            [{"client_id": c.client_id, "sector": c.sector, **c.client_metadata} for c in clients]
        )
        return
    from rich.table import Table

    table = Table("client ID", "name", "auth", "scope", "redirect URIs")
    for c in clients:
        meta = c.client_metadata
        table.add_row(
            c.client_id,
            c.name,
            meta["token_endpoint_auth_method"],
            meta["scope"],
            "\n".join(meta["redirect_uris"]),
        )
    console.print(table)


@client_app.command("remove")
def client_remove(
    data: DataDir,
    client_id: Annotated[str, typer.Argument(metavar="CLIENT_ID")],
    folder: Folder = "idp",
) -> None:
    """Remove an RP: its tokens stop working and it can no longer start logins."""
    with reported(), _records(data, folder) as records:
        removed = records.clients.remove(client_id)
    if not removed:
        console.print(f"no client {client_id}")
        raise typer.Exit(1)
    console.print(f"client {client_id} removed")


@keys_app.command("rotate")
def keys_rotate(data: DataDir, folder: Folder = "idp") -> None:
    """Make a new generation of signing keys; the previous one stays published, older retire."""
    with reported(), _records(data, folder) as records:
        added = records.keys.rotate()
    emit_json({"new_keys": added})


@keys_app.command("list")
def keys_list(
    data: DataDir,
    folder: Folder = "idp",
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Every signing key: algorithm, when made, and whether it is still published."""
    with reported(), _records(data, folder) as records:
        keys = records.keys.inventory()
    rows = [
        {
            "kid": k.kid,
            "alg": k.alg,
            "created_at": k.created_at.isoformat(),
            "retired_at": k.retired_at.isoformat() if k.retired_at else None,
        }
        for k in keys
    ]
    if as_json:
        emit_json(rows)
        return
    from rich.table import Table

    table = Table("kid", "alg", "created", "retired")
    for row in rows:
        table.add_row(row["kid"], row["alg"], row["created_at"], row["retired_at"] or "-")
    console.print(table)

"""`jpki platform`: the signature verification platform's tools (so far: the time-stamping
authority that seals its evidence log, and offline checking of evidence exports)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from jpki.cli.context import (
    InputError,
    ServePortOption,
    WorkersOption,
    console,
    emit_json,
    read_input,
    reported,
    state,
)
from jpki.stopping import interruptible

app = typer.Typer(
    no_args_is_help=True, help="The signature verification platform (署名検証プラットフォーム)."
)
tsa_app = typer.Typer(
    no_args_is_help=True, help="The RFC 3161 time-stamping authority (タイムスタンプ局)."
)
evidence_app = typer.Typer(no_args_is_help=True, help="The evidence log (エビデンス).")
app.add_typer(tsa_app, name="tsa")
app.add_typer(evidence_app, name="evidence")

TsaDir = Annotated[Path, typer.Option("--data", help="Folder with tsa-root.pem, tsa.pem, tsa.key.")]


@tsa_app.command("init")
def tsa_init(data: TsaDir) -> None:
    """Create the TSA's root, certificate and key (never overwrites an existing key)."""
    from jpki.platform.tsa import TsaKeys

    if (data / "tsa.key").exists():
        console.print(f"{data / 'tsa.key'} exists: keeping it")
        return
    with reported():
        TsaKeys.create(data, state.clock.now())
    console.print(f"TSA created in {data} (tsa-root.pem is the trust anchor for its tokens)")


@tsa_app.command("serve")
def tsa_serve(
    data: TsaDir,
    host: str = "127.0.0.1",
    port: Annotated[int, typer.Option(help="0 = any free port.")] = 0,
) -> None:
    """Serve POST /tsa (RFC 3161 over HTTP) on loopback until Ctrl-C; creates keys if missing."""
    interruptible()
    from jpki.platform.tsa import TimestampAuthority, TsaKeys
    from jpki.platform.tsa_http import build_tsa_app
    from jpki.world.serving import bind, serve

    with reported():
        keys = (
            TsaKeys.load(data)
            if (data / "tsa.key").exists()
            else TsaKeys.create(data, state.clock.now())
        )
        sock = bind(host, port)

    def ready(urls: dict[str, str]) -> None:
        console.print(f"tsa        {urls['tsa']}/tsa")

    serve({"tsa": (build_tsa_app(TimestampAuthority(keys, state.clock)), sock)}, ready)


@evidence_app.command("verify")
def evidence_verify(
    export: Annotated[Path, typer.Argument(help="An evidence export (JSON lines).")],
    tsa_root: Annotated[
        list[Path],
        typer.Option("--tsa-root", help="Trusted TSA root certificate (PEM); repeatable."),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Check an exported evidence log offline: every digest, the chain and every seal.

    Exit status 0 only when the whole log verifies.
    """
    from cryptography import x509

    from jpki.platform.evidence import verify_export

    with reported():
        roots = []
        for path in tsa_root:
            try:
                roots += x509.load_pem_x509_certificates(read_input(path, "the TSA root"))
            except ValueError:
                raise InputError(f"the TSA root {path} is not a PEM certificate file") from None
        with export.open(encoding="utf-8", errors="replace") as lines:
            report = verify_export(lines, roots)
    if as_json:
        emit_json(report.to_json())
    else:
        verdict = "intact / 改ざんなし" if report.valid else "NOT INTACT / 改ざんまたは破損"
        console.print(f"evidence log: {verdict}")
        console.print(
            f"{report.records} records, {report.checkpoints} seals, sealed through"
            f" {report.sealed_through}, {report.unsealed} not yet sealed"
        )
        for problem in report.problems:
            console.print(f"  {problem}")
    raise typer.Exit(0 if report.valid else 1)


DataDir = Annotated[Path, typer.Option("--data", help="The world's data folder.")]


@app.command("init")
def init(
    data: DataDir,
    authority: Annotated[
        str | None, typer.Option(help="The authority's base URL (CRLs and OCSP come from it).")
    ] = None,
    verifier_key: Annotated[
        str | None,
        typer.Option(envvar="JPKI_VERIFIER_KEY", help="The platform's accredited-verifier key."),
    ] = None,
    database: Annotated[str | None, typer.Option(help="SQLAlchemy URL (default: SQLite).")] = None,
    trust: Annotated[
        list[Path] | None, typer.Option(help="Trust anchors (default: DATA/roots).")
    ] = None,
) -> None:
    """Create a platform in DATA/platform (settings, database, time-stamping keys)."""
    from jpki.platform.service import Platform
    from jpki.platform.settings import PlatformSettings

    with reported():
        settings = PlatformSettings(
            data_dir=data,
            authority_url=authority,
            verifier_api_key=verifier_key,
            database_url=database,
            trust=trust or [],
        )
        Platform.initialise(settings, state.clock).close()
    console.print(f"platform created in {settings.platform_dir}")
    console.print(f"operator token: {settings.admin_token}")


@app.command("serve")
def serve_command(
    data: DataDir,
    host: str = "127.0.0.1",
    port: ServePortOption = 0,
    workers: WorkersOption = 1,
    tls_cert: Annotated[
        Path | None, typer.Option(help="Serve HTTPS with this certificate.")
    ] = None,
    tls_key: Annotated[Path | None, typer.Option(help="The key of --tls-cert.")] = None,
    client_ca: Annotated[
        Path | None, typer.Option(help="Accept TLS client certificates from this CA (mutual TLS).")
    ] = None,
) -> None:
    """Serve the platform's /v1 API until Ctrl-C (HTTPS and mutual TLS optional); with
    --workers N, as N processes on one PostgreSQL behind a load balancer."""
    interruptible()
    from jpki.world.serving import TlsFiles
    from jpki.world.workers import Built, bind_workers, print_urls, require_shared, run_workers

    if (tls_cert is None) != (tls_key is None) or (client_ca is not None and tls_cert is None):
        raise typer.BadParameter("--tls-cert and --tls-key go together; --client-ca needs them")
    tls = TlsFiles(tls_cert, tls_key, client_ca) if tls_cert and tls_key else None

    def build(_index: int) -> Built:
        from jpki.platform.api import build_platform_app
        from jpki.platform.service import Platform

        platform = Platform.open(data, state.clock)

        def healthy() -> bool | dict[str, object]:
            if not platform.database.healthy():
                return False
            return {"revocation_refreshes": platform.refreshes.followed}

        return build_platform_app(platform), healthy, platform.close

    with reported():
        from jpki.platform.settings import PlatformSettings

        url = PlatformSettings.load(data).resolved_database_url
        require_shared(url, "platform", workers)
        sockets = bind_workers(host, port, workers)

    def ready(urls: dict[str, str]) -> None:
        print_urls(console.print, urls, "/v1")

    with reported():
        run_workers("platform", build, sockets, ready, tls)


@app.command("tenant")
def add_tenant(
    data: DataDir,
    tenant_id: Annotated[str, typer.Argument(metavar="ID", help="e.g. bank-001")],
    name: Annotated[str, typer.Option(help="The SP's name.")],
    model: Annotated[str, typer.Option(help="itaku (委託) or daiko (代行).")],
    origin: Annotated[list[str], typer.Option(help="Web origin of the SP's logins; repeatable.")],
) -> None:
    """Register a service provider and print its first API key (shown once)."""
    from jpki.platform.errors import InvalidRequest
    from jpki.platform.service import Platform
    from jpki.platform.tenants import Model

    with reported():
        try:
            chosen = Model(model)
        except ValueError:
            raise InvalidRequest("the model is itaku (委託) or daiko (代行)") from None
        platform = Platform.open(data, state.clock)
        try:
            tenant, key = platform.tenants.register(tenant_id, name, chosen, origin)
        finally:
            platform.close()
    emit_json({"tenant": tenant.id, "model": tenant.model.value, "api_key": key})

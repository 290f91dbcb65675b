"""`jpki verify`: judge a certificate, a CMS signature or a signed PDF, as a verifier would.

Every command prints a human-readable verdict (or JSON with --json) and exits 0 only when the
result is valid, so scripts can rely on the exit status.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from jpki.cli.context import console, emit_json, read_input, reported, state
from jpki.profile.purpose import CertificatePurpose

if TYPE_CHECKING:
    from jpki.verifier.validation import Validator

app = typer.Typer(no_args_is_help=True, help="Verify certificates and signatures (検証).")

TrustOption = Annotated[
    list[Path],
    typer.Option(
        "--trust",
        help="Trust anchor file or folder, or `jlis` for the bundled real J-LIS roots; repeatable.",
    ),
]
CrlOption = Annotated[
    list[str] | None,
    typer.Option("--crl", help="CRL file or URL (full, shard or delta); repeatable."),
]
OcspOption = Annotated[
    str | None, typer.Option("--ocsp", help="OCSP responder URL, asked when no CRL answers.")
]
KeyOption = Annotated[
    str | None,
    typer.Option(
        "--verifier-key",
        envvar="JPKI_VERIFIER_KEY",
        help="API key of an accredited verifier, for the authority's CRL and OCSP endpoints.",
    ),
]
AtOption = Annotated[
    str | None, typer.Option("--at", help="Judge as at this ISO 8601 time (default: now).")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print the verdict as JSON.")]
AcceptWeakOption = Annotated[
    bool,
    typer.Option(
        "--accept-weak",
        help="Accept SHA-1 and other digests or keys J-LIS does not use, for archives; the"
        " verdict names the algorithm and carries a warning (default: refused).",
    ),
]


def _moment(at: str | None) -> dt.datetime | None:
    if at is None:
        return None
    try:
        moment = dt.datetime.fromisoformat(at)
    except ValueError:
        raise typer.BadParameter(f"not an ISO 8601 date-time: {at}") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone(dt.timedelta(hours=9)))


def _read_certificate(path: Path) -> bytes:
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import Encoding

    from jpki.verifier.parsing import Malformed, parsing

    data = read_input(path, "the certificate")
    if b"-----BEGIN CERTIFICATE-----" in data:
        try:
            with parsing("certificate"):
                return x509.load_pem_x509_certificate(data).public_bytes(Encoding.DER)
        except Malformed:
            return b""  # judged malformed like any other bad input
    return data


@contextlib.contextmanager
def _validator(
    trust: list[Path], crl: list[str] | None, ocsp: str | None, key: str | None
) -> Iterator[Validator]:
    """The configured validator, closed (OCSP client, refresher) after the command."""
    from jpki.profile.real_roots import JLIS_ROOTS_DIR
    from jpki.verifier.setup import build_verifier

    anchors = [JLIS_ROOTS_DIR if str(path) == "jlis" else path for path in trust]
    setup = build_verifier(state.clock, anchors, crls=crl or [], ocsp_url=ocsp, api_key=key)
    try:
        yield setup.validator
    finally:
        setup.close()


def _report(lines: list[str], payload: object, valid: bool, as_json: bool) -> None:
    if as_json:
        emit_json(payload)
    else:
        for line in lines:
            console.print(line, highlight=False)
    raise typer.Exit(0 if valid else 1)


@app.command()
def cert(
    certificate: Annotated[Path, typer.Argument(help="Certificate, PEM or DER.")],
    trust: TrustOption,
    crl: CrlOption = None,
    ocsp: OcspOption = None,
    verifier_key: KeyOption = None,
    at: AtOption = None,
    purpose: Annotated[
        CertificatePurpose | None, typer.Option(help="Require auth or sign.")
    ] = None,
    accept_weak: AcceptWeakOption = False,
    as_json: JsonOption = False,
) -> None:
    """Validate a certificate: chain, validity, profile, revocation. Exit 0 only if valid."""
    with reported():
        data = _read_certificate(certificate)
    with reported(), _validator(trust, crl, ocsp, verifier_key) as validator:
        verdict = validator.check(data, at=_moment(at), purpose=purpose, accept_weak=accept_weak)
    _report(verdict.lines(), verdict.to_json(), verdict.valid, as_json)


@app.command()
def cms(
    signature: Annotated[Path, typer.Argument(help="CMS SignedData (.p7s), DER or PEM.")],
    trust: TrustOption,
    content: Annotated[
        Path | None, typer.Option(help="The signed document, for a detached signature.")
    ] = None,
    crl: CrlOption = None,
    ocsp: OcspOption = None,
    verifier_key: KeyOption = None,
    at: AtOption = None,
    accept_weak: AcceptWeakOption = False,
    as_json: JsonOption = False,
) -> None:
    """Verify a CMS signature (detached or attached) and its signer. Exit 0 only if valid."""
    from jpki.verifier.cms import verify_cms

    with reported():
        signed = read_input(signature, "the signature")
        document = read_input(content, "the signed document") if content else None
    with reported(), _validator(trust, crl, ocsp, verifier_key) as validator:
        verdict = verify_cms(
            validator, signed, content=document, at=_moment(at), accept_weak=accept_weak
        )
    _report(verdict.lines(), verdict.to_json(), verdict.valid, as_json)


@app.command()
def pdf(
    document: Annotated[Path, typer.Argument(help="Signed PDF.")],
    trust: TrustOption,
    crl: CrlOption = None,
    ocsp: OcspOption = None,
    verifier_key: KeyOption = None,
    at: AtOption = None,
    accept_weak: AcceptWeakOption = False,
    as_json: JsonOption = False,
) -> None:
    """Verify every signature in a PDF (through pyHanko). Exit 0 only if all are valid."""
    from jpki.verifier.pdf import verify_pdf

    with reported():
        data = read_input(document, "the PDF")
    with reported(), _validator(trust, crl, ocsp, verifier_key) as validator:
        verdicts = verify_pdf(validator, data, at=_moment(at), accept_weak=accept_weak)
    if not verdicts:
        console.print("no signatures / 署名なし")
        raise typer.Exit(1)
    lines = [line for v in verdicts for line in [*v.lines(), ""]]
    _report(lines, [v.to_json() for v in verdicts], all(v.valid for v in verdicts), as_json)


@app.command("attribute-cert")
def attribute_cert(
    certificate: Annotated[Path, typer.Argument(help="Attribute certificate, DER or PEM.")],
    authority: Annotated[
        Path, typer.Option(help="The trusted attribute authority's certificate, PEM or DER.")
    ],
    tenant: Annotated[str, typer.Option(help="The authority's tenant at the platform.")],
    crl: Annotated[
        Path | None, typer.Option("--crl", help="The authority's CRL, DER or PEM.")
    ] = None,
    at: AtOption = None,
    as_json: JsonOption = False,
) -> None:
    """Verify an attribute certificate (属性証明書, RFC 5755): the authority's signature, its
    validity and the authority's CRL. Whether a card's holder is its holder only the platform
    can tell (`POST /v1/attribute-certificates/checks`). Exit 0 only if valid."""
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import Encoding

    from jpki.verifier.attributes import (
        TrustedAuthority,
        der_of_pem,
        verify_attribute_certificate,
    )

    with reported():
        ac = der_of_pem(read_input(certificate, "the attribute certificate"))
        trusted = read_input(authority, "the authority's certificate")
        listed = read_input(crl, "the CRL") if crl else None
    try:
        anchor = (
            x509.load_pem_x509_certificate(trusted)
            if b"-----BEGIN" in trusted
            else x509.load_der_x509_certificate(trusted)
        )
    except ValueError:
        raise typer.BadParameter(f"{authority}: not a certificate") from None
    if listed is not None and b"-----BEGIN" in listed:
        try:
            listed = x509.load_pem_x509_crl(listed).public_bytes(Encoding.DER)
        except ValueError:
            listed = b""
    moment = _moment(at) or state.clock.now()
    verdict = verify_attribute_certificate(
        ac, authority=TrustedAuthority(anchor, tenant), crl=listed, at=moment
    )
    _report(verdict.lines(), verdict.to_json(), verdict.valid, as_json)

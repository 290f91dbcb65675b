"""`jpki hpki ...`: the doctor's HPKI client on the command line (HPKI署名クライアント): make the
key file, apply for the certificate with the card, sign an e-prescription with the key."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from jpki.cli.client import PinFileOption, ReaderOption, open_token, read_pin
from jpki.cli.context import InputError, console, read_input, reported, state
from jpki.profile.purpose import CertificatePurpose

if TYPE_CHECKING:
    from jpki.client.hpki import DoctorKey

app = typer.Typer(help="The doctor's HPKI client (HPKI署名クライアント).", no_args_is_help=True)

QUALIFICATIONS = {"doctor": "Medical Doctor", "pharmacist": "Pharmacist"}


def _key(path: Path) -> DoctorKey:
    from jpki.client.hpki import DoctorKey

    read_input(path, "the HPKI key file")
    try:
        return DoctorKey.load(path)
    except (ValueError, TypeError):
        raise InputError(f"{path} is not an HPKI key file (a P-256 key, PEM)") from None


@app.command()
def apply(
    url: Annotated[str, typer.Option(help="The HPKI authority's base URL.")],
    licence: Annotated[str, typer.Option(help="Licence registration number (登録番号).")],
    key: Annotated[Path, typer.Option(help="The HPKI key file (made here if missing, 0600).")],
    out: Annotated[Path, typer.Option(help="Where the issued certificate (PEM) goes.")],
    qualification: Annotated[str, typer.Option(help="doctor or pharmacist.")] = "doctor",
    reader: ReaderOption = None,
    pin_file: PinFileOption = None,
) -> None:
    """Apply for an HPKI signing certificate: the card signs the application (署名用パスワード),
    the authority checks it through the platform and the licence in the registry."""
    import httpx

    from jpki.client.cms import sign_detached
    from jpki.client.hpki import DoctorKey, application
    from jpki.protocol.hpki import APPLY_PATH, Qualification

    if qualification not in QUALIFICATIONS:
        raise typer.BadParameter("doctor or pharmacist")
    with reported():
        doctor_key = _key(key) if key.exists() else DoctorKey.create(key)
    with reported(), open_token(reader) as token:
        token.verify(CertificatePurpose.SIGN, read_pin(CertificatePurpose.SIGN, pin_file))
        certificate = token.certificate(CertificatePurpose.SIGN)

        def card_signature(text: bytes) -> bytes:
            return sign_detached(token, text, certificate, state.clock.now())

        asked = application(
            doctor_key, "applicant", licence, Qualification(QUALIFICATIONS[qualification]),
            card_signature,
        )  # fmt: skip
    with reported():
        try:
            reply = httpx.post(
                url.rstrip("/") + APPLY_PATH, json=asked.model_dump(mode="json"), timeout=30
            )
        except httpx.HTTPError as exc:
            raise InputError(f"the HPKI authority is unreachable: {exc}") from None
        if reply.status_code != 201:
            raise InputError(f"refused ({reply.status_code}): {reply.text[:300]}")
        out.write_text(reply.json()["certificate"])
    console.print(f"issued {reply.json()['serial']} -> {out}")


@app.command()
def sign(
    file: Annotated[Path, typer.Argument(help="The e-prescription (the clinic's JSON) to sign.")],
    key: Annotated[Path, typer.Option(help="The HPKI key file.")],
    certificate: Annotated[Path, typer.Option(help="Its HPKI certificate (PEM).")],
    out: Annotated[Path, typer.Option(help="The signed prescription (CMS, DER, .p7m).")],
) -> None:
    """Sign a document with the HPKI key: CMS SignedData with the document inside."""
    from cryptography import x509

    with reported():
        content = read_input(file, "the prescription")
        doctor_key = _key(key)
        try:
            issued = x509.load_pem_x509_certificate(read_input(certificate, "the certificate"))
        except ValueError:
            raise InputError("the certificate is not PEM") from None
        out.write_bytes(doctor_key.sign(content, issued))
    console.print(f"signed {file} -> {out}")


__all__ = ["app"]

"""`jpki client ...`: the user's client software (利用者クライアントソフト) on the command line.

Every command takes `--reader`: a card image path (in-process, for the sandbox) or a PC/SC
reader name or part of it (a real card, or ours attached with `jpki card attach`). PINs are
prompted without echo, or read from `--pin-file` or JPKI_AUTH_PIN / JPKI_SIGN_PASSWORD.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer
from cryptography.hazmat.primitives import hashes
from rich.table import Table

from jpki.card.os import Card
from jpki.card.store import ImageStore
from jpki.cli.context import (
    InputError,
    console,
    emit_json,
    read_certificate,
    read_input,
    read_secret,
    reported,
    state,
)
from jpki.client.card_info import CardInfoSession, Opener
from jpki.client.cms import sign_detached
from jpki.client.readers import InProcessReader, PcscReader, Reader
from jpki.client.token import PIN_RULE, JpkiToken
from jpki.profile.certificate import describe_certificate
from jpki.profile.purpose import CertificatePurpose
from jpki.protocol.codec import encode_b64

app = typer.Typer(
    help="The user's client software (利用者クライアントソフト).", no_args_is_help=True
)
pin_app = typer.Typer(help="PINs (暗証番号).", no_args_is_help=True)
app.add_typer(pin_app, name="pin")

ReaderOption = Annotated[
    str | None,
    typer.Option(help="Card image path, or PC/SC reader name (default: first reader with a card)."),
]
PinFileOption = Annotated[
    Path | None, typer.Option(help="File holding the PIN (first line), for scripts.")
]
JsonFlag = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]
IssuerOption = Annotated[
    Path | None,
    typer.Option(help="Card issuer certificate (roots/card-info-issuer.pem) to check the seal."),
]
PIN_ENVIRONMENT = {
    CertificatePurpose.AUTH: "JPKI_AUTH_PIN",
    CertificatePurpose.SIGN: "JPKI_SIGN_PASSWORD",
}


@contextlib.contextmanager
def open_connection(reader: str | None) -> Iterator[Reader]:
    """A card image path opens in-process; anything else names a PC/SC reader."""
    connection: Reader
    if reader is not None and (reader.endswith(".card") or Path(reader).is_file()):
        connection = InProcessReader(Card(ImageStore.open(Path(reader))), name=reader)
    else:
        connection = PcscReader(reader)
    try:
        yield connection
    finally:
        connection.close()


@contextlib.contextmanager
def open_token(reader: str | None) -> Iterator[JpkiToken]:
    """The JPKI AP on the card in the chosen reader."""
    with open_connection(reader) as connection:
        yield JpkiToken(connection)


def read_pin(purpose: CertificatePurpose, pin_file: Path | None) -> str:
    """From --pin-file, then the environment, then a prompt without echo."""
    rule = PIN_RULE[purpose]
    return read_secret(
        f"{rule.name} ({rule.name_ja})", pin_file, environment=PIN_ENVIRONMENT[purpose]
    )


@app.command()
def certs(
    reader: ReaderOption = None,
    out: Annotated[Path | None, typer.Option(help="Also save the certificates (PEM) here.")] = None,
    with_sign: Annotated[
        bool, typer.Option(help="Also read the signing certificate (asks the password).")
    ] = False,
    pin_file: PinFileOption = None,
    as_json: JsonFlag = False,
) -> None:
    """List the card's certificates (the signing one only with its password)."""
    from cryptography.hazmat.primitives.serialization import Encoding

    rows = []
    with reported(), open_token(reader) as token:
        purposes = [CertificatePurpose.AUTH]
        if with_sign:
            token.verify(CertificatePurpose.SIGN, read_pin(CertificatePurpose.SIGN, pin_file))
            purposes.append(CertificatePurpose.SIGN)
        for purpose in purposes:
            for label, certificate in (
                (purpose.value, token.certificate(purpose)),
                (f"{purpose.value}-ca", token.ca_certificate(purpose)),
            ):
                rows.append((label, certificate))
                if out is not None:
                    out.mkdir(parents=True, exist_ok=True)
                    (out / f"{label}.pem").write_bytes(certificate.public_bytes(Encoding.PEM))
    if as_json:
        emit_json([{"file": label, "subject": c.subject.rfc4514_string(), "serial": str(c.serial_number),
                    "not_after": c.not_valid_after_utc.isoformat()} for label, c in rows])  # fmt: skip
        return
    table = Table("certificate", "subject", "serial", "valid until")
    for label, certificate in rows:
        table.add_row(label, certificate.subject.rfc4514_string(), f"{certificate.serial_number:X}",
                      certificate.not_valid_after_utc.isoformat())  # fmt: skip
    console.print(table)


@app.command()
def show(
    reader: ReaderOption = None, pin_file: PinFileOption = None, as_json: JsonFlag = False
) -> None:
    """My certificate (自分の証明書): id, serial, validity and, with the password, the 4 information."""
    with reported(), open_token(reader) as token:
        token.verify(CertificatePurpose.SIGN, read_pin(CertificatePurpose.SIGN, pin_file))
        auth = describe_certificate(token.certificate(CertificatePurpose.AUTH))
        sign = describe_certificate(token.certificate(CertificatePurpose.SIGN))
    info = sign.four_info
    assert info is not None
    payload = {
        "auth": {
            "subject_id": auth.subject_id,
            "serial": str(auth.serial),
            "not_after": auth.not_after.isoformat(),
        },
        "sign": {
            "subject_id": sign.subject_id,
            "serial": str(sign.serial),
            "not_after": sign.not_after.isoformat(),
        },
        "name": info.name,
        "address": info.address,
        "birth_date": info.birth_date.isoformat() if info.birth_date else None,
        "sex": info.sex.label_ja,
    }
    emit_json(payload) if as_json else console.print(payload)


@pin_app.command("status")
def pin_status(reader: ReaderOption = None, as_json: JsonFlag = False) -> None:
    """Tries left for both PINs (asking spends no try)."""
    with reported(), open_token(reader) as token:
        statuses = [token.pin_status(purpose) for purpose in CertificatePurpose]
    if as_json:
        emit_json(
            {s.purpose.value: {"tries_left": s.tries_left, "max": s.max_tries} for s in statuses}
        )
        return
    for status in statuses:
        rule = PIN_RULE[status.purpose]
        note = " BLOCKED / ロック中" if status.blocked else ""
        console.print(f"{rule.name} ({rule.name_ja}): {status.tries_left}/{status.max_tries}{note}")


@pin_app.command("change")
def pin_change(
    purpose: Annotated[CertificatePurpose, typer.Option(help="auth or sign.")],
    reader: ReaderOption = None,
    pin_file: PinFileOption = None,
    new_pin_file: Annotated[Path | None, typer.Option(help="File holding the new PIN.")] = None,
) -> None:
    """Change a PIN (the current one is needed)."""
    with reported(), open_token(reader) as token:
        old = read_pin(purpose, pin_file)
        new = read_secret("new PIN / 新しい暗証番号", new_pin_file, confirm=True)
        token.change_pin(purpose, old, new)
    console.print("PIN changed / 暗証番号を変更しました")


@app.command()
def sign(
    file: Annotated[Path, typer.Argument(help="Document to sign.")],
    out: Annotated[
        Path, typer.Option(help="CMS signature (DER, e.g. FILE.p7s), or the signed PDF.")
    ],
    reader: ReaderOption = None,
    pin_file: PinFileOption = None,
    attached: Annotated[bool, typer.Option(help="Put the document inside the CMS.")] = False,
    pdf: Annotated[
        bool, typer.Option(help="Sign a PDF in place (PAdES), the key staying on the card.")
    ] = False,
) -> None:
    """Sign a document with the signing key (署名用): CMS SignedData, or a signed PDF."""
    with reported():
        content = read_input(file, "the document to sign")
    with reported(), open_token(reader) as token:
        token.verify(CertificatePurpose.SIGN, read_pin(CertificatePurpose.SIGN, pin_file))
        if pdf:
            from jpki.client.pdf import sign_pdf

            signature = sign_pdf(token, content)
        else:
            certificate = token.certificate(CertificatePurpose.SIGN)
            signature = sign_detached(
                token, content, certificate, state.clock.now(), attached=attached
            )
    with reported():
        out.write_bytes(signature)
    console.print(f"signed {file} -> {out}")


@app.command()
def auth(
    challenge: Annotated[
        str | None, typer.Option(help="A bare challenge, hex: the card signs its SHA-256.")
    ] = None,
    nonce: Annotated[
        str | None,
        typer.Option(help="Login nonce (base64url) from a verifier; needs --origin, --provider."),
    ] = None,
    origin: Annotated[str | None, typer.Option(help="Origin of the site asking.")] = None,
    provider: Annotated[str | None, typer.Option(help="Service provider the nonce names.")] = None,
    reader: ReaderOption = None,
    pin_file: PinFileOption = None,
    terminal: Annotated[
        Path | None,
        typer.Option(help="PIN-less (seed 000): folder with this terminal's terminal.pem/.key."),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Answer a login challenge with the authentication key (利用者証明用): SHA-256, PKCS#1 v1.5.

    With --terminal no PIN is asked: the terminal authenticates itself to the card and the
    signature carries its institution code (機関コード), marking the lower assurance.
    """
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import Encoding, load_pem_private_key

    to_sign = _login_digest(challenge, nonce, origin, provider)
    institution = None
    with reported(), open_token(reader) as token:
        if terminal is None:
            token.verify(CertificatePurpose.AUTH, read_pin(CertificatePurpose.AUTH, pin_file))
            signature = token.sign_digest(CertificatePurpose.AUTH, "sha256", to_sign)
        else:
            key_file = terminal / "terminal.key"
            try:
                key = load_pem_private_key(read_input(key_file, "the terminal key"), None)
            except (ValueError, TypeError):
                raise InputError(f"{key_file} is not an unencrypted PEM private key") from None
            if not isinstance(key, rsa.RSAPrivateKey):
                raise InputError(f"{key_file}: the terminal key must be RSA")
            terminal_certificate = read_certificate(
                terminal / "terminal.pem", "the terminal certificate"
            )
            token.authenticate_terminal(terminal_certificate, key)
            result = token.sign_digest_pinless(to_sign)
            signature, institution = result.signature, result.institution_code
        certificate = token.certificate(CertificatePurpose.AUTH)
    encoded = encode_b64(signature)
    if as_json:
        emit_json(
            {
                "signature": encoded,
                "nonce": nonce,
                "origin": origin,
                "provider": provider,
                "pinless": institution is not None,
                "institution_code": institution,
                "certificate": certificate.public_bytes(Encoding.PEM).decode(),
            }
        )
    elif institution is None:
        console.print(encoded)
    else:
        console.print(f"{encoded}\ninstitution code / 機関コード: {institution}")


def _login_digest(
    challenge: str | None, nonce: str | None, origin: str | None, provider: str | None
) -> bytes:
    """SHA-256 of a bare hex challenge, or the origin-bound login digest of a nonce."""
    if nonce is not None:
        if challenge is not None or origin is None or provider is None:
            raise typer.BadParameter("--nonce goes with --origin and --provider, not --challenge")
        from jpki.profile.challenge import authentication_digest
        from jpki.protocol.codec import decode_b64url

        raw = decode_b64url(nonce, "the nonce", typer.BadParameter)
        with reported():
            return authentication_digest(provider, origin, raw)
    if challenge is None:
        raise typer.BadParameter("give --challenge, or --nonce with --origin and --provider")
    try:
        data = bytes.fromhex(challenge)
    except ValueError:
        raise typer.BadParameter("the challenge must be hex") from None
    digest = hashes.Hash(hashes.SHA256())
    digest.update(data)
    return digest.finalize()


@app.command("card-info")
def card_info(
    opener: Annotated[
        Opener,
        typer.Option(
            "--with",
            help="pin (everything), a (照合番号A: My Number), b (照合番号B: 4 information).",
        ),
    ] = Opener.PIN,
    reader: ReaderOption = None,
    issuer: IssuerOption = None,
    pin_file: PinFileOption = None,
    as_json: JsonFlag = False,
) -> None:
    """Read the card-info AP (券面事項入力補助AP): My Number and 4 information as data."""
    with reported():
        issuer_certificate = (
            read_certificate(issuer, "the card issuer certificate") if issuer else None
        )
        value = read_secret(f"{opener.rule.name} ({opener.rule.name_ja})", pin_file)
        with open_connection(reader) as connection:
            session = CardInfoSession(connection)
            session.open(opener, value)
            result = session.read(issuer_certificate)
    info = result.four_info
    payload = {
        "my_number": result.my_number,
        "name": info.name if info else None,
        "address": info.address if info else None,
        "birth_date": info.birth_date.isoformat() if info and info.birth_date else None,
        "sex": info.sex.value if info else None,
        "integrity_verified": result.integrity_verified,
    }
    emit_json(payload) if as_json else console.print(payload)


@app.command("card-face")
def card_face(
    opener: Annotated[
        str,
        typer.Option(
            "--with", help="b (照合番号B, from the card face: default) or a (照合番号A: My Number)."
        ),
    ] = "b",
    reader: ReaderOption = None,
    issuer: IssuerOption = None,
    photo: Annotated[
        Path | None, typer.Option(help="Write the face photo (JPEG 2000) to this file.")
    ] = None,
    images: Annotated[
        Path | None,
        typer.Option(help="Write name.png, address.png and security-code.png into this folder."),
    ] = None,
    pin_file: PinFileOption = None,
    as_json: JsonFlag = False,
) -> None:
    """Read the card-face AP (券面事項確認AP): the card face, sealed by the issuer.

    Exits with status 2 when the seal does not hold (altered card face, unknown issuer).
    """
    from jpki.client.card_face import CardFaceSession, FaceOpener, SealStatus
    from jpki.files import atomic_write

    with reported():
        try:
            chosen = FaceOpener(opener)
        except ValueError:
            raise InputError("--with takes a or b") from None
        issuer_certificate = (
            read_certificate(issuer, "the card issuer certificate") if issuer else None
        )
        value = read_secret(f"{chosen.rule.name} ({chosen.rule.name_ja})", pin_file)
        with open_connection(reader) as connection:
            session = CardFaceSession(connection)
            session.open(chosen, value)
            reading = session.read(issuer_certificate)
        face = reading.face
        if photo is not None:
            atomic_write(photo, face.photo)
        if images is not None:
            images.mkdir(parents=True, exist_ok=True)
            atomic_write(images / "name.png", face.name_image)
            atomic_write(images / "address.png", face.address_image)
            atomic_write(images / "security-code.png", face.security_code_image)
    payload = {
        "birth_date": face.birth_date.isoformat() if face.birth_date else None,
        "sex": face.sex.value,
        "expiry": face.expiry.isoformat(),
        "municipality": reading.basic_info.municipality if reading.basic_info else None,
        "photo_bytes": len(face.photo),
        "seal": reading.seal.value,
    }
    emit_json(payload) if as_json else console.print(payload)
    if reading.seal in (SealStatus.FORGED, SealStatus.UNKNOWN_ISSUER):
        raise typer.Exit(2)

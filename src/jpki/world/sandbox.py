"""`jpki sandbox init`: a self-contained test world for service-provider developers.

DIR/roots/{auth,sign}-ca.pem       trust anchors (every generation, newest first)
DIR/crl/{auth,sign}.crl            CRLs (DER), plus deltas and per-generation files
DIR/certs/<id>-{auth,sign}.pem     each resident's current certificates
DIR/certs/<serial>.pem             every certificate ever issued
DIR/cards/<id>.card                each resident's My Number card (keys generated on it)
DIR/phones/<id>.phone              a resident's phone (スマホ用電子証明書), issued from the card
DIR/card-secrets.json              the cards' PINs and security codes (sandbox only)
DIR/residents.json                 who is who: 4 information, My Number, serials, paths, card
DIR/pins/<id>-{auth,sign}.txt      each resident's PIN and signing password for --pin-file
DIR/verifier.json                  an accredited demo verifier and its API key
DIR/terminal/terminal.{pem,key}    a PIN-less terminal (institution code 1310100001, seed 000)
DIR/free-area/<issuer>/install.{pem,key}  a card application issuer's install key (空き領域)
DIR/authority/                     the authority's settings, database and CA keys
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import secrets
from collections.abc import Callable, Iterable
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from jpki.authority import events
from jpki.authority.errors import InvalidRequest
from jpki.authority.service import Authority
from jpki.authority.settings import AuthoritySettings
from jpki.authority.views import CardView, CertificateView, ResidentView
from jpki.card.image import CARD_INFO_PIN, CardImage, generate_key
from jpki.card.os import Card
from jpki.card.store import ImageStore
from jpki.client.readers import InProcessReader
from jpki.clock import Clock, today_in_japan
from jpki.files import atomic_write, write_private_key
from jpki.profile.card_face import CARD_FACE_FILE, decode_card_face, encode_card_face
from jpki.profile.card_info import matching_number_b
from jpki.profile.identifiers import ID_ALPHABET, validate_mykey_part
from jpki.profile.medium import Medium
from jpki.profile.purpose import CertificatePurpose
from jpki.profile.validity import may_hold_signing_certificate
from jpki.protocol.phone import PhoneIssued
from jpki.world.numbering import create_numbering
from jpki.world.phones import SecureElements, has_phone, issue_from_card
from jpki.world.photos import synthetic_photo
from jpki.world.population import population

DEMO_VERIFIER = "Sandbox verifier (サンドボックス検証者)"
DEMO_INSTITUTION = "1310100001"
EVENT_NAMES = (*events.EVENT_NAMES, "renew", "issue-phone")
"""The authority's life events, and two acts of the holder: renewing the card's certificates,
and issuing a phone from the card (スマホ用電子証明書, the phone's PIN and password made up)."""


@dataclasses.dataclass(frozen=True)
class DemoVerifier:
    id: int
    name: str
    api_key: str


class Sandbox:
    """A sandbox world: an authority plus holders with active cards, and its files."""

    def __init__(self, directory: Path, authority: Authority) -> None:
        self.directory = directory
        self.authority = authority
        self.cards_dir = directory / "cards"
        self.secrets_file = directory / "card-secrets.json"
        self.phones = SecureElements(directory / "phones", authority.terminals.ca.certificate)

    @property
    def clock(self) -> Clock:
        return self.authority.clock

    # -- creation --------------------------------------------------------------------------

    @classmethod
    def init(
        cls,
        directory: Path,
        residents: int,
        seed: int,
        clock: Clock,
        *,
        seeds_improvements: bool = False,
        database_url: str | None = None,
        progress: Callable[[int], None] | None = None,
    ) -> Sandbox:
        if (directory / "authority" / "settings.json").exists():
            raise InvalidRequest(f"{directory} already holds a world; choose an empty folder")
        settings = AuthoritySettings(
            data_dir=directory,
            sandbox=True,
            seeds_improvements=seeds_improvements,
            database_url=database_url,
        )
        sandbox = cls(directory, Authority.initialise(settings, clock))
        identity, api_key = sandbox.authority.accredit_verifier(DEMO_VERIFIER)
        atomic_write(
            directory / "verifier.json",
            json.dumps(
                dataclasses.asdict(DemoVerifier(identity.id, identity.name, api_key)), indent=2
            ).encode(),
            mode=0o600,
        )
        sandbox.make_terminal(DEMO_INSTITUTION)
        today = today_in_japan(clock)
        for index, info in enumerate(population(residents, seed, today)):
            resident = sandbox.authority.register_resident(info, f"R{index + 1:06d}")
            sandbox.issue_card(resident)
            if sandbox._may_sign(resident) and has_phone(resident.id):
                sandbox.issue_phone(resident.id, manifest=False)
            if progress is not None:
                progress(index + 1)
        sandbox.authority.publish_crls()
        sandbox.write_manifest()
        create_numbering(directory, clock, sandbox.authority.residents(), seed).close()
        return sandbox

    @classmethod
    def open(cls, directory: Path, clock: Clock, **overrides: object) -> Sandbox:
        return cls(directory, Authority.open(directory, clock, **overrides))

    def close(self) -> None:
        self.authority.close()

    def card_path(self, resident_id: str) -> Path:
        return self.cards_dir / f"{resident_id}.card"

    def _card(self, resident_id: str) -> ImageStore:
        return ImageStore.open(self.card_path(resident_id))

    def issue_card(self, resident: ResidentView) -> None:
        """Apply, personalise a new card (its chip makes the keys), hand it over with PINs set."""
        card = self.authority.apply_for_card(resident.id)
        auth_pin = f"{secrets.randbelow(10_000):04d}"
        sign_password = "".join(secrets.choice(ID_ALPHABET) for _ in range(8))
        store = ImageStore.create(self.card_path(resident.id), auth_pin, sign_password)
        signs = self._may_sign(resident)
        security_code = f"{secrets.randbelow(10_000):04d}"
        with store.change() as change:
            image = change.image
            issued = self.authority.issue_card(
                card.id,
                image.public_key(CertificatePurpose.AUTH),
                image.public_key(CertificatePurpose.SIGN) if signs else None,
            )
            self._install(image, issued.certificates)
            image.install_terminal_ca(self.authority.terminals.ca.certificate)
            image.install_free_area_ca(self.authority.free_area.ca.certificate)
            image.install_card_info(
                self.authority.card_info_files(card.id),
                card_info_pin=auth_pin,
                matching_a=resident.my_number,
                matching_b=_matching_b(resident, issued.card.expires_on, security_code),
            )
            self._install_card_face(image, card.id, resident, security_code)
        self.authority.activate_card(card.id)
        self._remember_pins(resident.id, auth_pin, sign_password, security_code)

    def issue_phone(
        self,
        resident_id: str,
        pin: str | None = None,
        password: str | None = None,
        *,
        manifest: bool = True,
    ) -> PhoneIssued:
        """The holder issues a phone from the card (スマホ用電子証明書): the card signs with its
        signing password, the phone's secure element gets its own PIN and password."""
        known = self._pins().get(resident_id)
        if known is None:
            raise InvalidRequest(f"resident {resident_id} has no card in this sandbox")
        pin = pin or f"{secrets.randbelow(10_000):04d}"
        password = password or "".join(secrets.choice(ID_ALPHABET) for _ in range(8))
        _, issued = issue_from_card(
            self.phones,
            self.authority.issue_phone,
            InProcessReader(Card(self._card(resident_id))),
            resident_id=resident_id,
            sign_password=known["sign_password"],
            phone_pin=pin,
            phone_password=password,
            now=self.clock.now(),
        )
        self.remember_phone(resident_id, pin, password, manifest=manifest)
        return issued

    def remember_phone(
        self, resident_id: str, pin: str, password: str, *, manifest: bool = True
    ) -> None:
        """Sandbox only: the phone's PIN and password beside the card's (and the manifest
        rewritten, unless the caller writes it once for many)."""
        known = self._pins()[resident_id]
        self._remember_pins(resident_id, **{**known, "phone_pin": pin, "phone_password": password})
        if manifest:
            self.write_manifest()

    def _install_card_face(
        self, image: CardImage, card_id: str, resident: ResidentView, security_code: str
    ) -> None:
        """Personalise the card-face AP (券面事項確認AP) with a synthetic photo of the resident."""
        files = self.authority.card_face_files(card_id, security_code, synthetic_photo(resident.id))
        expiry = next(c for c in self.authority.cards_of(resident.id) if c.id == card_id).expires_on
        image.install_card_face(
            files,
            matching_a=resident.my_number,
            matching_b=_matching_b(resident, expiry, security_code),
        )

    def repersonalise(self, resident_id: str) -> str:
        """Write the card's text applications again from the register (再パーソナライズ).

        The card-info AP's files (with the free EF 0004 and 0005; its PIN is left as the holder
        set it) and the card-face AP with its two matching numbers, all tries back: how a card
        issued before the card-face AP gains it, and how a card face follows a move. The
        security code stays the one printed on the card (a card without one recorded gets a new
        one). Returns the card's id.
        """
        card_id = self._active_card(resident_id)
        resident = self.authority.resident(resident_id)
        known = self._pins().get(resident_id, {})
        security_code = known.get("security_code") or f"{secrets.randbelow(10_000):04d}"
        expiry = next(c for c in self.authority.cards_of(resident_id) if c.id == card_id).expires_on
        matching_b = _matching_b(resident, expiry, security_code)
        with self._card(resident_id).change() as change:
            image = change.image
            files = self.authority.card_info_files(card_id)
            card_info_pin = known.get("card_info_pin") or known.get("auth_pin")
            if CARD_INFO_PIN in image.pins or card_info_pin is None:
                image.card_info_files = files  # the holder's card-info PIN stays as it is
            else:
                image.install_card_info(
                    files,
                    card_info_pin=card_info_pin,
                    matching_a=resident.my_number,
                    matching_b=matching_b,
                )
            self._install_card_face(image, card_id, resident, security_code)
            if image.free_area_ca is None:  # a card issued before the free area existed
                image.install_free_area_ca(self.authority.free_area.ca.certificate)
        if known and "security_code" not in known:
            self._remember_pins(
                resident_id,
                known["auth_pin"],
                known["sign_password"],
                security_code,
                known.get("card_info_pin"),
            )
        return card_id

    def forge_card_face(self, resident_id: str, photo_of: str) -> None:
        """Sandbox only: alter a card's card face as a forger with a card writer would, putting
        another resident's photo in it and keeping the issuer's signature, so that counters can
        be shown refusing it (the seal no longer holds)."""
        with self._card(resident_id).change() as change:
            files = change.image.card_face_files
            if CARD_FACE_FILE not in files:
                raise InvalidRequest(f"the card of {resident_id} has no card-face AP")
            face = decode_card_face(files[CARD_FACE_FILE])
            files[CARD_FACE_FILE] = encode_card_face(
                birth_date=face.birth_date,
                sex=face.sex,
                issuer_key=face.issuer_key,
                name_image=face.name_image,
                address_image=face.address_image,
                photo=synthetic_photo(photo_of),
                expiry=face.expiry,
                security_code_image=face.security_code_image,
                sign=lambda _signed: face.signature,
            )

    def _install(self, image: CardImage, certificates: Iterable[CertificateView]) -> None:
        for certificate in certificates:
            ca = self.authority.authorities.by_id(certificate.generation_id).certificate
            image.install_certificate(certificate.purpose, certificate.certificate, ca)

    def _remember_pins(
        self,
        resident_id: str,
        auth_pin: str,
        sign_password: str,
        security_code: str,
        card_info_pin: str | None = None,
        phone_pin: str | None = None,
        phone_password: str | None = None,
    ) -> None:
        """Sandbox only: a real card's PINs are never stored anywhere but on the card."""
        known = self._pins()
        known[resident_id] = {
            "auth_pin": auth_pin,
            "sign_password": sign_password,
            "card_info_pin": card_info_pin or auth_pin,
            "security_code": security_code,
            **({"phone_pin": phone_pin} if phone_pin else {}),
            **({"phone_password": phone_password} if phone_password else {}),
        }
        atomic_write(self.secrets_file, json.dumps(known, indent=1).encode(), mode=0o600)

    def _pins(self) -> dict[str, dict[str, str]]:
        if not self.secrets_file.exists():
            return {}
        return dict(json.loads(self.secrets_file.read_text()))

    def _may_sign(self, resident: ResidentView) -> bool:
        return may_hold_signing_certificate(
            resident.four_info.birth_date, today_in_japan(self.clock)
        )

    # -- life events -----------------------------------------------------------------------

    def apply_event(
        self,
        resident_id: str,
        name: str,
        *,
        address: str | None = None,
        new_name: str | None = None,
        purposes: tuple[CertificatePurpose, ...] = tuple(CertificatePurpose),
        reissue: bool = True,
        domicile: str | None = None,
    ) -> list[int]:
        """Apply a named event as the CLI offers it; returns revoked serials.

        After a move or a name change the holder gets a new signing certificate at the
        counter (unless `reissue` is False), as residents usually do; so does an emigrant who
        keeps the card (`domicile`: 国外継続利用), the emigrants' signing certificate.
        """
        if name == "renew":
            revoked = self._renew(resident_id)
        elif name == "issue-phone":
            self.issue_phone(resident_id, manifest=False)
            revoked = []
        else:
            event = events.life_event(
                name, address=address, new_name=new_name, purposes=purposes, domicile=domicile
            )
            revoked = list(self.authority.apply_event(resident_id, event).revoked_serials)
            if reissue and (name in ("move", "rename") or (name == "emigrate" and domicile)):
                self._reissue_signing(resident_id)  # an emigrant's: before leaving, at the counter
        self.write_manifest()
        return revoked

    def _active_card(self, resident_id: str) -> str:
        cards = [
            c
            for c in self.authority.cards_of(resident_id)
            if c.status == "active" and c.medium is Medium.CARD  # not a phone (スマホ)
        ]
        if not cards:
            raise InvalidRequest(f"resident {resident_id} has no active card")
        return cards[-1].id

    def _renew(self, resident_id: str) -> list[int]:
        resident = self.authority.resident(resident_id)
        card_id = self._active_card(resident_id)
        with self._card(resident_id).change() as change:
            image = change.image
            auth = image.regenerate_key(CertificatePurpose.AUTH)
            signs = self._may_sign(resident)
            sign = image.regenerate_key(CertificatePurpose.SIGN) if signs else None
            change.save()  # the chip's new keys exist before the authority certifies them
            issued, revoked = self.authority.renew_card(card_id, auth, sign)
            self._install(image, issued.certificates)
        return list(revoked)

    def _reissue_signing(self, resident_id: str) -> None:
        resident = self.authority.resident(resident_id)
        if not self._may_sign(resident):
            return
        card_id = self._active_card(resident_id)
        with self._card(resident_id).change() as change:
            key = change.image.regenerate_key(CertificatePurpose.SIGN)
            change.save()
            self._install(change.image, [self.authority.reissue_signing(card_id, key)])

    def make_terminal(self, institution_code: str) -> Path:
        """A PIN-less terminal's key and J-LIS certificate under DIR/terminal/."""
        key = generate_key()
        certificate = self.authority.issue_terminal_certificate(institution_code, key.public_key())
        folder = self.directory / "terminal"
        atomic_write(folder / "terminal.pem", certificate.public_bytes(serialization.Encoding.PEM))
        write_private_key(folder / "terminal.key", key)
        return folder

    def make_install_issuer(self, issuer: str, name: str, aid: bytes) -> Path:
        """A card application issuer's install key and J-LIS install certificate for `aid`,
        under DIR/free-area/<issuer>/ (made once: the same key on every start)."""
        folder = self.directory / "free-area" / issuer
        if (folder / "install.pem").exists() and (folder / "install.key").exists():
            return folder
        key = ec.generate_private_key(ec.SECP256R1())
        certificate = self.authority.issue_install_certificate(name, aid, key.public_key())
        write_private_key(folder / "install.key", key)
        atomic_write(folder / "install.pem", certificate.public_bytes(serialization.Encoding.PEM))
        return folder

    # -- at the municipal counter ----------------------------------------------------------

    def reset_pin(self, resident_id: str, credential: str, new_value: str) -> None:
        """The counter's procedure for a blocked (or forgotten) PIN: identity checked face to
        face, the card in the counter's reader, a new PIN set and all tries restored."""
        resident = self.authority.resident(resident_id)
        if resident.status != "resident":
            raise InvalidRequest(f"resident {resident_id} is {resident.status}")
        self._active_card(resident_id)
        try:
            with self._card(resident_id).change() as change:
                change.image.reset_pin(credential, new_value)
        except (KeyError, ValueError) as exc:
            raise InvalidRequest(f"cannot set that {credential} PIN: {exc}") from None
        known = self._pins().get(resident_id)
        if known is not None:
            field = {"auth": "auth_pin", "sign": "sign_password", "card-info": "card_info_pin"}.get(
                credential
            )
            if field:
                self._remember_pins(resident_id, **{**known, field: new_value})
        self.write_manifest()

    def write_mykey_id(self, resident_id: str, mykey_id: str) -> int:
        """Seed 000's MyKey: the holder's chosen 14 characters replace the random part of the
        authentication certificate's id, through re-issuance with a fresh key on the card.
        Returns the new certificate's serial."""
        validate_mykey_part(mykey_id)
        card_id = self._active_card(resident_id)
        with self._card(resident_id).change() as change:
            key = change.image.regenerate_key(CertificatePurpose.AUTH)
            change.save()
            issued, _ = self.authority.renew_card(card_id, key, None, mykey_id=mykey_id)
            self._install(change.image, issued.certificates)
        self.write_manifest()
        certificate = issued.of_purpose(CertificatePurpose.AUTH)
        assert certificate is not None
        return certificate.serial

    # -- files -----------------------------------------------------------------------------

    def write_manifest(self) -> None:
        """Rewrite `residents.json` and the certificate files from the authority's state."""
        entries = []
        certs_dir = self.directory / "certs"
        pins = self._pins()
        for resident in self.authority.residents():
            phones = self.authority.phones_of(resident.id)
            on_phones = {p.id for p in phones}
            every = self.authority.certificates_of(resident.id)
            certificates = [c for c in every if c.card_id not in on_phones]
            entry: dict[str, object] = {
                "id": resident.id,
                "name": resident.four_info.name,
                "address": resident.four_info.address,
                "birth_date": (
                    resident.four_info.birth_date.isoformat()
                    if resident.four_info.birth_date
                    else None
                ),
                "sex": resident.four_info.sex.value,
                "my_number": resident.my_number,
                "status": resident.status,
                "card": str(self.card_path(resident.id)),
                **pins.get(resident.id, {"auth_pin": None, "sign_password": None}),
            }
            for purpose in CertificatePurpose:
                mine = [c for c in certificates if c.purpose is purpose]
                entry[purpose.value] = self._certificate_entry(resident.id, mine, certs_dir)
            entry |= self._pin_files(resident.id, pins.get(resident.id, {}), bool(entry["sign"]))
            entry["phone"] = self._phone_entry(resident.id, phones, every, certs_dir)
            entries.append(entry)
        atomic_write(
            self.directory / "residents.json",
            json.dumps(entries, ensure_ascii=False, indent=2).encode(),
        )

    def _pin_files(
        self, resident_id: str, pins: dict[str, str], can_sign: bool
    ) -> dict[str, str | None]:
        """Sandbox only: the resident's PIN and signing password as files (0600) for the
        commands' `--pin-file`, so that no example needs a prompt or a secret on its command
        line; none for a password that signs nothing (a resident under 15)."""
        written: dict[str, str | None] = {"auth_pin_file": None, "sign_password_file": None}
        for field, suffix, wanted in (
            ("auth_pin", "auth", True),
            ("sign_password", "sign", can_sign),
        ):
            path = self.directory / "pins" / f"{resident_id}-{suffix}.txt"
            if wanted and pins.get(field):
                atomic_write(path, pins[field].encode())
                written[f"{field}_file"] = str(path)
            else:
                path.unlink(missing_ok=True)
        return written

    def _phone_entry(
        self,
        resident_id: str,
        phones: list[CardView],
        certificates: list[CertificateView],
        certs_dir: Path,
    ) -> dict[str, object] | None:
        """The resident's newest phone: its record, image, PIN and password (sandbox only)
        and its certificates; None for a resident who never issued one."""
        if not phones or not self.phones.exists(resident_id):
            return None
        phone = phones[-1]
        mine = [c for c in certificates if c.card_id == phone.id]
        for certificate in mine:
            path = certs_dir / f"{certificate.serial}.pem"
            if not path.exists():
                atomic_write(path, _pem(certificate))
        pins = self._pins().get(resident_id, {})
        entry: dict[str, object] = {
            "id": phone.id,
            "status": phone.status,
            "image": str(self.phones.path(resident_id)),
            "source_card_id": phone.source_card_id,
            "auth_pin": pins.get("phone_pin"),
            "sign_password": pins.get("phone_password"),
        }
        for purpose in CertificatePurpose:
            latest = next((c for c in reversed(mine) if c.purpose is purpose), None)
            entry[purpose.value] = (
                {
                    "serial": str(latest.serial),
                    "status": "revoked" if latest.revocation else "valid",
                }
                if latest
                else None
            )
        return entry

    def _certificate_entry(
        self, resident_id: str, certificates: list[CertificateView], certs_dir: Path
    ) -> dict[str, object] | None:
        if not certificates:
            return None
        for certificate in certificates:
            path = certs_dir / f"{certificate.serial}.pem"
            if not path.exists():
                atomic_write(path, _pem(certificate))
        latest = certificates[-1]
        current = certs_dir / f"{resident_id}-{latest.purpose}.pem"
        atomic_write(current, _pem(latest))
        return {
            "serial": str(latest.serial),
            "path": str(current),
            "status": "revoked" if latest.revocation else "valid",
            "history": [str(c.serial) for c in certificates],
        }


def _matching_b(resident: ResidentView, expiry: dt.date | None, security_code: str) -> str:
    """照合番号B of a resident's card; all zeros for a resident with no recorded birth date."""
    birth = resident.four_info.birth_date
    if birth is None or expiry is None:
        return "0" * 14
    return matching_number_b(birth, expiry, security_code)


def _pem(certificate: CertificateView) -> bytes:
    return certificate.certificate.public_bytes(serialization.Encoding.PEM)


__all__ = ["DEMO_VERIFIER", "EVENT_NAMES", "DemoVerifier", "Sandbox"]

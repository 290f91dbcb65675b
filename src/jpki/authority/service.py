"""The authority (J-LIS) as one object: the facade the API, the CLI and the world call.

It owns the database, the CA generations, the OCSP responder, the CRL publisher and the
fee meter, and it runs every operation in one transaction that commits before the result
is returned: an operation that returned has happened durably. After the commit it tells the
OCSP responder which serials changed, so no stale pre-signed response outlives a revocation.
"""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from jpki.authority import events as life_events
from jpki.authority import linkage, phone, register, revocation, verifiers
from jpki.authority.ca import CaGeneration, CertificateAuthorities
from jpki.authority.card_info import CardInfoIssuer
from jpki.authority.crl import CrlPublisher, PublishedCrl
from jpki.authority.disclosures import AuthorityDisclosures
from jpki.authority.errors import InvalidRequest, NotAuthorized
from jpki.authority.free_area import FreeAreaAuthority
from jpki.authority.issuance import CardIssuance, IssuanceRequest
from jpki.authority.keystore import FileKeyStore
from jpki.authority.ocsp.responder import OcspResponder
from jpki.authority.ocsp.settlement import Settlement
from jpki.authority.ocsp.status import CertificateStatus, load_status
from jpki.authority.own_keys import SelfSignedKey
from jpki.authority.settings import AuthoritySettings
from jpki.authority.store.database import Database
from jpki.authority.store.models import (
    CardRow,
    CertificateRow,
    CrlPublicationRow,
    ResidentRow,
    RevocationRow,
)
from jpki.authority.terminals import TerminalAuthority
from jpki.authority.views import CardView, CertificateView, ResidentView, four_info_of
from jpki.clock import Clock
from jpki.files import atomic_write, private_folder
from jpki.profile.extensions import CertificateLinkage
from jpki.profile.four_info import FourInfo
from jpki.profile.medium import Medium
from jpki.profile.purpose import CertificatePurpose
from jpki.profile.reasons import RevocationCause, RevocationReason
from jpki.protocol.disclosures import FOUR_INFO_ITEMS, Kind
from jpki.protocol.phone import PhoneIssuanceRequest, PhoneIssued

GAP_SECONDS = 300.0
"""How long a skipped revocation id is looked for again (see `Authority.poll_changes`): longer
than any transaction that revokes."""


@dataclasses.dataclass(frozen=True)
class IssuedCard:
    """A card after issuance: its record and the certificates on it."""

    card: CardView
    certificates: tuple[CertificateView, ...]

    def of_purpose(self, purpose: CertificatePurpose) -> CertificateView | None:
        return next((c for c in self.certificates if c.purpose is purpose), None)


@dataclasses.dataclass(frozen=True)
class EventOutcome:
    """What a life event did: which certificates it revoked."""

    resident: ResidentView
    revoked_serials: tuple[int, ...]


class Authority:
    """J-LIS: resident register, two CAs, issuance, revocation, CRLs, OCSP, linkage, fees."""

    def __init__(self, settings: AuthoritySettings, clock: Clock) -> None:
        self.settings = settings
        self.clock = clock
        self.database = Database(settings.resolved_database_url)
        self.database.migrate()
        self.keys = FileKeyStore(settings.key_dir)
        self.authorities = CertificateAuthorities(
            self.keys, clock, test=settings.sandbox, root_years=settings.root_validity_years
        )
        with self.database.transaction() as session:
            self.authorities.load(session)
        self.issuance = CardIssuance(self.authorities, settings.crl_shard_size)
        self.crls = CrlPublisher(
            self.database,
            self.authorities,
            clock,
            settings.crl_dir,
            settings.crl_validity,
            settings.crl_shard_size,
            settings.seeds_improvements,
        )
        self.responder = OcspResponder(
            self.authorities,
            clock,
            self._load_status,
            settings.ocsp_validity,
            seeds_improvements=settings.seeds_improvements,
        )
        roots = settings.roots_dir
        self.card_info_issuer = CardInfoIssuer(
            SelfSignedKey(
                self.keys,
                "card-info-issuer.pem",
                roots / "card-info-issuer.pem",
                "Card-info issuer",
                clock,
                test=settings.sandbox,
            )
        )
        self.terminals = TerminalAuthority(
            SelfSignedKey(
                self.keys,
                "terminal-ca.pem",
                roots / "terminal-ca.pem",
                "Terminal CA (機関端末)",
                clock,
                test=settings.sandbox,
                ca=True,
            ),
            clock,
        )
        self.free_area = FreeAreaAuthority(
            SelfSignedKey(
                self.keys,
                "free-area-ca.pem",
                roots / "free-area-ca.pem",
                "Free-area CA (空き領域)",
                clock,
                test=settings.sandbox,
                ca=True,
            ),
            clock,
        )
        self.verifier_directory = verifiers.VerifierDirectory(self.database)
        self.meter = verifiers.FeeMeter(self.database, clock)
        self.disclosures = AuthorityDisclosures(self.database, clock)
        settle = settings.ocsp_fees_before_answer
        if settle is None:
            settle = self.database.is_postgresql
        self.settlement = (
            Settlement(self.database, self.meter, self.disclosures) if settle else None
        )
        """Group commit of OCSP fees before their answers, or None (flushed every second)."""
        self.meter.settled_by_batches = self.disclosures.settled_by_batches = settle
        self._polled_revocation_id = self._max_revocation_id()
        self._revocation_gaps: dict[int, float] = {}
        """Revocation ids below the highest seen, not yet seen: when first missed (monotonic)."""

    # -- life cycle ------------------------------------------------------------------------

    @classmethod
    def initialise(cls, settings: AuthoritySettings, clock: Clock) -> Authority:
        """Create a new authority: settings, database, first generation of both roots."""
        private_folder(settings.authority_dir)
        settings.save()
        authority = cls(settings, clock)
        if not authority.authorities.all():
            for purpose in CertificatePurpose:
                authority.rollover(purpose)
        authority.publish_crls()
        return authority

    @classmethod
    def open(cls, data_dir: Path | str, clock: Clock, **overrides: object) -> Authority:
        return cls(AuthoritySettings.load(Path(data_dir), **overrides), clock)

    def close(self) -> None:
        self.meter.flush()
        self.disclosures.flush()
        self.database.dispose()

    def rollover(self, purpose: CertificatePurpose) -> CaGeneration:
        """Start a new key generation of one root (same name, new key); old ones keep working."""
        with self.database.transaction() as session:
            generation = self.authorities.create_generation(session, purpose)
        self.responder.reload_issuers()
        self.write_roots()
        return generation

    def write_roots(self) -> None:
        """`roots/<purpose>-ca.pem` with every generation, newest first, and one file each."""
        for purpose in CertificatePurpose:
            generations = self.authorities.of_purpose(purpose)
            pems = [g.certificate.public_bytes(serialization.Encoding.PEM) for g in generations]
            for generation, pem in zip(generations, pems, strict=True):
                atomic_write(
                    self.settings.roots_dir / f"{purpose}-ca-g{generation.number}.pem", pem
                )
            if pems:
                atomic_write(
                    self.settings.roots_dir / f"{purpose}-ca.pem", b"".join(reversed(pems))
                )

    # -- register --------------------------------------------------------------------------

    def register_resident(self, info: FourInfo, resident_id: str | None = None) -> ResidentView:
        with self.database.transaction() as session:
            row = register.register_resident(session, info, self.clock.now(), resident_id)
            return ResidentView.of(row)

    def resident(self, resident_id: str) -> ResidentView:
        with self.database.transaction() as session:
            return ResidentView.of(register.get_resident(session, resident_id))

    def residents(self) -> list[ResidentView]:
        with self.database.transaction() as session:
            rows = session.scalars(
                select(ResidentRow).order_by(ResidentRow.created_at, ResidentRow.id)
            )
            return [ResidentView.of(r) for r in rows]

    def apply_event(self, resident_id: str, event: life_events.LifeEvent) -> EventOutcome:
        """Apply a life event; returns once the revocations it causes are durable."""
        with self.database.transaction() as session:
            revoked = life_events.apply_life_event(session, resident_id, event, self.clock.now())
            resident = ResidentView.of(register.get_resident(session, resident_id))
            touched = self._serials_of_resident(session, resident_id)
        self.responder.invalidate(touched)
        return EventOutcome(resident, tuple(revoked))

    # -- cards -----------------------------------------------------------------------------

    def apply_for_card(self, resident_id: str, terminal_code: str | None = None) -> CardView:
        with self.database.transaction() as session:
            resident = register.get_resident(session, resident_id)
            card = CardIssuance.apply(
                session, resident, terminal_code or self.settings.terminal_code, self.clock.now()
            )
            return CardView.of(card)

    def issue_card(
        self,
        card_id: str,
        auth_public_key: rsa.RSAPublicKey,
        sign_public_key: rsa.RSAPublicKey | None,
    ) -> IssuedCard:
        """Certify the public keys the card generated; the card is then locked (issued)."""
        return self.issue_cards([(card_id, auth_public_key, sign_public_key)])[0]

    def issue_cards(
        self,
        batch: list[tuple[str, rsa.RSAPublicKey, rsa.RSAPublicKey | None]],
    ) -> list[IssuedCard]:
        """Certify a factory batch of cards in one transaction (all or none)."""
        with self.database.transaction() as session:
            cards = [CardIssuance.get_card(session, card_id) for card_id, _, _ in batch]
            rows = self.issuance.issue_batch(
                session,
                [
                    (card, IssuanceRequest(a, s))
                    for card, (_, a, s) in zip(cards, batch, strict=True)
                ],
                self.clock.now(),
            )
            return [
                IssuedCard(
                    CardView.of(card),
                    tuple(CertificateView.of(r, None) for r in rows if r.card_id == card.id),
                )
                for card in cards
            ]

    def card_info_files(self, card_id: str) -> dict[int, bytes]:
        """The card-info AP's files for a card, from the register, integrity-signed."""
        with self.database.transaction() as session:
            card = CardIssuance.get_card(session, card_id)
            resident = register.get_resident(session, card.resident_id)
            my_number, info = resident.my_number, four_info_of(resident)
        return self.card_info_issuer.files(my_number, info)

    def card_face_files(self, card_id: str, security_code: str, photo: bytes) -> dict[int, bytes]:
        """The card-face AP's files for a card (券面事項確認AP), from the register, sealed.

        `security_code` is the 4 digits printed on the card; `photo` the holder's face photo
        (JPEG 2000) from the application.
        """
        with self.database.transaction() as session:
            card = CardIssuance.get_card(session, card_id)
            info = four_info_of(register.get_resident(session, card.resident_id))
            expiry = CardView.of(card).expires_on
        if expiry is None:
            raise InvalidRequest(f"card {card_id} has no expiry yet; issue it first")
        return self.card_info_issuer.card_face.files(info, expiry, security_code, photo)

    def issue_terminal_certificate(
        self, institution_code: str, public_key: rsa.RSAPublicKey
    ) -> x509.Certificate:
        """An institution-code certificate for a PIN-less terminal (seed 000's design)."""
        return self.terminals.issue(institution_code, public_key)

    def issue_install_certificate(
        self, issuer: str, aid: bytes, public_key: ec.EllipticCurvePublicKey
    ) -> x509.Certificate:
        """An install certificate for a card application issuer (the free area, 空き領域)."""
        return self.free_area.issue(issuer, aid, public_key)

    def activate_card(self, card_id: str) -> CardView:
        with self.database.transaction() as session:
            card = CardIssuance.get_card(session, card_id)
            CardIssuance.activate(card, self.clock.now())
            return CardView.of(card)

    def destroy_undelivered_card(self, card_id: str) -> tuple[int, ...]:
        with self.database.transaction() as session:
            card = CardIssuance.get_card(session, card_id)
            revoked = CardIssuance.destroy_undelivered(session, card, self.clock.now())
        self.responder.invalidate(revoked)
        return tuple(revoked)

    def renew_card(
        self,
        card_id: str,
        auth_public_key: rsa.RSAPublicKey | None,
        sign_public_key: rsa.RSAPublicKey | None,
        *,
        mykey_id: str | None = None,
    ) -> tuple[IssuedCard, tuple[int, ...]]:
        """Renewal (更新): new certificates for fresh keys; the old ones become superseded."""
        if auth_public_key is None and sign_public_key is None:
            raise InvalidRequest("renewal needs at least one new public key")
        with self.database.transaction() as session:
            card = CardIssuance.get_card(session, card_id)
            rows, revoked = self.issuance.renew(
                session,
                card,
                IssuanceRequest(auth_public_key, sign_public_key),  # type: ignore[arg-type]
                self.clock.now(),
                unique_part=mykey_id,
            )
            touched = self._serials_of_resident(session, card.resident_id)
            issued = IssuedCard(CardView.of(card), tuple(CertificateView.of(r, None) for r in rows))
        self.responder.invalidate(touched)
        return issued, tuple(revoked)

    def reissue_signing(self, card_id: str, sign_public_key: rsa.RSAPublicKey) -> CertificateView:
        """A new signing certificate on the same card after a 4-information change."""
        with self.database.transaction() as session:
            card = CardIssuance.get_card(session, card_id)
            row = self.issuance.reissue_signing(session, card, sign_public_key, self.clock.now())
            touched = self._serials_of_resident(session, card.resident_id)
            view = CertificateView.of(row, None)
        self.responder.invalidate(touched)
        return view

    # -- phones (スマホ用電子証明書) ----------------------------------------------------------------

    def issue_phone(self, request: PhoneIssuanceRequest) -> PhoneIssued:
        """Issue a phone's certificates from the card (the holder's online request).

        Raises `phone.PhoneRefused` with the protocol's code; nothing is issued then, and the
        request's nonce is spent once its signature verified (authority/phone.py).
        """
        now = self.clock.now()
        with self.database.transaction() as session:
            checked = phone.spend(session, request, now)
        with self.database.transaction() as session:
            row, certificates = phone.issue(session, self.issuance, checked, now)
            by_purpose = {CertificatePurpose(c.purpose): c for c in certificates}
            touched = self._serials_of_resident(session, row.resident_id)

            def ca_der(purpose: CertificatePurpose) -> bytes:
                generation = self.authorities.by_id(by_purpose[purpose].generation_id)
                return generation.certificate.public_bytes(serialization.Encoding.DER)

            issued = PhoneIssued(
                phone_id=row.id,
                resident_id=row.resident_id,
                source_card_id=row.source_card_id or "",
                auth_certificate=by_purpose[CertificatePurpose.AUTH].der,
                auth_ca_certificate=ca_der(CertificatePurpose.AUTH),
                sign_certificate=by_purpose[CertificatePurpose.SIGN].der,
                sign_ca_certificate=ca_der(CertificatePurpose.SIGN),
                not_after=min(c.not_after for c in certificates),
            )
        self.responder.invalidate(touched)
        return issued

    def phones_of(self, resident_id: str) -> list[CardView]:
        """The resident's phones, in use or not, oldest first."""
        return [c for c in self.cards_of(resident_id) if c.medium is Medium.PHONE]

    def cards_of(self, resident_id: str) -> list[CardView]:
        with self.database.transaction() as session:
            rows = session.scalars(
                select(CardRow)
                .where(CardRow.resident_id == resident_id)
                .order_by(CardRow.applied_at)
            )
            return [CardView.of(r) for r in rows]

    # -- certificates ----------------------------------------------------------------------

    def certificate(self, serial: int) -> CertificateView:
        with self.database.transaction() as session:
            row = revocation.get_certificate(session, serial)
            return CertificateView.of(row, revocation.revocation_of(session, serial))

    def certificates_of(self, resident_id: str) -> list[CertificateView]:
        with self.database.transaction() as session:
            rows = session.execute(
                select(CertificateRow, RevocationRow)
                .outerjoin(RevocationRow, RevocationRow.serial == CertificateRow.serial)
                .where(CertificateRow.resident_id == resident_id)
                .order_by(CertificateRow.not_before)
            )
            return [CertificateView.of(c, r) for c, r in rows]

    def revoke(self, serial: int, cause: RevocationCause) -> bool:
        """Revoke one certificate by serial; False if it was already revoked."""
        with self.database.transaction() as session:
            row = revocation.get_certificate(session, serial)
            revoked = revocation.revoke_all(session, [row], cause, self.clock.now())
            touched = self._serials_of_resident(session, row.resident_id)
        self.responder.invalidate(touched)
        return serial in revoked

    # -- CRLs and OCSP ---------------------------------------------------------------------

    def publish_crls(self, *, delta_only: bool = False) -> list[PublishedCrl]:
        return self.crls.publish(delta_only=delta_only)

    def publish_due_crls(self) -> list[PublishedCrl]:
        """Publish a full CRL halfway through the last one's life, else a delta when due; by
        one worker at a time (the others' timers skip the round), which decides under the
        lock, so two workers never publish the same CRL twice."""
        with self.database.only_one("publish-crls") as mine:
            return self._publish_due_crls() if mine else []

    def _publish_due_crls(self) -> list[PublishedCrl]:
        now = self.clock.now()
        with self.database.transaction() as session:
            last_full = session.scalar(
                select(func.max(CrlPublicationRow.this_update)).where(
                    CrlPublicationRow.kind == "full"
                )
            )
            last_any = session.scalar(select(func.max(CrlPublicationRow.this_update)))
        if last_full is None or now >= last_full + self.settings.crl_validity / 2:
            return self.publish_crls()
        if last_any is not None and now >= last_any + self.settings.delta_crl_interval:
            return self.publish_crls(delta_only=True)
        return []

    def _load_status(
        self, serial: int, generation_id: int, verifier_id: int | None
    ) -> CertificateStatus | None:
        with self.database.transaction() as session:
            return load_status(session, serial, generation_id, verifier_id)

    def _max_revocation_id(self) -> int:
        with self.database.transaction() as session:
            return session.scalar(select(func.max(RevocationRow.id))) or 0

    def poll_changes(self) -> int:
        """Evict cached OCSP responses for revocations other workers committed; returns how
        many revocations it found.

        Revocation ids come from a sequence, taken at insert but visible at commit, so two
        workers' revocations can become visible out of order: id 11 committed while id 10 is
        still in its transaction. Ids skipped below the highest seen are therefore asked for
        again at every poll (for `GAP_SECONDS`: a rolled-back insert leaves a gap for ever).
        A poll that succeeds tells the responder, which serves cached answers only while the
        last one is younger than its bound (`OcspResponder.serve_cached_within`)."""
        started = time.monotonic()
        gaps = sorted(self._revocation_gaps)
        with self.database.transaction() as session:
            found = or_(RevocationRow.id > self._polled_revocation_id, RevocationRow.id.in_(gaps))
            rows = session.execute(
                select(RevocationRow.id, RevocationRow.serial).where(found)
            ).all()
            resident_ids = set(
                session.scalars(
                    select(CertificateRow.resident_id).where(
                        CertificateRow.serial.in_([r.serial for r in rows])
                    )
                )
            )
            touched = {s for rid in resident_ids for s in self._serials_of_resident(session, rid)}
        seen = {r.id for r in rows}
        highest = max(seen | {self._polled_revocation_id})
        for skipped in range(self._polled_revocation_id + 1, highest):
            if skipped not in seen:
                self._revocation_gaps.setdefault(skipped, started)
        for done in seen:
            self._revocation_gaps.pop(done, None)
        for gap, since in list(self._revocation_gaps.items()):
            if started - since > GAP_SECONDS:
                del self._revocation_gaps[gap]
        self._polled_revocation_id = highest
        if touched:
            self.responder.invalidate(touched)
        self.responder.polled(started)
        return len(rows)

    @staticmethod
    def _serials_of_resident(session: Session, resident_id: str) -> set[int]:
        return set(
            session.scalars(
                select(CertificateRow.serial).where(CertificateRow.resident_id == resident_id)
            )
        )

    # -- accredited verifiers --------------------------------------------------------------

    def accredit_verifier(
        self, name: str, *, linkage_allowed: bool = True
    ) -> tuple[verifiers.VerifierIdentity, str]:
        with self.database.transaction() as session:
            return verifiers.accredit(
                session, name, self.clock.now(), linkage_allowed=linkage_allowed
            )

    def authenticate_verifier(self, api_key: str | None) -> verifiers.VerifierIdentity:
        return self.verifier_directory.authenticate(api_key)

    def linkage(
        self, verifier: verifiers.VerifierIdentity, serial: int
    ) -> tuple[CertificatePurpose, CertificateLinkage | None]:
        """証明書紐付け情報 and 新旧紐付け情報 of `serial` (metered)."""
        if not verifier.linkage_allowed:
            raise NotAuthorized("this verifier is not accredited for linkage information")
        with self.database.transaction() as session:
            certificate = revocation.get_certificate(session, serial)
            purpose = CertificatePurpose(certificate.purpose)
            result = linkage.linkage_of(session, serial)
            self.disclosures.note(session, serial, verifier, Kind.LINKAGE, ("linkage",))
            self.meter.count_now(session, verifier.id, purpose, verifiers.LINKAGE)
        return purpose, result

    def medium_of(self, serial: int) -> tuple[Medium, int | None]:
        """Whether `serial` is on a card or a phone, and a phone certificate's card certificate."""
        with self.database.transaction() as session:
            row = revocation.get_certificate(session, serial)
            card = session.get(CardRow, row.card_id)
            medium = Medium(card.medium) if card is not None else Medium.CARD
            return medium, row.source_serial

    def predecessor(self, serial: int) -> int | None:
        """The certificate `serial` renewed (新旧紐付け情報 read backwards), if any."""
        with self.database.transaction() as session:
            return revocation.get_certificate(session, serial).predecessor_serial

    def latest_four_info(self, verifier: verifiers.VerifierIdentity, serial: int) -> FourInfo:
        """Latest 4 information of the holder of a signing certificate revoked for a change."""
        with self.database.transaction() as session:
            certificate = revocation.get_certificate(session, serial)
            if certificate.purpose != CertificatePurpose.SIGN.value:
                raise InvalidRequest("latest 4 information is given for signing certificates")
            revoked = revocation.revocation_of(session, serial)
            if revoked is None or revoked.reason != RevocationReason.AFFILIATION_CHANGED:
                raise InvalidRequest(
                    "the certificate was not revoked for a change of the 4 information"
                )
            linkage.require_consent(session, verifier.id, certificate)
            resident = register.get_resident(session, certificate.resident_id)
            info = four_info_of(resident)
            self.disclosures.note(session, serial, verifier, Kind.FOUR_INFO, FOUR_INFO_ITEMS)
            self.meter.count_now(session, verifier.id, CertificatePurpose.SIGN, verifiers.FOUR_INFO)
        return info

    def record_consent(
        self, verifier: verifiers.VerifierIdentity, serial: int, signature: bytes
    ) -> None:
        with self.database.transaction() as session:
            row = linkage.record_consent(session, verifier.id, serial, signature, self.clock.now())
            touched = self._serials_of_resident(session, row.resident_id)
        self.responder.invalidate(touched)

    def statement(self, verifier_id: int, month: str | None = None) -> verifiers.Statement:
        self.meter.flush()
        with self.database.transaction() as session:
            return verifiers.statement(
                session, verifier_id, month or verifiers.month_of(self.clock.now())
            )

    # -- helpers for callers that hold DER -------------------------------------------------

    @staticmethod
    def load_public_key(pem_or_der: bytes) -> rsa.RSAPublicKey:
        """Parse a card's public key (PEM or DER SubjectPublicKeyInfo, or a certificate)."""
        key: object
        try:
            if pem_or_der.lstrip().startswith(b"-----BEGIN CERTIFICATE"):
                key = x509.load_pem_x509_certificate(pem_or_der).public_key()
            elif pem_or_der.lstrip().startswith(b"-----"):
                key = serialization.load_pem_public_key(pem_or_der)
            else:
                key = serialization.load_der_public_key(pem_or_der)
        except ValueError as exc:
            raise InvalidRequest(f"not a public key: {exc}") from exc
        if not isinstance(key, rsa.RSAPublicKey):
            raise InvalidRequest("the card's keys are RSA")
        return key


__all__ = ["Authority", "EventOutcome", "IssuedCard"]

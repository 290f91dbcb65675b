"""The platform as one object: tenants, login and signature verification for them, evidence.

Every verification answers the verifier's verdict, shaped by the tenant's model (a 代行 tenant
never sees a serial, a subject id or a certificate), and is written to the evidence chain in
the same transaction, so a receipt number (受付処理番号) handed to an SP always exists in the log.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import httpx
from sqlalchemy import select
from sqlalchemy.orm import Session

from jpki.clock import Clock
from jpki.files import private_folder
from jpki.platform import death_onestop, fees
from jpki.platform.attribute_checks import HolderQuestion, check_message, trusted_authority
from jpki.platform.authority_client import AuthorityClient
from jpki.platform.challenges import StoredChallenges
from jpki.platform.consents import ConsentBook, ConsentRefused
from jpki.platform.disclosures import PlatformDisclosures
from jpki.platform.errors import InvalidRequest
from jpki.platform.evidence import Checkpoint, EvidenceRecord, minimal
from jpki.platform.evidence_store import EvidenceLog
from jpki.platform.linkage import LinkageManager
from jpki.platform.preservation import PreservationRefused, preserve_pdf
from jpki.platform.ratelimit import limiter_for
from jpki.platform.refreshes import RefreshRequests
from jpki.platform.settings import PlatformSettings
from jpki.platform.status_checks import MAX_ITEMS, StatusChecker, summarise
from jpki.platform.store.database import Database
from jpki.platform.store.models import CustomerSituationRow, TenantRow
from jpki.platform.tenants import Identifiers, Model, RevocationPolicy, Tenant, TenantDirectory
from jpki.platform.tsa import TimestampAuthority, TsaKeys, timestamp_request, token_of
from jpki.platform.webhooks import Webhooks
from jpki.profile.challenge import normalise_origin
from jpki.profile.errors import ProfileError
from jpki.profile.medium import Medium
from jpki.profile.purpose import CertificatePurpose
from jpki.profile.reasons import RevocationReason
from jpki.profile.status import Situation
from jpki.protocol import death_onestop as death_onestop_protocol
from jpki.protocol.attributes import AttributeCheck, AttributeCheckRequest
from jpki.protocol.codec import decode_b64
from jpki.protocol.consent import ConsentAsked, ConsentText
from jpki.protocol.death_onestop import DeathOnestopRegistered, OnestopParticipant
from jpki.protocol.four_info import ReleasedFourInfo
from jpki.protocol.levels import Level
from jpki.protocol.published import crl_urls, delta_of
from jpki.protocol.verification import (
    CertificateVerdict,
    LoginAccepted,
    LoginRefused,
    LoginResult,
    Message,
    PdfSignaturesResult,
    Receipted,
    RegistrationResult,
    SignatureCheck,
    SignatureResult,
    StatusLine,
    StatusReport,
    UnlinkResult,
)
from jpki.verifier.attributes import verify_attribute_certificate
from jpki.verifier.challenge import AuthenticationResponse, Authenticator, Challenge
from jpki.verifier.cms import verify_cms
from jpki.verifier.errors import AuthenticationRefused, CertificateRejected, RevocationDataError
from jpki.verifier.pdf import verify_pdf
from jpki.verifier.revocation.answer import FirstKnown, RevocationChecker
from jpki.verifier.revocation.refresh import RefreshReport
from jpki.verifier.setup import VerifierSetup, build_verifier
from jpki.verifier.signatures import SignatureVerdict, verify_raw
from jpki.verifier.validation import Validator
from jpki.verifier.verdict import Status, Verdict

AnyResult = TypeVar("AnyResult", bound=Message)

HIDDEN_FROM_DAIKO = ("serial", "subject_id", "issuer_generation", "four_info", "latest_four_info")
"""Verdict fields a 代行 tenant never receives (the 4 information needs the holder's consent)."""


def visible_verdict(verdict: Verdict, tenant: Tenant) -> CertificateVerdict:
    """The verdict as this tenant may see it."""
    message = verdict.to_message()
    return message.withholding(HIDDEN_FROM_DAIKO) if tenant.model is Model.DAIKO else message


def visible_signature(verdict: SignatureVerdict, tenant: Tenant) -> SignatureCheck:
    return verdict.to_message().model_copy(
        update={"certificate": visible_verdict(verdict.certificate, tenant)}
    )


class Platform:
    """One signature verification platform."""

    def __init__(
        self,
        settings: PlatformSettings,
        clock: Clock,
        *,
        verifier: VerifierSetup | None = None,
        authority_http: httpx.Client | None = None,
        webhook_http: httpx.Client | None = None,
    ) -> None:
        self.settings, self.clock = settings, clock
        self.database = Database(settings.resolved_database_url)
        self.database.migrate()
        self.refreshes = RefreshRequests(self.database)  # before the CRLs load: none missed
        self.tenants = TenantDirectory(self.database, clock)
        self.challenges = StoredChallenges(
            self.database, clock, lifetime=settings.challenge_lifetime
        )
        self.evidence = EvidenceLog(self.database, clock)
        self.consents = ConsentBook(self.database, clock, lifetime=settings.consent_lifetime)
        keys = (
            TsaKeys.load(settings.tsa_dir)
            if (settings.tsa_dir / "tsa.key").exists()
            else TsaKeys.create(settings.tsa_dir, clock.now())
        )
        self.tsa = TimestampAuthority(keys, clock)
        self.verifier = verifier or _verifier_of(settings, clock)
        self.validators = _validators_by_policy(self.verifier, clock)
        self.authenticators = {
            policy: Authenticator(validator, self.challenges)
            for policy, validator in self.validators.items()
        }
        self.authority = (
            AuthorityClient(settings.authority_url, settings.verifier_api_key, http=authority_http)
            if settings.authority_url
            else None
        )
        self.linkage = LinkageManager(
            self.database, clock, self.authority, bytes.fromhex(settings.id_secret)
        )
        self.disclosures = PlatformDisclosures(self.database, clock, self.linkage)
        self.webhooks = Webhooks(self.database, clock, http=webhook_http)
        self.rate_limiter = limiter_for(
            self.database, settings.rate_limit_per_second, settings.rate_limit_burst
        )

        self.status = StatusChecker(
            self.verifier.validator, self.verifier.index, self.linkage, self.authority
        )

    @classmethod
    def initialise(cls, settings: PlatformSettings, clock: Clock, **kwargs: Any) -> Platform:
        private_folder(settings.platform_dir)
        settings.save()
        return cls(settings, clock, **kwargs)

    @classmethod
    def open(cls, data_dir: Path, clock: Clock, **kwargs: Any) -> Platform:
        return cls(PlatformSettings.load(data_dir), clock, **kwargs)

    def close(self) -> None:
        self.verifier.close()
        if self.authority is not None:
            self.authority.close()
        self.webhooks.close()
        self.database.dispose()

    def issue_challenge(
        self, tenant: Tenant, origin: str, audience: str | None = None, *, sealed: bool = False
    ) -> Challenge:
        """A login nonce for one of the tenant's registered origins.

        A tenant that logs holders in for others (an IdP) names the party the login is for as
        `audience`: the card then signs for that party, and the signature serves no other.
        A `sealed` challenge takes only an answer sealed to the platform (`jpki.platform.sealing`).
        """
        try:
            normalised = normalise_origin(origin)
        except ProfileError as exc:
            raise InvalidRequest(str(exc)) from exc
        if normalised not in tenant.origins:
            raise InvalidRequest(f"{normalised} is not a registered origin of {tenant.id}")
        return self.challenges.issue(provider_of(tenant, audience), normalised, sealed=sealed)

    def authenticate(
        self, tenant: Tenant, response: AuthenticationResponse, audience: str | None = None
    ) -> Receipted[LoginResult]:
        """Verify a login response for `tenant` and name the linked customers.

        Refusals are outcomes too (and evidence). When several of the tenant's customer
        accounts are linked to the card holder, all are listed: the SP asks which (seed 004).
        Spending the nonce, the linkage lookup, the evidence and the fee are one transaction:
        one commit per login, and a nonce is spent exactly when its evidence is written.
        With an `audience` (see `issue_challenge`) the holder is identified even when not
        linked to a customer (its `user_id` is the tenant's stable ID for them, ID変換).
        """
        authenticator = self.authenticators[tenant.revocation_policy]
        provider = provider_of(tenant, audience)
        with self.database.transaction() as session, self.challenges.within(session, tenant.id):
            try:
                login = authenticator.verify(response, provider=provider, origin=response.origin)
            except AuthenticationRefused as refused:
                checked = refused.verdict if isinstance(refused, CertificateRejected) else None
                refusal = LoginRefused(accepted=False, error=refused.code, message=str(refused))
                if checked is not None:
                    refusal = refusal.model_copy(
                        update={"verdict": visible_verdict(checked, tenant)}
                    )
                record = self._append(
                    session, tenant, "authentication", refusal, response.certificate, checked
                )
                return Receipted[LoginResult](receipt=record.receipt, result=refusal)
            result = self._identified(
                session, tenant, login.verdict, login.assurance, audience
            ).model_copy(update={"institution_code": login.institution_code})
            record = self._append(
                session, tenant, "authentication", result, response.certificate, login.verdict
            )
        return Receipted[LoginResult](receipt=record.receipt, result=result)

    def present_certificate(
        self,
        tenant: Tenant,
        certificate: bytes,
        audience: str | None,
        assurance: Level = Level.CERTIFICATE,
    ) -> Receipted[LoginResult]:
        """An authentication certificate judged without a challenge. Shown alone it is the
        lowest assurance (seed 000): it proves only that such a card exists, so only an
        audience that asked for this level may accept it. From a TLS handshake the SP's server
        verified (`Level.TLS_CLIENT`), the card proved its key to the SP itself."""
        verdict = self.validators[tenant.revocation_policy].check(
            certificate, purpose=CertificatePurpose.AUTH
        )
        with self.database.transaction() as session:
            result: LoginResult = (
                self._identified(session, tenant, verdict, assurance, audience)
                if verdict.valid
                else LoginRefused(
                    accepted=False,
                    error="certificate-rejected",
                    message=verdict.message,
                    verdict=visible_verdict(verdict, tenant),
                )
            )
            record = self._append(session, tenant, "authentication", result, certificate, verdict)
        return Receipted[LoginResult](receipt=record.receipt, result=result)

    def _identified(
        self,
        session: Session,
        tenant: Tenant,
        verdict: Verdict,
        assurance: Level,
        audience: str | None,
    ) -> LoginAccepted:
        """An accepted login's result: the holder's tenant user ID and linked customers. With
        an audience the holder is identified (learned from the authority) even when no
        customer is linked, so an IdP always gets a stable `user_id`; without one a holder the
        tenant never linked has none (see `jpki.platform.linkage`)."""
        serial = verdict.serial
        identify = audience is not None or tenant.identifiers is Identifiers.ANY_KNOWN
        if serial is not None and (identify or verdict.medium is Medium.PHONE):
            # A phone's certificate (スマホ用電子証明書) is met first at a login, never at the
            # card's registration: learning it joins it to the card's person (one lookup).
            self.linkage.learn(session, serial)
        user_id, customers = (
            self.linkage.customers_for(session, tenant, serial, identify=identify)
            if serial is not None
            else (None, [])
        )
        return LoginAccepted(
            accepted=True,
            assurance=assurance,
            verdict=visible_verdict(verdict, tenant),
            linked=bool(customers),
            user_id=user_id,
            customers=customers,
        )

    def check_attribute_certificate(
        self, tenant: Tenant, request: AttributeCheckRequest
    ) -> Receipted[AttributeCheck]:
        """An attribute certificate (属性証明書) by the authority the tenant trusts, with the
        holder's JPKI certificate from a card login the tenant verified: whether the AC is
        valid and whether the card's holder is its holder (`jpki.platform.attribute_checks`).
        One evidence record, and the JPKI certificate's check billed as an `attribute-check`."""
        certificate = decode_b64(request.certificate, "certificate", InvalidRequest)
        ac = decode_b64(request.attribute_certificate, "attribute_certificate", InvalidRequest)
        crl = decode_b64(request.crl, "crl", InvalidRequest) if request.crl else None
        authority = trusted_authority(request)
        holder = self.validators[tenant.revocation_policy].check(certificate)
        secret = bytes.fromhex(self.settings.id_secret)
        with self.database.transaction() as session:
            question = HolderQuestion(session, self.linkage, self.tenants, secret, holder)
            verdict = verify_attribute_certificate(
                ac,
                authority=authority,
                crl=crl,
                at=self.clock.now(),
                holder_certificate=holder,
                holder_matches=question,
            )
            result = check_message(verdict).model_copy(
                update={"certificate": visible_verdict(holder, tenant)}
            )
            record = self._append(session, tenant, "attribute-check", result, certificate, holder)
        return Receipted[AttributeCheck](receipt=record.receipt, result=result)

    def ask_consent(self, tenant: Tenant, asked: ConsentAsked) -> ConsentText:
        """A consent text (同意文) for a holder to sign before `tenant` receives `asked.items`."""
        return self.consents.issue(tenant, asked)

    def register_customer(
        self, tenant: Tenant, reference: str, signature: bytes, content: bytes | None
    ) -> Receipted[RegistrationResult]:
        """Link a customer through a signed application (署名用電子証明書で署名された申込み).

        When the signed content is a consent text the platform issued to this tenant (see
        `ask_consent`), the text is spent and exactly its items of the 4 information are
        released; any other signed content links the customer and releases nothing. A spent,
        expired or another tenant's consent text refuses the registration."""
        verdict = verify_cms(self.validators[tenant.revocation_policy], signature, content=content)
        checked = visible_signature(verdict, tenant)
        certificate = verdict.certificate
        if not verdict.valid or certificate.purpose is not CertificatePurpose.SIGN:
            refusal = RegistrationResult(
                signature=checked,
                registered=False,
                message="a valid signature with a signing certificate is required",
            )
            return self._record(tenant, "registration", refusal, None, certificate)
        assert certificate.serial is not None
        with self.database.transaction() as session:
            try:
                consent = self.consents.spend(session, tenant, content) if content else None
            except ConsentRefused as refused:
                refusal = RegistrationResult(
                    signature=checked, registered=False, message=str(refused)
                )
                record = self._append(session, tenant, "registration", refusal, None, certificate)
                return Receipted[RegistrationResult](receipt=record.receipt, result=refusal)
            link = self.linkage.register(session, tenant, reference, certificate.serial)
            result = RegistrationResult(
                signature=checked,
                registered=True,
                reference=link.reference,
                user_id=link.user_id,
            )
            if consent is not None and certificate.four_info is not None:
                consent_id, items = consent
                released = ReleasedFourInfo.of(certificate.four_info, items)
                result = result.model_copy(update={"consent": consent_id, "four_info": released})
            record = self._append(session, tenant, "registration", result, None, certificate)
        return Receipted[RegistrationResult](receipt=record.receipt, result=result)

    def unlink_customer(self, tenant: Tenant, reference: str) -> Receipted[UnlinkResult]:
        ended = self.linkage.unlink(tenant, reference)
        return self._record(
            tenant, "unlinking", UnlinkResult(reference=reference, links_ended=ended), None
        )

    def refresh_revocation(self) -> RefreshReport | None:
        """Load the authority's CRLs now (the operator's `POST /v1/revocation/refresh`), and
        have every other worker load them too within `RefreshRequests.POLL_SECONDS`; None
        when this platform has no CRL sources."""
        refresher = self.verifier.refresher
        if refresher is None:
            return None
        report = refresher.refresh()
        self.refreshes.announce()
        return report

    def follow_refreshes(self) -> bool:
        """Reload the CRLs if another worker was asked to since this one last did (run every
        `RefreshRequests.POLL_SECONDS` by each worker). Whether it reloaded."""
        refresher = self.verifier.refresher
        if refresher is None or (generation := self.refreshes.due()) is None:
            return False
        refresher.refresh()
        self.refreshes.followed_up_to(generation)
        return True

    def follow_renewals(self) -> int:
        """Join renewed certificates to their holders (seed 002 No.14).

        Known certificates that the CRLs list as superseded are looked up in the authority's
        old/new linkage; the successor and its card partner join the same person.
        """
        with self.database.only_one("follow-renewals") as mine:
            return self._follow_renewals() if mine else 0

    def _follow_renewals(self) -> int:
        superseded = [
            serial
            for serial in self.linkage.unfollowed()
            if (entry := self.verifier.index.find(serial)) is not None
            and entry.reason == RevocationReason.SUPERSEDED
        ]
        return self.linkage.follow(superseded) if superseded else 0

    def status_check(
        self,
        tenant: Tenant,
        *,
        certificates: Sequence[bytes] = (),
        references: Sequence[str] = (),
        latest_four_info: bool = False,
    ) -> Receipted[StatusReport]:
        """現況確認 / 変更確認 over stored signing certificates and linked customers."""
        if len(certificates) + len(references) > MAX_ITEMS:
            raise InvalidRequest(f"at most {MAX_ITEMS} items per status check")
        now = self.clock.now()
        with self.database.transaction() as session:
            items = [
                self.status.of_certificate(session, i, der, latest=latest_four_info)
                for i, der in enumerate(certificates)
            ]
            items += self.status.of_customers(
                session, tenant, len(items), references, latest=latest_four_info, at=now
            )
            summary = summarise(items)
            payload = {
                "items": len(items),
                "summary": {situation.value: count for situation, count in summary.items()},
                "situations": [item.situation.value for item in items],
            }
            self.disclosures.status_checks(session, tenant, items)
            billable = sum(item.billable for item in items)
            at = self.clock.now()
            if billable:
                fees.count(
                    session,
                    tenant.id,
                    fees.month_of(at),
                    "status-check",
                    CertificatePurpose.SIGN,
                    billable,
                )
            record = self.evidence.append(session, tenant.id, "status-check", payload, at)
        report = StatusReport(summary=summary, items=[item.to_message() for item in items])
        return Receipted[StatusReport](receipt=record.receipt, result=report)

    def watch(self) -> int:
        """Scheduled 変更確認: check every linked customer of every tenant with a webhook and
        queue a notification for each customer whose situation changed. Returns how many.

        One worker at a time (`Database.only_one`): two checks running together would both
        see each change as new and queue its notification twice."""
        with self.database.only_one("watch") as mine:
            return self._watch() if mine else 0

    def _watch(self) -> int:
        queued = 0
        with self.database.transaction() as session:
            watched = [
                Tenant.of(row)
                for row in session.scalars(
                    select(TenantRow).where(TenantRow.webhook_url.is_not(None))
                )
            ]
        for tenant in watched:
            with self.database.transaction() as session:
                customers = self.linkage.linked_customers(session, tenant)
            if not customers:
                continue
            outcome = self.status_check(tenant, references=list(customers))
            with self.database.transaction() as session:
                for item in outcome.result.items:
                    assert item.reference is not None  # a check of references only
                    queued += self._note_situation(
                        session, tenant, customers[item.reference], item, outcome.receipt
                    )
        return queued

    def _note_situation(
        self, session: Session, tenant: Tenant, customer_id: int, item: StatusLine, receipt: str
    ) -> int:
        situation = item.situation
        if situation in (Situation.UNKNOWN, Situation.UNKNOWN_REFERENCE):
            return 0  # no news is not news: keep the last known situation
        known = session.get(CustomerSituationRow, customer_id)
        previous = known.situation if known is not None else Situation.ALIVE_UNCHANGED.value
        now = self.clock.now()
        if known is None:
            session.add(
                CustomerSituationRow(
                    customer_id=customer_id, situation=situation.value, checked_at=now
                )
            )
        else:
            known.situation, known.checked_at = situation.value, now
        if situation.value == previous:
            return 0
        data = {
            "reference": item.reference,
            "situation": situation.value,
            "previous": previous,
            "label_en": situation.label_en,
            "label_ja": situation.label_ja,
            "latest_four_info": (
                item.latest_four_info.model_dump(mode="json") if item.latest_four_info else None
            ),
            "receipt": receipt,
        }
        if situation in death_onestop_protocol.DEATHS:
            data |= self._death_onestop(session, tenant, customer_id)
        self.webhooks.enqueue(session, tenant.id, "customer.situation-changed", data)
        self.disclosures.change_notice(session, tenant, item)
        return 1

    @staticmethod
    def _death_onestop(session: Session, tenant: Tenant, customer_id: int) -> dict[str, Any]:
        """The death one-stop's fields of a death notification (jpki.platform.death_onestop):
        the holder's request to this business, and to a registrar whom it notified."""
        person = death_onestop.person_of_customer(session, customer_id)
        if person is None:
            return {}
        fields: dict[str, Any] = {}
        notice = death_onestop.notice_for(session, tenant, person)
        if notice is not None:
            fields[death_onestop_protocol.NOTICE_FIELD] = notice.model_dump(mode="json")
        notified = death_onestop.notified_by(session, tenant, person)
        if notified:
            fields[death_onestop_protocol.NOTIFIED_FIELD] = [
                p.model_dump(mode="json") for p in notified
            ]
        return fields

    def register_death_onestop(
        self, tenant: Tenant, reference: str, notify: list[str]
    ) -> Receipted[DeathOnestopRegistered]:
        """死亡・相続ワンストップ: record the businesses the registrar's customer chose."""
        now = self.clock.now()
        with self.database.transaction() as session:
            result = death_onestop.register(session, tenant, reference, notify, now)
            record = self._append(session, tenant, "death-onestop", result, None)
        return Receipted[DeathOnestopRegistered](receipt=record.receipt, result=result)

    def death_onestop_participants(self, tenant: Tenant) -> list[OnestopParticipant]:
        with self.database.transaction() as session:
            return death_onestop.participants(session, tenant)

    def verify_raw(
        self, tenant: Tenant, certificate: bytes, signature: bytes, digest: bytes, algorithm: str
    ) -> Receipted[SignatureResult]:
        """A raw card signature (PKCS#1 v1.5 over a DigestInfo), its signer's verdict and
        linked customers."""
        verdict = verify_raw(
            self.validators[tenant.revocation_policy],
            certificate,
            signature,
            digest=digest,
            algorithm=algorithm,
        )
        return self._signatures(tenant, [verdict], certificate, _single)

    def verify_pdf(self, tenant: Tenant, document: bytes) -> Receipted[PdfSignaturesResult]:
        """Every signature of a PDF (pyHanko) with each signer's verdict and linked customers."""
        verdicts = verify_pdf(self.validators[tenant.revocation_policy], document)
        return self._signatures(tenant, verdicts, None, _several)

    def preserve_pdf(
        self, tenant: Tenant, document: bytes
    ) -> tuple[bytes, Receipted[PdfSignaturesResult]]:
        """The signed PDF made long-term (PAdES B-LT/B-LTA, 長期署名) and the verification of
        its signatures as they stood. Refused when a signature is altered or a JPKI signer is
        not valid now: the platform does not stamp what it would not accept. Signatures of
        other PKIs (a bank's seal) must be intact; their trust is their relying party's call."""
        outcome = self.verify_pdf(tenant, document)
        signatures = outcome.result.signatures
        if not signatures or not all(signature.intact for signature in signatures):
            raise PreservationRefused(
                "every signature must be intact before the document is preserved; "
                f"see receipt {outcome.receipt}"
            )
        crls = []
        for source in self.verifier.feed.sources:
            try:
                crls.append(self.verifier.feed.fetch(source))
            except RevocationDataError:
                continue  # a delta CRL not published yet; the full CRLs decide
        anchors = [anchor.certificate for anchor in self.verifier.validator.anchors]
        return preserve_pdf(document, anchors=anchors, crls=crls, tsa=self.tsa), outcome

    def verify_cms(
        self,
        tenant: Tenant,
        signature: bytes,
        content: bytes | None,
        *,
        content_digest: bytes | None = None,
    ) -> Receipted[SignatureResult]:
        """A CMS signature over `content`, or over a content known only by its SHA-256."""
        verdict = verify_cms(
            self.validators[tenant.revocation_policy],
            signature,
            content=content,
            content_digest=content_digest,
        )
        return self._signatures(tenant, [verdict], None, _single)

    def _signatures(
        self,
        tenant: Tenant,
        verdicts: list[SignatureVerdict],
        certificate: bytes | None,
        shape: Callable[[list[SignatureResult]], AnyResult],
    ) -> Receipted[AnyResult]:
        """Results with each signer's linked customers (seed 004: the SP learns who signed),
        shaped into one answer, one evidence record and one fee per checked certificate."""
        with self.database.transaction() as session:
            results = []
            for verdict in verdicts:
                serial = verdict.certificate.serial
                if (
                    serial is not None
                    and verdict.valid
                    and verdict.certificate.medium is Medium.PHONE
                ):
                    self.linkage.learn(session, serial)  # as for a phone's login, above
                user_id, customers = (
                    self.linkage.customers_for(session, tenant, serial)
                    if serial is not None and verdict.valid
                    else (None, [])
                )
                results.append(
                    SignatureResult.of(visible_signature(verdict, tenant), user_id, customers)
                )
            result = shape(results)
            at = self.clock.now()
            for verdict, told in zip(verdicts, results, strict=True):
                self.disclosures.signature(session, tenant, verdict, told)
                if verdict.certificate.status is not Status.MALFORMED:
                    fees.count(
                        session,
                        tenant.id,
                        fees.month_of(at),
                        "signature",
                        verdict.certificate.purpose,
                    )
            record = self._append(session, tenant, "signature", result, certificate, at=at)
        return Receipted[AnyResult](receipt=record.receipt, result=result)

    def _record(
        self,
        tenant: Tenant,
        kind: str,
        result: AnyResult,
        certificate: bytes | None,
        checked: Verdict | None = None,
    ) -> Receipted[AnyResult]:
        with self.database.transaction() as session:
            record = self._append(session, tenant, kind, result, certificate, checked)
        return Receipted[AnyResult](receipt=record.receipt, result=result)

    def _append(
        self,
        session: Session,
        tenant: Tenant,
        kind: str,
        result: Message,
        certificate: bytes | None,
        checked: Verdict | None = None,
        *,
        at: dt.datetime | None = None,
    ) -> EvidenceRecord:
        """Write the evidence (the result's JSON as the tenant received it, less the 4
        information: `minimal`) and, when a certificate was checked, count the fee. The
        evidence goes last, as the last write of the caller's transaction must be: the chain
        head's lock is then held only to the commit (`EvidenceLog.append`)."""
        unlinkable = tenant.identifiers is Identifiers.PER_USE
        payload = minimal(result.to_wire(), unlinkable=unlinkable)
        if tenant.model is Model.ITAKU and certificate is not None:
            payload["certificate_sha256"] = hashlib.sha256(certificate).hexdigest()
        at = at or self.clock.now()
        self.disclosures.result(session, tenant, result, checked)
        if checked is not None and checked.status is not Status.MALFORMED:
            fees.count(session, tenant.id, fees.month_of(at), kind, checked.purpose)
        return self.evidence.append(session, tenant.id, kind, payload, at)

    def statement(self, tenant: Tenant, month: str | None = None) -> fees.Statement:
        with self.database.transaction() as session:
            return fees.statement(
                session, tenant.id, month or fees.month_of(self.clock.now()), self.settings.prices
            )

    def seal(self) -> Checkpoint | None:
        """Time-stamp the evidence chain's head with the platform's TSA (one worker at a time:
        the others' timers skip the round)."""
        with self.database.only_one("seal") as mine:
            if not mine:
                return None
            return self.evidence.seal(
                lambda digest: token_of(self.tsa.respond(timestamp_request(digest)))
            )

    def evidence_of(self, tenant: Tenant) -> list[EvidenceRecord]:
        return [r for r in self.evidence.export(tenant=tenant.id) if isinstance(r, EvidenceRecord)]


def _validators_by_policy(setup: VerifierSetup, clock: Clock) -> dict[RevocationPolicy, Validator]:
    """One validator per revocation policy, sharing the anchors, the index and the OCSP client.

    Without an OCSP responder the OCSP policies fall back to (or, for `ocsp-only`, fail closed
    without) the CRLs: the verdict's source always says which answered.
    """
    base, index, ocsp = setup.validator, setup.index, setup.ocsp
    checkers: dict[RevocationPolicy, RevocationChecker | None] = {
        RevocationPolicy.CRL_ONLY: index,
        RevocationPolicy.OCSP_ONLY: ocsp,
        RevocationPolicy.OCSP_THEN_CRL: FirstKnown(ocsp, index) if ocsp else index,
    }
    validators = {
        policy: Validator(base.anchors, checker, clock, other_pki=base.other_pki)
        for policy, checker in checkers.items()
    }
    validators[RevocationPolicy.CRL_THEN_OCSP] = base
    return validators


def _verifier_of(settings: PlatformSettings, clock: Clock) -> VerifierSetup:
    """CRLs from the authority kept fresh in the background, OCSP when they do not answer."""
    base = (settings.authority_url or "").rstrip("/")
    crls = settings.crl_sources or (crl_urls(base) if base else [])
    deltas = [delta for source in crls if (delta := delta_of(str(source))) is not None]

    return build_verifier(
        clock,
        settings.trust_paths,
        crls=crls,
        optional_crls=deltas,
        ocsp_url=f"{base}/ocsp" if base else None,
        api_key=settings.verifier_api_key,
        refresh=bool(crls),
    )


def _single(results: list[SignatureResult]) -> SignatureResult:
    """The answer of a check of one signature: its result."""
    return results[0]


def _several(results: list[SignatureResult]) -> PdfSignaturesResult:
    """The answer of a check of a document's signatures: all of them, valid when all are."""
    return PdfSignaturesResult(
        signatures=results, valid=bool(results) and all(result.valid for result in results)
    )


def provider_of(tenant: Tenant, audience: str | None) -> str:
    """Whom a login challenge is bound to: the tenant, or the party it logs holders in for."""
    return tenant.id if audience is None else f"{tenant.id}/{audience}"


__all__ = [
    "Platform",
    "provider_of",
    "visible_signature",
    "visible_verdict",
]

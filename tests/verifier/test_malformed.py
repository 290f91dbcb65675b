"""Parser failures of a stranger's bytes are `malformed` verdicts, never exceptions (issue 19).

Each mutant is crafted deterministically and re-signed with its issuer's key, so only the
parser stands between it and the verdict: a duplicated extension (cryptography's
DuplicateExtension), an X.509 v4 (InvalidVersion), an x400Address (UnsupportedGeneralNameType),
in certificates, CRLs and CMS. A bad CRL source does not stop the refresher from loading the
ones after it, and a CMS SignedData that is not exactly its DER (trailing bytes, BER lengths) or
whose digestAlgorithms omit its signer's digest is refused, with or without pyHanko imported.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from asn1crypto import x509 as asn1_x509

from jpki.authority.service import Authority
from jpki.card.os import Card
from jpki.client.cms import sign_detached
from jpki.client.readers import InProcessReader
from jpki.client.token import JpkiToken
from jpki.clock import ManualClock
from jpki.profile.purpose import CertificatePurpose
from jpki.verifier.challenge import AuthenticationResponse, Authenticator, ChallengeBook
from jpki.verifier.cms import verify_cms
from jpki.verifier.errors import CertificateRejected, RevocationDataError
from jpki.verifier.revocation.crl import load_crl
from jpki.verifier.revocation.index import RevocationIndex
from jpki.verifier.revocation.refresh import CrlFeed, Refresher
from jpki.verifier.signatures import verify_raw
from jpki.verifier.validation import Validator
from jpki.verifier.verdict import Status
from tests.holders import SIGN_PASSWORD, make_holder
from tests.verifier import mutants
from tests.verifier.validators import validator_of

AUTH, SIGN = CertificatePurpose.AUTH, CertificatePurpose.SIGN
DOCUMENT = b"a contract"

CertificateEdit = Callable[[asn1_x509.TbsCertificate], None]
CERTIFICATE_MUTANTS: dict[str, CertificateEdit] = {
    "DuplicateExtension": mutants.duplicate_extension,
    "InvalidVersion": mutants.version_4,
    "UnsupportedGeneralNameType": mutants.unsupported_general_name,
}


def mutant_certificate(authority: Authority, edit: CertificateEdit) -> bytes:
    """A holder's signing certificate edited by `edit` and signed again by its root."""
    holder = make_holder(authority)
    return mutants.resigned_certificate(
        holder.sign.der, authority.authorities.current(SIGN).key, edit
    )


@pytest.mark.parametrize("family", sorted(CERTIFICATE_MUTANTS))
def test_certificate_parser_failures_are_malformed(authority, clock, family):
    der = mutant_certificate(authority, CERTIFICATE_MUTANTS[family])
    validator = validator_of(authority, clock)
    verdict = validator.check(der)
    assert verdict.status is Status.MALFORMED, verdict.message
    assert "形式不正" in verdict.message
    raw = verify_raw(validator, der, b"\x00" * 256, data=DOCUMENT)
    assert raw.certificate.status is Status.MALFORMED
    assert not raw.valid


@pytest.mark.parametrize("family", sorted(CERTIFICATE_MUTANTS))
def test_cms_carrying_a_mutant_certificate_is_malformed(personalised, authority, clock, family):
    """The signer's certificate inside the SignedData goes through the same loader."""
    token = JpkiToken(InProcessReader(Card(personalised[0])))
    token.verify(SIGN, SIGN_PASSWORD)
    certificate = token.certificate(SIGN)
    signed = sign_detached(token, DOCUMENT, certificate, clock.now(), attached=True)
    info = mutants.cms.ContentInfo.load(signed)
    good = info["content"]["certificates"][0].chosen.dump()
    bad = mutants.resigned_certificate(
        good, authority.authorities.current(SIGN).key, CERTIFICATE_MUTANTS[family]
    )
    info["content"]["certificates"] = [asn1_x509.Certificate.load(bad)]
    verdict = verify_cms(validator_of(authority, clock), info.dump(force=True))
    assert not verdict.valid
    assert verdict.certificate.status is Status.MALFORMED, verdict.message


@pytest.mark.parametrize("family", sorted(CERTIFICATE_MUTANTS))
def test_login_with_a_mutant_certificate_is_refused(authority, clock, family):
    der = mutant_certificate(authority, CERTIFICATE_MUTANTS[family])
    book = ChallengeBook(clock)
    challenge = book.issue("bank", "https://bank.example")
    response = AuthenticationResponse(
        challenge.nonce, "bank", "https://bank.example", der, b"\x00" * 256
    )
    with pytest.raises(CertificateRejected) as refused:
        Authenticator(validator_of(authority, clock), book).verify(
            response, provider="bank", origin="https://bank.example"
        )
    assert refused.value.verdict.status is Status.MALFORMED


CRL_MUTANTS = {
    "DuplicateExtension": mutants.duplicate_extension,
    "InvalidVersion": mutants.version_4,
    "UnsupportedGeneralNameType": mutants.unsupported_distribution_point,
}


def mutant_crl(authority: Authority, family: str) -> bytes:
    authority.publish_crls()
    good = (authority.settings.crl_dir / "auth.crl").read_bytes()
    return mutants.resigned_crl(good, authority.authorities.current(AUTH).key, CRL_MUTANTS[family])


@pytest.mark.parametrize("family", sorted(CRL_MUTANTS))
def test_crl_parser_failures_are_revocation_data_errors(authority, family):
    anchors = validator_of(authority, authority.clock).anchors
    with pytest.raises(RevocationDataError, match="malformed CRL"):
        load_crl(mutant_crl(authority, family), anchors)


def test_refresher_reports_a_bad_crl_and_loads_the_ones_after_it(
    authority: Authority, clock: ManualClock, tmp_path: Path
) -> None:
    holder = make_holder(authority)
    bad = tmp_path / "bad.crl"
    bad.write_bytes(mutant_crl(authority, "DuplicateExtension"))
    anchors = validator_of(authority, clock).anchors
    index = RevocationIndex(anchors, clock)
    sources = [
        bad,
        authority.settings.crl_dir / "auth.crl",
        authority.settings.crl_dir / "sign.crl",
    ]
    report = Refresher(index, CrlFeed(sources), clock).refresh()
    assert report.loaded == 2
    assert len(report.errors) == 1
    assert str(bad) in report.errors[0]
    validator = Validator(anchors, index, clock)
    assert validator.check(holder.auth.der).status is Status.VALID
    assert validator.check(holder.sign.der).status is Status.VALID


@pytest.fixture
def attached(personalised, clock) -> bytes:
    token = JpkiToken(InProcessReader(Card(personalised[0])))
    token.verify(SIGN, SIGN_PASSWORD)
    return sign_detached(token, DOCUMENT, token.certificate(SIGN), clock.now(), attached=True)


CMS_MUTANTS = {
    "trailing bytes": mutants.trailing_bytes,
    "BER length": mutants.long_form_length,
    "foreign digestAlgorithms": mutants.foreign_digest_algorithms,
}


@pytest.mark.parametrize("name", sorted(CMS_MUTANTS))
def test_malleable_cms_is_not_valid(attached, authority, clock, name):
    validator = validator_of(authority, clock)
    assert verify_cms(validator, attached).valid
    verdict = verify_cms(validator, CMS_MUTANTS[name](attached))
    assert not verdict.valid
    assert verdict.certificate.status is Status.MALFORMED, verdict.message


PROBE = """
import datetime as dt, sys
from pathlib import Path
if sys.argv[1] == "pyhanko":
    import pyhanko.sign.validation  # registers its own asn1crypto types
from jpki.clock import ManualClock
from jpki.verifier.cms import verify_cms
from jpki.verifier.setup import build_verifier
roots, crl, at = Path(sys.argv[2]), Path(sys.argv[3]), dt.datetime.fromisoformat(sys.argv[4])
validator = build_verifier(ManualClock(at), [roots], crls=[crl]).validator
for path in sys.argv[5:]:
    print(verify_cms(validator, Path(path).read_bytes()).status.replace(" ", "-"))
"""


def test_cms_verdicts_are_the_same_with_and_without_pyhanko(attached, authority, clock, tmp_path):
    authority.publish_crls()
    paths = []
    for name, mutate in sorted(CMS_MUTANTS.items()):
        path = tmp_path / name.replace(" ", "-")
        path.write_bytes(mutate(attached))
        paths.append(str(path))
    (tmp_path / "good").write_bytes(attached)
    paths.append(str(tmp_path / "good"))
    settings = authority.settings
    arguments = [settings.roots_dir, settings.crl_dir / "sign.crl", clock.now().isoformat()]
    answers = {
        mode: subprocess.run(
            [sys.executable, "-c", PROBE, mode, *map(str, arguments), *paths],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        for mode in ("plain", "pyhanko")
    }
    assert answers["plain"] == answers["pyhanko"]
    assert answers["plain"] == ["invalid-signature"] * len(CMS_MUTANTS) + ["valid"]

"""Trust anchors: real J-LIS roots of two generations per name, and our sandbox's."""

from __future__ import annotations

from cryptography.hazmat.primitives.serialization import Encoding

from jpki.profile.purpose import CertificatePurpose
from jpki.profile.real_roots import JLIS_ROOTS_DIR
from jpki.verifier.anchors import TrustAnchors
from jpki.verifier.validation import Validator
from jpki.verifier.verdict import Status
from tests.holders import make_holder


def test_real_jlis_roots_load_as_two_generations_per_name():
    anchors = TrustAnchors.load([JLIS_ROOTS_DIR])
    assert len(anchors) == 4
    by_purpose: dict[CertificatePurpose | None, list] = {}
    for anchor in anchors:
        by_purpose.setdefault(anchor.purpose, []).append(anchor)
    assert set(by_purpose) == {CertificatePurpose.AUTH, CertificatePurpose.SIGN}
    for generations in by_purpose.values():
        assert len(generations) == 2
        assert generations[0].certificate.subject == generations[1].certificate.subject
        assert anchors.is_jpki_issuer(generations[0].certificate.subject)


def test_issuer_found_by_key_id_across_rollover(authority, clock):
    before = make_holder(authority)
    authority.rollover(CertificatePurpose.AUTH)
    after = make_holder(authority)
    anchors = TrustAnchors(g.certificate for g in authority.authorities.all())
    keys = set()
    for holder in (before, after):
        anchor = anchors.issuer_of(holder.auth.certificate, None)
        assert anchor is not None
        keys.add(anchor.key_id)
    assert len(keys) == 2
    # Our sandbox certificates are not J-LIS's: the real roots do not vouch for them.
    real = Validator(TrustAnchors.load([JLIS_ROOTS_DIR]), None, clock)
    verdict = real.check(after.auth.certificate.public_bytes(Encoding.DER))
    assert verdict.status is Status.UNTRUSTED

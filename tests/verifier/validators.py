"""A validator the verifier tests build over a whole authority (not over the corpus)."""

from __future__ import annotations

from jpki.authority.service import Authority
from jpki.clock import ManualClock
from jpki.verifier.anchors import TrustAnchors
from jpki.verifier.revocation.index import RevocationIndex
from jpki.verifier.validation import Validator


def validator_of(authority: Authority, clock: ManualClock) -> Validator:
    """A validator trusting every root generation of `authority`, with its current full CRLs."""
    authority.publish_crls()
    anchors = TrustAnchors(g.certificate for g in authority.authorities.all())
    index = RevocationIndex(anchors, clock)
    for path in sorted(authority.settings.crl_dir.glob("*-g*.crl")):
        if "-s" not in path.name and "delta" not in path.name:
            index.add_crl(path.read_bytes())
    return Validator(anchors, index, clock)

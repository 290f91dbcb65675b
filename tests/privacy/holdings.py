"""Who may hold what about a person (自己情報コントロール), as data: the table docs/privacy.md
mirrors and the privacy probe (tests/e2e/test_privacy_probe.py) asserts.

A row names a kind of party and the items it may keep in its stores or receive in responses;
anything not listed it must never hold. Items are the `Form.item` names of
`tests.privacy.forms`. Rows for parties other helpers own (the platform's evidence, the IdP's
claims, the disclosure log) are added beside these as their branches land.
"""

from __future__ import annotations

FOUR_INFO = frozenset({"name", "address", "birth-date"})
"""The 4 information in the forms searched (sex is a single digit: not searchable)."""
CERTIFICATE = frozenset(
    {"certificate", "certificate-sha1", "certificate-sha256", "subject-cn", "subject-dn", "serial"}
)
"""A certificate and every form that identifies it: its hashes, its subject, its serial."""
ITEMS = FOUR_INFO | CERTIFICATE | {"my-number"}

MAY_HOLD: dict[str, frozenset[str]] = {
    # A 代行 tenant: the 4 information only as the holder's signed consent gives it; never a
    # certificate, its hash, subject or serial, never the My Number.
    "daiko-service": FOUR_INFO,
    # A 委託 tenant is the verifier: it sees the certificates and their 4 information.
    "itaku-service": FOUR_INFO | CERTIFICATE,
    # The signature verification platform verifies for both models; never the My Number.
    "platform": FOUR_INFO | CERTIFICATE,
    # The numbering system (番号制度) and the authority's register hold the My Number.
    "numbering": ITEMS,
}


PARTY_FOLDERS: dict[str, str] = {"platform": "platform", "idp": "platform", "mynumber": "numbering"}
"""The world's folders of the parties other than the services (`<data>/<folder>/`), and the row
of `MAY_HOLD` each answers to. The IdP verifies as the platform does until its own row lands
(the IdP's helper tightens it: claims after Deny, issue 25 item 7)."""


def forbidden(party: str) -> frozenset[str]:
    """What `party` must never hold."""
    return ITEMS - MAY_HOLD[party]


__all__ = ["CERTIFICATE", "FOUR_INFO", "ITEMS", "MAY_HOLD", "PARTY_FOLDERS", "forbidden"]

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
    # A 代行 tenant: the 4 information only as the holder's signed consent gives it (which
    # items: `CONSENTED`); never a certificate, its hash, subject or serial, never the My Number.
    "daiko-service": FOUR_INFO,
    # A 委託 tenant is the verifier: it sees the certificates and their 4 information.
    "itaku-service": FOUR_INFO | CERTIFICATE,
    # The signature verification platform verifies for both models; never the My Number.
    "platform": FOUR_INFO | CERTIFICATE,
    # The IdP keeps a holder's consented claims while a login, code or token is live, and the
    # signing certificate of a `sign_certificate` request; never the My Number.
    "idp": FOUR_INFO | CERTIFICATE,
    # The HPKI authority: a licence names its holder by name and birth date (the registry) and
    # the certificate by name; never the address, a JPKI certificate or the My Number.
    "hpki": frozenset({"name", "birth-date"}),
    # The attribute authority (属性認証局) names holders by the platform's stable ID only: no 4
    # information, no certificate or serial, no My Number in anything it keeps.
    "attribute-authority": frozenset(),
    # The numbering system (番号制度) and the authority's register hold the My Number.
    "numbering": ITEMS,
}


CONSENTED: dict[str, frozenset[str]] = {
    "age": frozenset(),  # consents to the birth date, keeps only the day the holder turns 20
    "bank": FOUR_INFO,
    "clinic": frozenset({"name", "birth-date"}),
    "death_onestop": frozenset(),  # the platform joins its registrants to the businesses
    "disaster": FOUR_INFO,
    "mykey": frozenset(),
    "payments": frozenset(),
    "pharmacy": frozenset({"name", "birth-date"}),  # what a prescription names its patient by
    "securities": frozenset({"name"}),
    "recycling": frozenset(),
    "auction": frozenset(),
    "infobank": frozenset(),
    "venue": frozenset(),  # consents to the birth date, keeps only the day the person turns 20
}
"""The items of the 4 information each 代行 service asks the holder's consent for and keeps
(docs/privacy.md); the others it must never hold."""

PARTY_FOLDERS: dict[str, str] = {
    "platform": "platform",
    "idp": "idp",
    "mynumber": "numbering",
    "hpki": "hpki",
    "attributes": "attribute-authority",
}
"""The world's folders of the parties other than the services (`<data>/<folder>/`), and the row
of `MAY_HOLD` each answers to. (The IdP's claims after Deny and withdrawal are searched table by
table in tests/idp/test_claims_retention.py.)"""


def forbidden(party: str, service: str | None = None) -> frozenset[str]:
    """What `party` must never hold; for a 代行 `service`, also the items it never asks for."""
    never = ITEMS - MAY_HOLD[party]
    if party == "daiko-service" and service is not None:
        never |= FOUR_INFO - CONSENTED[service]
    return never


__all__ = [
    "CERTIFICATE",
    "CONSENTED",
    "FOUR_INFO",
    "ITEMS",
    "MAY_HOLD",
    "PARTY_FOLDERS",
    "forbidden",
]

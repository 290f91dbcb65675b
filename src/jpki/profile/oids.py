"""Object identifiers of the JPKI profile (JPKI.md sections 3-4) and of our private arc.

J-LIS's own arc is 1.2.392.200149 (地方公共団体情報システム機構). Where the seeds propose
data the real system does not carry (seed 002's STEP 1 and STEP 2, certificate linkage in
OCSP), we use a private arc of our own under 2.25 (a UUID-derived OID, which anyone may
mint without registration) so that nothing we invent squats on J-LIS's numbers.
"""

from cryptography.x509.oid import ObjectIdentifier

JLIS_ARC = "1.2.392.200149"

POLICY_SIGN = ObjectIdentifier("1.2.392.200149.8.5.1.1.20")
"""Certificate policy of the signing certificate (署名用電子証明書)."""

POLICY_AUTH = ObjectIdentifier("1.2.392.200149.8.5.1.3.30")
"""Certificate policy of the authentication certificate (利用者証明用電子証明書). (unconfirmed)"""

FOUR_INFO_PREFIX = "1.2.392.200149.8.5.5"
"""Prefix of the subjectAltName otherName entries carrying the basic 4 information (基本4情報)."""

NAME = ObjectIdentifier(f"{FOUR_INFO_PREFIX}.1")
NAME_FLAGS = ObjectIdentifier(f"{FOUR_INFO_PREFIX}.2")
SEX = ObjectIdentifier(f"{FOUR_INFO_PREFIX}.3")
BIRTH_DATE = ObjectIdentifier(f"{FOUR_INFO_PREFIX}.4")
ADDRESS = ObjectIdentifier(f"{FOUR_INFO_PREFIX}.5")
ADDRESS_FLAGS = ObjectIdentifier(f"{FOUR_INFO_PREFIX}.6")

CPS_URI = "http://www.jpki.go.jp/cps/index.html"
"""Certification practice statement URI placed in the certificate policy qualifier."""

PRIVATE_ARC = "2.25.238315718127932616414457339218893419617"
"""Our private arc (2.25 + a random UUID) for the seeds' proposed extensions."""

REVOCATION_DETAIL = ObjectIdentifier(f"{PRIVATE_ARC}.1")
"""CRL-entry / OCSP single extension: why exactly (death, emigration, which 4 info changed)."""

CERTIFICATE_LINKAGE = ObjectIdentifier(f"{PRIVATE_ARC}.2")
"""OCSP single extension: serial of the same card's other certificate, and the successor."""

LATEST_FOUR_INFO = ObjectIdentifier(f"{PRIVATE_ARC}.3")
"""OCSP single extension: the holder's latest 4 information, for consented verifiers."""

__all__ = [
    "ADDRESS",
    "ADDRESS_FLAGS",
    "BIRTH_DATE",
    "CERTIFICATE_LINKAGE",
    "CPS_URI",
    "FOUR_INFO_PREFIX",
    "JLIS_ARC",
    "LATEST_FOUR_INFO",
    "NAME",
    "NAME_FLAGS",
    "POLICY_AUTH",
    "POLICY_SIGN",
    "PRIVATE_ARC",
    "REVOCATION_DETAIL",
    "SEX",
]

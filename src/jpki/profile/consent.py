"""The statement a holder signs to let one verifier receive their latest 4 information.

Since 2023-05-16 J-LIS gives an accredited verifier the latest 4 information of a holder
whose signing certificate was revoked for a change, only with the holder's consent given by
a signature. The holder signs these bytes (PKCS#1 v1.5, SHA-256) with the key of their
signing certificate; the authority checks the signature before it records the consent.
"""


def consent_message(verifier_id: int, serial: int) -> bytes:
    """Canonical consent statement for verifier `verifier_id` and signing certificate `serial`."""
    return (
        "jpki-consent:v1\n"
        f"verifier={verifier_id}\n"
        f"serial={serial}\n"
        "I consent to J-LIS giving this verifier my latest basic 4 information.\n"
        "最新の基本4情報を当該検証者に提供することに同意します。\n"
    ).encode()


__all__ = ["consent_message"]

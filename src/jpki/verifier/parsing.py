"""The one place where a parser's failure on a stranger's bytes becomes `Malformed` (形式不正).

Certificates, CRLs, CMS, PDFs and OCSP responses come from whoever calls a platform route, a
wallet login or `jpki verify`. The parsers under the verifier do not agree on how they fail:

- cryptography raises ValueError for most bad DER, but its own `Exception` subclasses for
  some well-formed DER it will not accept (`DuplicateExtension`, `InvalidVersion`,
  `UnsupportedGeneralNameType`), TypeError or `UnsupportedAlgorithm` for odd keys and
  algorithms, and parses extensions lazily, so these surface on first access;
- asn1crypto has no error class of its own for bad bytes: it raises ValueError, TypeError,
  KeyError or IndexError (and OverflowError on absurd lengths or times) while decoding,
  again lazily;
- pyHanko raises its `PdfError` family (PdfReadError, PdfStreamError, ...) and
  `SignatureValidationError`, and pyhanko-certvalidator lets an AttributeError out on some
  mutated structures; pdf.py adds pyHanko's families (importing pyHanko here would load it,
  and its asn1crypto registrations, into every process that only checks certificates).

`parsing` catches exactly these families, never bare `Exception` (a bug elsewhere must stay
a bug), and each entry point of the verifier turns the `Malformed` it raises into its
`malformed` verdict or, for revocation data, a `RevocationDataError`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm

from jpki.verifier.errors import VerifierError

PARSER_FAILURES: tuple[type[Exception], ...] = (
    ValueError,
    TypeError,
    KeyError,
    IndexError,
    AttributeError,
    OverflowError,
    UnsupportedAlgorithm,
    x509.DuplicateExtension,
    x509.InvalidVersion,
    x509.UnsupportedGeneralNameType,
)
"""What cryptography and asn1crypto raise on bytes they cannot read (see the module text)."""


class Malformed(VerifierError, ValueError):
    """Bytes from outside did not parse as the object they claim to be."""


@contextlib.contextmanager
def parsing(what: str, *also: type[Exception]) -> Iterator[None]:
    """Raise `Malformed` ("malformed {what}") for any parser failure inside the block.

    `also` names further families of a parser the caller uses (pyHanko's for a PDF).
    """
    try:
        yield
    except Malformed:
        raise
    except (*PARSER_FAILURES, *also) as exc:
        detail = str(exc) or type(exc).__name__
        raise Malformed(f"malformed {what} / 形式不正: {detail}") from exc


__all__ = ["PARSER_FAILURES", "Malformed", "parsing"]

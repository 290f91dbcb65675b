"""PAdES validation as an independent relying party does it: pyHanko's ETSI EN 319 102-1
long-term (LTA) validation over what the PDF itself carries, fetching nothing."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Iterable

from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.ades.report import AdESPassed
from pyhanko.sign.validation.ades import ades_lta_validation
from pyhanko.sign.validation.policy_decl import (
    PdfSignatureValidationSpec,
    RevinfoOnlineFetchingRule,
    RevocationInfoGatheringSpec,
    SignatureValidationSpec,
)
from pyhanko_certvalidator.context import CertValidationPolicySpec
from pyhanko_certvalidator.policy_decl import (
    CertRevTrustPolicy,
    RevocationCheckingPolicy,
    RevocationCheckingRule,
)
from pyhanko_certvalidator.registry import SimpleTrustManager

# Certificates that name a CRL (JPKI's) must be covered by one in the document; the TSA and
# seal certificates name none.
DECLARED = RevocationCheckingRule.CHECK_IF_DECLARED


def long_term_verdicts(pdf: bytes, roots: Iterable[bytes]) -> dict[str, str]:
    """Each signature field's AdES LTA indication, e.g. {"JPKISignature": "AdESPassed.OK"}.

    Runs its own event loop: call it outside Playwright's thread."""
    trusted = [asn1_x509.Certificate.load(der) for der in roots]
    policy = CertValidationPolicySpec(
        trust_manager=SimpleTrustManager.build(trust_roots=trusted),
        revinfo_policy=CertRevTrustPolicy(RevocationCheckingPolicy(DECLARED, DECLARED)),
    )
    spec = PdfSignatureValidationSpec(
        SignatureValidationSpec(
            policy,
            revinfo_gathering_policy=RevocationInfoGatheringSpec(
                online_fetching_rule=RevinfoOnlineFetchingRule.LOCAL_ONLY
            ),
        )
    )

    async def judge() -> dict[str, str]:
        reader = PdfFileReader(io.BytesIO(pdf))
        out = {}
        for signature in reader.embedded_regular_signatures:
            result = await ades_lta_validation(signature, spec)
            out[signature.field_name] = str(result.ades_subindic)
        return out

    return asyncio.run(judge())


PASSED = str(AdESPassed.OK)

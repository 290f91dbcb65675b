"""The JPKI specification as code (JPKI.md sections 3-5): names, OIDs, codecs, identifiers.

Every party imports this package and nothing else of each other's, so that the profile is
the one place where "what a JPKI certificate looks like" is written down.
"""

from jpki.profile.address import PREFECTURES, Address, split_address
from jpki.profile.certificate import CertificateDescription, describe_certificate
from jpki.profile.era import Era, EraDate, decode_birth_date, encode_birth_date, to_era_date
from jpki.profile.errors import JpkiError, MalformedFourInfo, ProfileError
from jpki.profile.extensions import (
    CertificateLinkage,
    RevocationDetail,
    decode_latest_four_info,
    decode_linkage,
    decode_revocation_detail,
    encode_latest_four_info,
    encode_linkage,
    encode_revocation_detail,
)
from jpki.profile.four_info import FourInfo, Sex, decode_four_info, encode_four_info
from jpki.profile.identifiers import SubjectId, validate_mykey_part, validate_terminal_code
from jpki.profile.numbers import (
    complete_my_number,
    is_valid_corporate_number,
    is_valid_my_number,
    my_number_check_digit,
)
from jpki.profile.purpose import CertificatePurpose, root_name, root_san_name
from jpki.profile.reasons import (
    FOUR_INFO_FIELDS,
    REASON_MEANINGS,
    RevocationCause,
    RevocationReason,
)
from jpki.profile.validity import (
    age_on,
    certificate_not_after,
    may_hold_signing_certificate,
)

__all__ = [
    "FOUR_INFO_FIELDS",
    "PREFECTURES",
    "REASON_MEANINGS",
    "Address",
    "CertificateDescription",
    "CertificateLinkage",
    "CertificatePurpose",
    "Era",
    "EraDate",
    "FourInfo",
    "JpkiError",
    "MalformedFourInfo",
    "ProfileError",
    "RevocationCause",
    "RevocationDetail",
    "RevocationReason",
    "Sex",
    "SubjectId",
    "age_on",
    "certificate_not_after",
    "complete_my_number",
    "decode_birth_date",
    "decode_four_info",
    "decode_latest_four_info",
    "decode_linkage",
    "decode_revocation_detail",
    "describe_certificate",
    "encode_birth_date",
    "encode_four_info",
    "encode_latest_four_info",
    "encode_linkage",
    "encode_revocation_detail",
    "is_valid_corporate_number",
    "is_valid_my_number",
    "may_hold_signing_certificate",
    "my_number_check_digit",
    "root_name",
    "root_san_name",
    "split_address",
    "to_era_date",
    "validate_mykey_part",
    "validate_terminal_code",
]

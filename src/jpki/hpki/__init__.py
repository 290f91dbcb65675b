"""The HPKI authority (保健医療福祉分野PKI認証局): signing certificates that carry a healthcare
qualification (doctor 医師, pharmacist 薬剤師) and no address, issued after card proofing;
their revocation and CRL. See docs/hpki.md."""

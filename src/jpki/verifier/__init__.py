"""The verifier: the JPKI interface function (JPKIインターフェース機能, ③ in seed 004).

Everything a service provider, the signature verification platform or the IdP needs to decide
whether a card's certificate and signature can be relied on: trust anchors of several key
generations, path validation with a fast path for JPKI chains (and pyhanko-certvalidator for
any other PKI), a revocation index fed by CRLs and OCSP, raw / CMS / PDF signature
verification, and origin-bound challenge-response authentication. Every answer is a `Verdict`,
never a bare boolean.
"""

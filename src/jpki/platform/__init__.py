"""The signature verification platform (署名検証プラットフォーム / 共通的PF, seed 004).

One accredited verifier serving many service providers. So far: the evidence log's hash chain
and the RFC 3161 timestamp authority that seals it (seed 000: トランザクションのエビデンス化).
Tenants, linkage management, ID conversion, status checks and the HTTP API are to come
(issue 5).
"""

"""The authority's published files (公開ファイル) and where they are served: the CRLs.

Files (DER) in the authority's `crl/` folder, served at `<authority>/crl/<name>`:
  <purpose>.crl                 complete CRL of the current generation
  <purpose>-delta.crl           delta CRL of the current generation
  <purpose>-g<N>.crl            complete CRL of generation N (and -g<N>-delta.crl)
  <purpose>-g<N>-s<K>.crl       shard K of generation N, when it has several shards
`<purpose>` is `auth` or `sign`. Verifiers, the platform and the numbering system read these
names from here; the authority writes and serves them from here.
"""

from __future__ import annotations

import re

from jpki.profile.purpose import CertificatePurpose

HPKI_CRL_NAME = "hpki-sign.crl"
"""The HPKI signing CA's complete CRL (`jpki.protocol.hpki.CRL_PATH`: served under its `crl/`)."""

CRL_FOLDER = "crl"
"""The folder under the authority's data folder, and the URL path under its base URL."""
CRL_NAME = re.compile(r"^(auth|sign)(-g[0-9]{1,4})?(-s[0-9]{1,6}|-delta)?\.crl$")
"""Every name the authority may publish (and the only names its `/crl/` route serves)."""


def crl_name(
    purpose: CertificatePurpose,
    *,
    generation: int | None = None,
    shard: int | None = None,
    delta: bool = False,
) -> str:
    """A CRL's file name: the current generation's when `generation` is None."""
    if shard is not None and (delta or generation is None):
        raise ValueError("a shard belongs to one generation's complete CRL")
    stem = purpose.value if generation is None else f"{purpose.value}-g{generation}"
    suffix = "-delta" if delta else "" if shard is None else f"-s{shard}"
    return f"{stem}{suffix}.crl"


def current_crl_names(*, delta: bool = False) -> list[str]:
    """The current generation's complete CRLs (or their deltas), one per purpose."""
    return [crl_name(purpose, delta=delta) for purpose in CertificatePurpose]


def crl_urls(authority_url: str, *, delta: bool = False) -> list[str]:
    """Where the authority at `authority_url` serves its current CRLs (or their deltas)."""
    base = authority_url.rstrip("/")
    return [f"{base}/{CRL_FOLDER}/{name}" for name in current_crl_names(delta=delta)]


def delta_of(source: str) -> str | None:
    """The delta CRL published beside a current complete CRL's path or URL; None for any
    other source (a generation's or a shard's CRL, or a foreign file)."""
    for purpose in CertificatePurpose:
        complete = "/" + crl_name(purpose)
        if source.endswith(complete):
            return source.removesuffix(complete) + "/" + crl_name(purpose, delta=True)
    return None


__all__ = [
    "CRL_FOLDER",
    "CRL_NAME",
    "HPKI_CRL_NAME",
    "crl_name",
    "crl_urls",
    "current_crl_names",
    "delta_of",
]

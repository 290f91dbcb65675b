"""How the world starts the SSO use case: each site a relying party of the IdP."""

import functools

from jpki.apps.gov_sso.app import build_site_app
from jpki.apps.gov_sso.sites import SITES
from jpki.apps.kit.spec import SiteSpec

SPECS = tuple(
    SiteSpec(
        f"gov-{site.key}",
        site.name,
        f"SSO through the IdP (seed 001): {site.name}",
        functools.partial(build_site_app, site),
    )
    for site in SITES
)


__all__ = ["SPECS"]

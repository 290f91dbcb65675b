"""How the world starts the SSO use case: each site a relying party of the IdP."""

import functools

from jpki.apps.gov_sso.app import build_site_app
from jpki.apps.gov_sso.sites import SITES
from jpki.apps.kit.spec import Guide, SiteSpec
from jpki.web import in_language

SPECS = tuple(
    SiteSpec(
        f"gov-{site.key}",
        site.name,
        Guide(
            f"SSO through the IdP (seed 001): {in_language(site.name, 'en')}",
            f"IdP によるシングルサインオン (seed 001): {in_language(site.name, 'ja')}",
            "Log in with the card through the IdP, then open another gov- site: it knows you"
            " without a second card login.",
            "IdP を通じてカードでログインし、別の `gov-` サイトを開くと、もう一度カードを使わずに"
            "ログインできます。",
        ),
        functools.partial(build_site_app, site),
    )
    for site in SITES
)


__all__ = ["SPECS"]

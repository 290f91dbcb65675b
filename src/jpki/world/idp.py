"""The IdP, the holders' wallet and a demo RP in the sandbox world.

The IdP keeps its settings and database under `<data>/idp/` and uses the world's platform;
its issuer follows the address it is served at. The wallet holds every sandbox resident's
virtual card (their PINs are in `card-secrets.json`) and is the sandbox's registered PIN-less
terminal. The demo RP is registered anew at each start, as its address may change; its
client ID and secret go to `<data>/idp/demo-rp.json`.
"""

from __future__ import annotations

import json

from jpki.apps.kit.oidc import RelyingPartyConfig, rp_metadata
from jpki.authority.phone import PhoneRefused
from jpki.card.os import Card
from jpki.card.store import ImageStore
from jpki.client.readers import InProcessReader, Reader
from jpki.files import atomic_write, private_folder
from jpki.idp.profiles import ProfileName
from jpki.idp.service import Idp
from jpki.idp.settings import IdpSettings
from jpki.platform.service import Platform
from jpki.profile.medium import Medium
from jpki.wallet.app import WalletConfig
from jpki.wallet.cards import CardEntry, ListedCards, PhoneNotIssued, Terminal
from jpki.world.phones import issue_from_card
from jpki.world.sandbox import Sandbox

DEMO_RP_ID = "demo-bank-web"
DEMO_RP_NAME = "デモ銀行 / Demo Bank"


DA_FOLDER = "idp-da"
"""The Digital Agency profile's IdP keeps its files in `<data>/idp-da/`."""


def open_idp(
    sandbox: Sandbox,
    platform: Platform,
    url: str,
    wallet_url: str,
    profile: ProfileName = ProfileName.JPKI,
) -> Idp:
    """The world's IdP of `profile` (ours, or the Digital Agency's twin in `idp-da/` with a
    tenant of its own at the platform), created on first use, answering at `url`."""
    directory = sandbox.directory
    folder = "idp" if profile is ProfileName.JPKI else DA_FOLDER
    if (directory / folder / "settings.json").exists():
        settings = IdpSettings.load(directory, folder)
    else:
        settings = IdpSettings.for_profile(profile, directory, url, folder=folder, tenant_id=folder)
    issuer = url.rstrip("/") + settings.the_profile.issuer_path
    settings = settings.model_copy(update={"issuer": issuer, "wallet_url": wallet_url})
    private_folder(settings.idp_dir)
    settings.save()
    return Idp(settings, sandbox.clock, platform)


def register_rp(
    idp: Idp, client_id: str, name: str, base_url: str, scope: str = "openid sign"
) -> RelyingPartyConfig:
    """(Re-)register an RP at `base_url` and return its configuration."""
    idp.clients.remove(client_id)
    config = RelyingPartyConfig(name, idp.settings.issuer, client_id, "", base_url, scope)
    _, secret = idp.clients.register(rp_metadata(config), client_id=client_id)
    assert secret is not None
    return RelyingPartyConfig(name, idp.settings.issuer, client_id, secret, base_url, scope)


def demo_rp(idp: Idp, base_url: str) -> RelyingPartyConfig:
    config = register_rp(
        idp, DEMO_RP_ID, DEMO_RP_NAME, base_url, "openid name address sign sign_certificate"
    )
    atomic_write(
        idp.settings.idp_dir / "demo-rp.json",
        json.dumps(
            {"client_id": config.client_id, "client_secret": config.client_secret}, indent=2
        ).encode(),
        mode=0o600,
    )
    return config


def sandbox_wallet(
    sandbox: Sandbox, services: list[str], origin: str, platform: str
) -> WalletConfig:
    """A wallet at `origin` holding every resident's card, on the sandbox's PIN-less terminal,
    answering the IdP, Mynaportal and the services (`services`: their base URLs), and sealing
    代行 logins to the world's `platform` (its URL: the wallet trusts it as it trusts the
    world's J-LIS roots)."""
    residents = json.loads((sandbox.directory / "residents.json").read_text())
    entries = [
        CardEntry(str(r["id"]), f"{r['name']} ({r['id']})", can_sign=bool(r.get("sign")))
        for r in residents
        if r.get("status") == "resident"
    ]
    entries += [
        phone_entry(str(r["id"]), str(r["name"]))
        for r in residents
        if r.get("status") == "resident" and (r.get("phone") or {}).get("status") == "active"
    ]

    def opener(card_id: str) -> Reader:
        if card_id.endswith(PHONE_SUFFIX):
            store = sandbox.phones.open(card_id.removesuffix(PHONE_SUFFIX))
        else:
            store = ImageStore.open(sandbox.card_path(card_id))
        return InProcessReader(Card(store), name=card_id)

    cards = ListedCards(entries, opener)

    terminal_dir = sandbox.directory / "terminal"
    terminal = Terminal.load(terminal_dir) if (terminal_dir / "terminal.key").exists() else None
    return WalletConfig(
        services, cards, sandbox.clock, origin, terminal=terminal, platform=platform,
        phones=SandboxPhones(sandbox, cards),
    )  # fmt: skip


PHONE_SUFFIX = "-phone"
"""A phone's entry in the wallet: the resident's id and this suffix."""


def phone_entry(resident_id: str, name: str) -> CardEntry:
    return CardEntry(f"{resident_id}{PHONE_SUFFIX}", f"{name} ({resident_id})", medium=Medium.PHONE)


class SandboxPhones:
    """The wallet's phone issuance in the sandbox: the resident's secure element under
    DATA/phones/, J-LIS in process, the new phone listed in the wallet at once."""

    def __init__(self, sandbox: Sandbox, cards: ListedCards) -> None:
        self.sandbox, self.cards = sandbox, cards

    def issue(
        self, card_id: str, card: Reader, *, sign_password: str, pin: str, password: str
    ) -> CardEntry:
        resident = self.sandbox.authority.resident(card_id)
        try:
            issue_from_card(
                self.sandbox.phones,
                self.sandbox.authority.issue_phone,
                card,
                resident_id=card_id,
                sign_password=sign_password,
                phone_pin=pin,
                phone_password=password,
                now=self.sandbox.clock.now(),
            )
        except PhoneRefused as refused:
            raise PhoneNotIssued(refused.code.value, str(refused)) from refused
        self.sandbox.remember_phone(card_id, pin, password)
        entry = phone_entry(card_id, resident.four_info.name)
        self.cards.add(entry)
        return entry


__all__ = [
    "DA_FOLDER",
    "DEMO_RP_ID",
    "PHONE_SUFFIX",
    "SandboxPhones",
    "demo_rp",
    "open_idp",
    "phone_entry",
    "register_rp",
    "sandbox_wallet",
]

"""Disclosure records (開示記録): who was given which items or verdicts about a person, when,
why and under which consent, as each party answers the person on Mynaportal.

Every party that discloses something about a card holder (the signature verification
platform, the IdP, J-LIS and the numbering network) keeps its own records in its own database,
keyed by what it already knows of the person, and answers a `DisclosureSource` query for the
holder Mynaportal has logged in. Mynaportal merges the answers into one log (自己情報の提供記録).

The seam is `DisclosureSource.disclosures_of(holder)`: in `jpki up` each party is reached by an
in-process adapter the world wires (as J-LIS's `Identify` is); an HTTP transport would carry
the same `VerifiedHolder` and answer a JSON list of `Disclosure`. The holder is the
authentication certificate Mynaportal verified at the card login (challenge-response with the
PIN); each party derives its own key for the person from it, never from anything the portal
asserts about the person, so no party can be asked about someone the holder is not.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from typing import Protocol

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field


class Party(enum.StrEnum):
    """Who disclosed (the keeper of the record)."""

    PLATFORM = "platform"
    """The signature verification platform (署名検証プラットフォーム)."""
    IDP = "idp"
    """The OpenID Connect provider (IDaaS)."""
    AUTHORITY = "authority"
    """J-LIS (地方公共団体情報システム機構): OCSP, linkage, latest 4 information."""
    NETWORK = "network"
    """The information provision network (情報提供ネットワークシステム)."""

    @property
    def label(self) -> dict[str, str]:
        return _PARTY_LABELS[self]


_PARTY_LABELS = {
    Party.PLATFORM: {"en": "Signature verification platform", "ja": "署名検証プラットフォーム"},
    Party.IDP: {"en": "JPKI IdP", "ja": "JPKI IdP(認証サービス)"},
    Party.AUTHORITY: {"en": "J-LIS", "ja": "地方公共団体情報システム機構(J-LIS)"},
    Party.NETWORK: {"en": "Information provision network", "ja": "情報提供ネットワークシステム"},
}


class Kind(enum.StrEnum):
    """What kind of disclosure it was."""

    LOGIN = "login"
    """A login verdict given to a service (ログイン結果)."""
    REGISTRATION = "registration"
    """A customer registration with a signed application (利用者登録)."""
    FOUR_INFO = "four-info"
    """The basic 4 information given to a recipient (基本4情報の提供)."""
    SIGNATURE = "signature"
    """A signature's verdict given to a service (署名検証結果)."""
    STATUS_CHECK = "status-check"
    """A status check of the person's certificate (現況確認)."""
    CHANGE_NOTICE = "change-notice"
    """A change notification about the person (変更通知)."""
    CLAIMS = "claims"
    """Claims released by the IdP to a relying party (属性の提供)."""
    CERTIFICATE = "certificate"
    """A signing certificate handed over with a signature (署名用電子証明書の提供)."""
    OCSP = "ocsp"
    """An OCSP status answer about the person's certificate (失効情報の提供)."""
    LINKAGE = "linkage"
    """A linkage look-up about the person's certificate (紐付け情報の提供)."""
    PROVISION = "provision"
    """A provision between agencies over the network (情報提供)."""

    @property
    def label(self) -> dict[str, str]:
        return _KIND_LABELS[self]


_KIND_LABELS = {
    Kind.LOGIN: {"en": "Login verdict", "ja": "ログイン結果"},
    Kind.REGISTRATION: {"en": "Registration", "ja": "利用者登録"},
    Kind.FOUR_INFO: {"en": "4 information", "ja": "基本4情報"},
    Kind.SIGNATURE: {"en": "Signature verdict", "ja": "署名検証結果"},
    Kind.STATUS_CHECK: {"en": "Status check", "ja": "現況確認"},
    Kind.CHANGE_NOTICE: {"en": "Change notification", "ja": "変更通知"},
    Kind.CLAIMS: {"en": "Claims to a service", "ja": "属性の提供"},
    Kind.CERTIFICATE: {"en": "Certificate (signing)", "ja": "署名用電子証明書"},
    Kind.OCSP: {"en": "OCSP status", "ja": "OCSPによる失効情報"},
    Kind.LINKAGE: {"en": "Linkage", "ja": "紐付け情報"},
    Kind.PROVISION: {"en": "Provision between agencies", "ja": "情報提供"},
}


ITEMS: dict[str, dict[str, str]] = {
    "verdict": {"en": "certificate verdict", "ja": "電子証明書の検証結果"},
    "serial": {"en": "certificate serial number", "ja": "電子証明書のシリアル番号"},
    "subject-id": {"en": "subject identifier", "ja": "発行番号"},
    "certificate": {"en": "signing certificate", "ja": "署名用電子証明書"},
    "user-id": {"en": "your ID at the service", "ja": "事業者ごとの利用者ID"},
    "customer-reference": {"en": "customer reference", "ja": "顧客番号"},
    "sub": {"en": "your ID at the service (sub)", "ja": "サービスごとの識別子(sub)"},
    "name": {"en": "name", "ja": "氏名"},
    "address": {"en": "address", "ja": "住所"},
    "birth-date": {"en": "birth date", "ja": "生年月日"},
    "sex": {"en": "sex", "ja": "性別"},
    "latest-four-info": {"en": "latest 4 information", "ja": "最新の基本4情報"},
    "situation": {"en": "certificate situation", "ja": "電子証明書の状況"},
    "ocsp-status": {"en": "revocation status", "ja": "失効状態"},
    "linkage": {"en": "linked certificates of your card", "ja": "証明書の紐付け情報"},
}
"""The words for `Disclosure.items` (an item not listed is shown as it is spelled)."""

FOUR_INFO_ITEMS = ("name", "address", "birth-date", "sex")


def item_label(item: str, language: str) -> str:
    """An item in the person's language."""
    label = ITEMS.get(item)
    return label[language] if label else item


class Outcome(enum.StrEnum):
    GIVEN = "given"
    """The recipient received the items."""
    REFUSED = "refused"
    """The request was refused: the recipient learned only that."""


class Disclosure(BaseModel):
    """One disclosure about a person, as its keeper answers the person."""

    model_config = ConfigDict(frozen=True)

    party: Party = Field(description="Who disclosed")
    recipient: str = Field(description="The recipient's display name", examples=["デモ銀行"])
    recipient_id: str = Field(description="The recipient's identifier at the party")
    kind: Kind
    items: tuple[str, ...] = Field(
        description="Which items or verdict, in words", examples=[("name", "address")]
    )
    at: AwareDatetime = Field(description="When it was disclosed")
    purpose: str = Field(default="", description="Why (the task, service or purpose)")
    consent: str | None = Field(
        default=None, description="The consent it was given under (a receipt), if any"
    )
    outcome: Outcome = Outcome.GIVEN
    held_until: AwareDatetime | None = Field(
        default=None,
        description="Withheld from the person (不開示) until then; shown only once it passed",
    )

    def visible_at(self, now: dt.datetime) -> bool:
        """Whether the person may see it now (a 不開示 hold has ended, or there is none)."""
        return self.held_until is None or self.held_until <= now

    @classmethod
    def stored(cls, *, kind: str, items: str, at: dt.datetime, **fields: object) -> Disclosure:
        """A record as a party's table keeps it: the kind's value, the items as one text
        (`stored_items`) and the time as the database returns it (read as UTC)."""
        return cls.model_validate(
            {"kind": Kind(kind), "items": tuple(items.split()), "at": at.astimezone(dt.UTC)}
            | fields
        )


def stored_items(items: Iterable[str]) -> str:
    """The items as a party's table keeps them: one space-separated text (`Disclosure.stored`
    reads it back)."""
    return " ".join(items)


class VerifiedHolder(BaseModel):
    """The card holder Mynaportal logged in: the authentication certificate whose key answered
    its challenge (checked by the portal's verifier, PIN level)."""

    model_config = ConfigDict(frozen=True, ser_json_bytes="base64", val_json_bytes="base64")

    certificate: bytes = Field(description="The authentication certificate (DER; base64 in JSON)")
    serial: int = Field(description="Its serial number")


class DisclosureSource(Protocol):
    """A party that answers a holder's own disclosure records (and nobody else's)."""

    @property
    def party(self) -> Party: ...

    def disclosures_of(self, holder: VerifiedHolder) -> list[Disclosure]:
        """Every disclosure about `holder`, the person this certificate is of."""
        ...


__all__ = [
    "FOUR_INFO_ITEMS",
    "ITEMS",
    "Disclosure",
    "DisclosureSource",
    "Kind",
    "Outcome",
    "Party",
    "VerifiedHolder",
    "item_label",
    "stored_items",
]

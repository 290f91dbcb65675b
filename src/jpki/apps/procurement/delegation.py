"""The electronic power of attorney (電子委任状) and the rule that judges a bid under it.

The 電子委任状法 (電子委任状の普及の促進に関する法律, 平成29年法律第64号) defines an electronic
power of attorney as the electronic record showing that a business (for a company, its
representative, 代表者) gave authority to act (代理権) to an employee or other person; its basic
guideline (基本指針) names what one records: the delegator (委任者: the company and its
representative), the delegate (受任者), the authority (代理権の内容: here the procurement
categories the delegate may bid in) and the period (委任期間). Here the representative signs the
delegation with the card's signing certificate (the 委任者記録ファイル方式 of the guideline: the
delegation is a file of its own beside the delegate's certificate).

Everything this module decides is pure (no platform, no database), so the rule is tested alone.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from collections.abc import Iterable, Sequence

from jpki.apps.kit.card_requests import CardRefusal
from jpki.profile.four_info import FourInfo
from jpki.profile.numbers import is_valid_corporate_number

LONGEST = dt.timedelta(days=366 * 3)
"""The longest period a delegation may name (the site's rule; the law sets none)."""
NAME_LENGTH, TITLE_LENGTH = 60, 60


class Category(enum.StrEnum):
    """What a tender buys (競争参加資格の種類), and so what a delegation may cover."""

    GOODS = "goods"
    """物品の製造・販売"""
    SERVICES = "services"
    """役務の提供"""
    CONSTRUCTION = "construction"
    """建設工事"""

    @property
    def label(self) -> str:
        return CATEGORY_LABELS[self]


CATEGORY_LABELS = {
    Category.GOODS: "物品の製造・販売 / goods",
    Category.SERVICES: "役務の提供 / services",
    Category.CONSTRUCTION: "建設工事 / construction",
}


class Reason(enum.StrEnum):
    """Why a bid was accepted or refused."""

    REPRESENTATIVE = "representative"
    """Accepted: signed by the company's representative in person."""
    DELEGATED = "delegated"
    """Accepted: signed by a delegate under a delegation that covers it."""
    NO_DELEGATION = "no-delegation"
    """The signer holds no delegation from the company."""
    REVOKED = "delegation-revoked"
    """The signer's delegations from the company were all revoked."""
    EXPIRED = "delegation-expired"
    """No delegation of the signer's is in its period today (expired or not yet begun)."""
    OUT_OF_SCOPE = "out-of-scope"
    """No current delegation of the signer's covers the tender's category."""
    REPRESENTATIVE_REVOKED = "representative-revoked"
    """The representative's signing certificate that signed the delegation is revoked now."""

    @property
    def accepted(self) -> bool:
        return self in (Reason.REPRESENTATIVE, Reason.DELEGATED)


def normalised_name(name: str) -> str:
    """A name compared without its spaces (the certificate separates family and given names
    with U+3000; a clerk may type an ASCII space or none)."""
    return "".join(name.split())


def same_person(name: str, birth_date: dt.date | None, info: FourInfo) -> bool:
    """Whether `info` (a signing certificate's 4 information) is the person named by `name`
    and `birth_date`: the two items that survive a move and identify a person well enough
    for a delegation (the address changes with a move, the sex is not needed)."""
    return (
        birth_date is not None
        and info.birth_date == birth_date
        and normalised_name(info.name) == normalised_name(name)
    )


def corporate_number(number: str) -> str:
    """A corporate number (法人番号) with a right check digit, or a refusal."""
    number = number.strip()
    if not is_valid_corporate_number(number):
        raise CardRefusal(
            "the corporate number must be 13 digits with a right check digit / "
            "法人番号(13桁)が正しくありません"
        )
    return number


@dataclasses.dataclass(frozen=True)
class DelegationTerms:
    """What a delegation names: the delegator, the delegate, the scope and the period."""

    id: str
    corporate_number: str
    company: str
    representative: str
    delegate_name: str
    delegate_birth_date: dt.date
    delegate_title: str
    scope: frozenset[Category]
    valid_from: dt.date
    valid_until: dt.date

    @classmethod
    def checked(
        cls,
        id: str,
        company: tuple[str, str, str],
        delegate: tuple[str, dt.date, str],
        scope: Iterable[str],
        period: tuple[dt.date, dt.date],
    ) -> DelegationTerms:
        """Terms from a form (`company`: corporate number, name, representative; `delegate`:
        name, birth date, title), or a refusal saying what is wrong."""
        name, birth_date, title = (delegate[0].strip(), delegate[1], delegate[2].strip())
        if not name or len(name) > NAME_LENGTH or len(title) > TITLE_LENGTH:
            raise CardRefusal("the delegate's name is required / 受任者の氏名を入力してください")
        try:
            categories = frozenset(Category(item) for item in scope)
        except ValueError as exc:
            raise CardRefusal("unknown category / 不明な委任事項です") from exc
        if not categories:
            raise CardRefusal("choose what the delegate may bid in / 委任事項を選んでください")
        start, end = period
        if not start <= end or end - start > LONGEST:
            raise CardRefusal(
                "the period must end after it begins, within three years / "
                "委任期間は開始日以降、3年以内で指定してください"
            )
        return cls(id, company[0], company[1], company[2], name, birth_date, title,
                   categories, start, end)  # fmt: skip

    def covers(self, category: Category, day: dt.date) -> bool:
        return category in self.scope and self.valid_from <= day <= self.valid_until

    def document(self) -> bytes:
        """The delegation as the representative reads and signs it (UTF-8 text)."""
        scope = "、".join(CATEGORY_LABELS[c] for c in sorted(self.scope))
        return "\n".join(
            (
                "委任状(電子委任状) / Electronic power of attorney",
                f"委任状番号 / Number: {self.id}",
                f"委任者 / Delegator: {self.company} (法人番号 / corporate number "
                f"{self.corporate_number}) 代表者 / representative {self.representative}",
                f"受任者 / Delegate: {self.delegate_name} (生年月日 / born "
                f"{self.delegate_birth_date.isoformat()}) {self.delegate_title}",
                f"委任事項 / Authority: 電子入札における入札書の提出 / submitting bids in: {scope}",
                f"委任期間 / Period: {self.valid_from.isoformat()} – {self.valid_until.isoformat()} (JST)",
                "私は上記の者を代理人と定め、上記の権限を委任します。",
                "I appoint the delegate above as my agent with the authority above.",
                "",
            )
        ).encode()


@dataclasses.dataclass(frozen=True)
class Standing:
    """A delegation as the judge sees it: its terms and whether the representative revoked it
    (the representative's certificate is checked afterwards, by the platform)."""

    terms: DelegationTerms
    revoked: bool


def applicable(
    delegations: Sequence[Standing], signer: FourInfo, category: Category, day: dt.date
) -> tuple[Reason, list[Standing]]:
    """The delegations under which `signer` may bid in `category` on `day` (JST), or the
    reason there are none: the most telling one, in the order a clerk would look (is there a
    delegation at all, is it revoked, is it in its period, does it cover the category)."""
    named = [
        d for d in delegations
        if same_person(d.terms.delegate_name, d.terms.delegate_birth_date, signer)
    ]  # fmt: skip
    if not named:
        return Reason.NO_DELEGATION, []
    live = [d for d in named if not d.revoked]
    if not live:
        return Reason.REVOKED, []
    current = [d for d in live if d.terms.valid_from <= day <= d.terms.valid_until]
    if not current:
        return Reason.EXPIRED, []
    covering = [d for d in current if category in d.terms.scope]
    if not covering:
        return Reason.OUT_OF_SCOPE, []
    return Reason.DELEGATED, covering


VOIDING_STATUSES = frozenset({"revoked"})
"""The statuses of the representative's signing certificate, checked again at each bid, that
void a delegation it signed. A revoked certificate (lost card, death, a move or a name change,
the key compromised) voids it: the representative signs again with the new certificate. An
expired one does not: it was valid when it signed (checked at registration), and a power of
attorney outlives the signature's certificate. The law leaves this to the site; this is the
one place the choice is kept (docs/apps/procurement.md)."""


__all__ = [
    "CATEGORY_LABELS",
    "VOIDING_STATUSES",
    "Category",
    "DelegationTerms",
    "Reason",
    "Standing",
    "applicable",
    "corporate_number",
    "normalised_name",
    "same_person",
]

"""The pregnancy notification (妊娠届) and the notices that follow it.

母子保健法 §15 has a pregnant person notify the municipality promptly (速やかに); its ordinance
(母子保健法施行規則 §3) names what the notification states: the date, the person's name, age and
occupation, the address, the months of pregnancy, whether a doctor or midwife has examined
them and who, and the health checks for sexually transmitted diseases and tuberculosis. On a
TV with a remote each is a few choices: the months of pregnancy and where the pregnancy was
diagnosed; the name, age and address come from the signing certificate, so nothing is typed.
Occupation and the health checks are asked at the health centre when the handbook is handed
over (not modelled). The municipality answers with the maternal and child health handbook
(母子健康手帳, §16) and the vouchers for check-ups (妊婦健康診査受診票), as personal notices.
"""

from __future__ import annotations

import dataclasses

from jpki.apps.kit.card_requests import CardRefusal

MONTHS = ("2", "3", "4", "5", "6")
"""The months of pregnancy a viewer may choose (妊娠月数; `6` is "6 or more")."""
CLINICS = {
    "city-hospital": "デモ市立病院 / Demo City Hospital",
    "minato-clinic": "みなと産婦人科 / Minato Women's Clinic",
    "midwife": "さくら助産院 / Sakura Midwifery Home",
    "none": "まだ受診していない / not yet examined",
}
"""Where the pregnancy was diagnosed (医師又は助産師の診断)."""


@dataclasses.dataclass(frozen=True)
class Choices:
    """What the viewer chose on the TV."""

    months: str
    clinic: str

    @classmethod
    def checked(cls, months: str, clinic: str) -> Choices:
        if months not in MONTHS or clinic not in CLINICS:
            raise CardRefusal("choose from the list / 一覧から選んでください")
        return cls(months, clinic)

    @property
    def months_label(self) -> str:
        return (
            f"{self.months}か月以上 / {self.months} months or more"
            if self.months == MONTHS[-1]
            else f"{self.months}か月 / {self.months} months"
        )

    def document(self, municipality: str, day: str) -> bytes:
        """The notification as the person reads and signs it."""
        return (
            f"妊娠届出書 / Pregnancy notification — {municipality}\n"
            f"届出日 / Date: {day}\n"
            "届出者 / Notified by: 本書に電子署名した者(署名用電子証明書の氏名・住所・生年月日による)\n"
            "  the signer, named by the signing certificate (name, address, date of birth)\n"
            f"妊娠月数 / Months of pregnancy: {self.months_label}\n"
            f"診断を受けた医療機関 / Diagnosed at: {CLINICS[self.clinic]}\n"
            "母子保健法第15条に基づき、妊娠の届出をします。\n"
            "I notify my pregnancy under the Maternal and Child Health Act, article 15.\n"
        ).encode()


@dataclasses.dataclass(frozen=True)
class Notice:
    key: str
    title: str
    body: str
    """Both bilingual (`English / 日本語`), shown in the viewer's language."""


GENERAL = (
    Notice("checkup", "乳幼児健診のお知らせ / Health check-ups for babies",
           "4か月・1歳6か月・3歳の健診は保健センターで行います。 / Check-ups at 4 months, 18 months and 3 years are held at the health centre."),
    Notice("allowance", "児童手当 / Child allowance",
           "出生・転入の翌日から15日以内に申請してください。 / Apply within 15 days of a birth or a move in."),
    Notice("centre", "子育て支援センター / Parenting support centre",
           "平日 9時から16時、親子で自由に利用できます。 / Open to parents and children on weekdays, 9:00 to 16:00."),
)  # fmt: skip
"""The municipality's notices to every parent."""
AFTER_NOTIFICATION = (
    Notice("handbook", "母子健康手帳をお受け取りください / Collect your maternal and child health handbook",
           "保健センターの窓口で、マイナンバーカードを提示してお受け取りください。 / At the health centre's counter; show your My Number card."),
    Notice("vouchers", "妊婦健康診査受診票 / Vouchers for pregnancy check-ups",
           "14回分の受診票を母子健康手帳と一緒にお渡しします。 / Fourteen vouchers come with the handbook."),
)  # fmt: skip
"""What the municipality sends the person once the notification is accepted (母子保健法 §16)."""


__all__ = ["AFTER_NOTIFICATION", "CLINICS", "GENERAL", "MONTHS", "Choices", "Notice"]

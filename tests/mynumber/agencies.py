"""The numbering system the mynumber tests build (the `network` fixture): five agencies (two
municipalities 市区町村, a tax office 税務署, a pension office 年金事務所 and a health insurer), and
the resident whom the fixture enrols at three of them."""

from __future__ import annotations

from jpki.mynumber.network import AgencySpec

AGENCIES = [
    AgencySpec("city-chiyoda", "千代田区", "municipality"),
    AgencySpec("city-yokohama", "横浜市", "municipality"),
    AgencySpec("tax-kojimachi", "麹町税務署", "tax-office"),
    AgencySpec("pension-chiyoda", "千代田年金事務所", "pension-office"),
    AgencySpec("insurer-kyokai", "全国健康保険協会", "health-insurer"),
]
RESIDENT = "R0000000001"

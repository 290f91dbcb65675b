"""How the world starts the PHR: a 委託 (itaku) tenant of the platform (it keeps the name from
the signed terms, to show it to those the person lets see the records)."""

from jpki.apps.kit.spec import Guide, ServiceSpec
from jpki.apps.phr.app import build_phr_app

SPECS = (
    ServiceSpec(
        "phr", "demo-phr", "デモPHR / Demo PHR", "itaku", build_phr_app,
        Guide(
            "Personal health record: terms signed, card or phone login, records shown only to the person and to those consented (seed 002 No.19)",
            "PHR: 利用規約に署名、カードかスマホでログイン、記録は本人と同意した相手だけに表示 (seed 002 No.19)",
            "Join with one resident (signing password) and add a record; join with another and give the first the share code; the first consents, the second sees the records, the first sees the disclosure and withdraws. Log in again with the phone.",
            "一人目の住民で利用規約に署名して記録を追加し、二人目も登録して閲覧者コードを一人目に伝えます。一人目が同意すると二人目が閲覧でき、一人目には閲覧の記録が表示されます。同意を撤回し、スマホでもログインしてください。",
        ),
    ),
)  # fmt: skip


__all__ = ["SPECS"]

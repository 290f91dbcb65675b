"""How the world starts the employer: a 委託 (itaku) tenant of the platform (HR's JPKI check),
with card readers and J-LIS's install certificate for its staff ID applet."""

from jpki.apps.employer.app import NAME, build_employer_app
from jpki.apps.employer.service import STAFF_ID_AID
from jpki.apps.kit.spec import Guide, ServiceSpec

SPECS = (
    ServiceSpec(
        "employer", "demo-employer", NAME, "itaku", build_employer_app,
        Guide(
            "Staff ID in the card's free area (職員証, seed 000 ④): HR issues after a JPKI check, PIN-less gate",
            "カードの空き領域の職員証 (seed 000 ④): 人事部が公的個人認証で確認して発行、暗証番号なしのゲート",
            "At the HR desk pick a resident's card, type an employee number (E123456), a name and the card's authentication PIN (`DATA/pins/<id>-auth.txt`): the staff ID is written to the card. At the gate touch the same card: it opens without a PIN; another resident's card, or a revoked staff ID, does not.",
            "人事部窓口で住民のカードを選び、社員番号 (E123456)・氏名・利用者証明用暗証番号 (`DATA/pins/<id>-auth.txt`) を入力すると職員証がカードに書き込まれます。ゲートで同じカードをかざすと暗証番号なしで開きます。他の住民のカードや失効した職員証では開きません。",
        ),
        free_area=("Demo Corporation", STAFF_ID_AID),
    ),
)  # fmt: skip


__all__ = ["SPECS"]

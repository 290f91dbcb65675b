"""How the world starts the exam office: a 委託 (itaku) tenant of the platform (it binds each
admission ticket to the applicant's authentication certificate, as the ticket seller does)."""

from jpki.apps.exam.app import build_exam_app
from jpki.apps.kit.spec import Guide, ServiceSpec

SPECS = (
    ServiceSpec(
        "exam", "demo-exam", "デモ入試 / Demo Entrance Exams", "itaku", build_exam_app,
        Guide(
            "Entrance exam: admission ticket bound to the card, checked at the door (seed 001 替え玉受験対策)",
            "入学試験: 受験票をカードに結び付け、試験室の入口で確認 (seed 001 替え玉受験対策)",
            "Apply with a card login (PIN), then at the room's door type the examinee number and log in with the same card and PIN: admitted once; another resident's card is refused.",
            "カードでログインして出願し (暗証番号)、試験室の入口で受験番号を入力して同じカードと暗証番号でログインすると一度だけ入室できます。他の住民のカードは拒否されます。",
        ),
    ),
)  # fmt: skip


__all__ = ["SPECS"]

"""One card, many openers (issue 19, defect 1): every opener of a card image shares its PIN try
counters through the image store, in threads and in processes alike."""

import os
import subprocess
import sys
import threading
from pathlib import Path

from jpki.card.os import Card
from jpki.card.store import ImageStore
from jpki.profile.apdu import AID_CARD_INFO, AID_JPKI, JpkiFile
from jpki.profile.card_info import CARD_INFO_PIN_FILE, MY_NUMBER_FILE
from jpki.profile.purpose import CertificatePurpose
from tests.holders import AUTH_PIN

OPENERS = 12
BLOCKED_ANSWERS = sorted([0x63C2, 0x63C1, 0x63C0] + [0x6984] * (OPENERS - 3))
"""12 wrong VERIFYs against the 3-try authentication PIN: each try answered once, then blocked."""


def session(path: Path, aid: bytes = AID_JPKI, fid: int = JpkiFile.AUTH_PIN) -> Card:
    """A new opener of the card image with an application and a PIN EF selected."""
    card = Card(ImageStore(path))
    assert card.transmit(bytes((0, 0xA4, 4, 0x0C, len(aid))) + aid)[-2:] == b"\x90\x00"
    assert select(card, fid) == 0x9000
    return card


def select(card: Card, fid: int) -> int:
    return int.from_bytes(card.transmit(bytes.fromhex("00A4020C02") + fid.to_bytes(2))[-2:])


def verify(card: Card, pin: str) -> int:
    return int.from_bytes(card.transmit(bytes((0, 0x20, 0, 0x80, len(pin))) + pin.encode())[-2:])


def tries_on_disk(path: Path, credential: str = CertificatePurpose.AUTH) -> int:
    return ImageStore(path).current().pins[credential].tries_left


def test_concurrent_wrong_pins_in_threads_spend_each_try_once(personalised, monkeypatch):
    store, _ = personalised
    cards = [session(store.path) for _ in range(OPENERS)]
    comparisons = []
    original = type(store.current().pins["auth"]).matches

    def counted(record, candidate):
        comparisons.append(candidate)
        return original(record, candidate)

    monkeypatch.setattr("jpki.card.image.PinRecord.matches", counted)
    start = threading.Barrier(OPENERS)
    answers = []

    def wrong_pin(card):
        start.wait()
        answers.append(verify(card, "0000"))

    threads = [threading.Thread(target=wrong_pin, args=(card,)) for card in cards]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(answers) == BLOCKED_ANSWERS
    assert len(comparisons) == 3
    assert tries_on_disk(store.path) == 0


OPENER_PROCESS = """
import sys, time
from pathlib import Path
from jpki.card.os import Card
from jpki.card.store import ImageStore
card = Card(ImageStore(Path(sys.argv[1])))
card.transmit(bytes.fromhex("00A4040C0A") + bytes.fromhex(sys.argv[2]))
card.transmit(bytes.fromhex("00A4020C020018"))
print("ready", flush=True)
while not Path(sys.argv[3]).exists():
    time.sleep(0.001)
print(card.transmit(bytes.fromhex("002000800430303030"))[-2:].hex())
"""


def test_concurrent_wrong_pins_in_processes_spend_each_try_once(personalised, tmp_path):
    store, _ = personalised
    go = tmp_path / "go"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, sys.path))}
    arguments = [str(store.path), AID_JPKI.hex(), str(go)]
    children = [
        subprocess.Popen(
            [sys.executable, "-c", OPENER_PROCESS, *arguments], stdout=subprocess.PIPE, env=env
        )
        for _ in range(OPENERS)
    ]
    for child in children:  # every opener has the card open before any VERIFY
        assert child.stdout.readline() == b"ready\n"
    go.touch()
    answers = [int(child.communicate(timeout=120)[0], 16) for child in children]
    assert sorted(answers) == BLOCKED_ANSWERS
    assert tries_on_disk(store.path) == 0


def test_a_session_opened_before_the_block_is_blocked_and_signs_nothing(personalised):
    store, _ = personalised
    early = session(store.path)
    blocker = session(store.path)
    assert [verify(blocker, "0000") for _ in range(3)] == [0x63C2, 0x63C1, 0x63C0]
    assert verify(early, AUTH_PIN) == 0x6984
    assert select(early, JpkiFile.AUTH_KEY) == 0x9000
    digest_info = bytes.fromhex("3031300d060960864801650304020105000420") + bytes(32)
    signed = early.transmit(bytes((0x80, 0x2A, 0, 0x80, len(digest_info))) + digest_info + b"\0")
    assert signed == bytes.fromhex("6982")
    assert tries_on_disk(store.path) == 0


def test_a_wrong_pin_in_one_session_counts_in_every_other(personalised):
    store, _ = personalised
    first, second = session(store.path), session(store.path)
    assert verify(first, "0000") == 0x63C2
    assert verify(second, "0000") == 0x63C1
    assert verify(first, AUTH_PIN) == 0x9000
    assert tries_on_disk(store.path) == 3


def test_a_pin_blocked_by_another_opener_closes_a_verified_session(personalised):
    store, _ = personalised
    verified, blocker = session(store.path), session(store.path)
    assert verify(verified, AUTH_PIN) == 0x9000
    assert [verify(blocker, "0000") for _ in range(3)][-1] == 0x63C0
    assert select(verified, JpkiFile.AUTH_KEY) == 0x9000
    digest_info = bytes.fromhex("3031300d060960864801650304020105000420") + bytes(32)
    signed = verified.transmit(bytes((0x80, 0x2A, 0, 0x80, len(digest_info))) + digest_info)
    assert signed == bytes.fromhex("6982")


def test_the_card_info_ap_drops_its_verified_state_after_a_wrong_verify(personalised):
    """Issue 19, defect 6: as the JPKI AP does, a wrong VERIFY closes what the PIN opened."""
    store, _ = personalised
    card = session(store.path, AID_CARD_INFO, CARD_INFO_PIN_FILE)
    read = bytes.fromhex("00B0000000")
    assert verify(card, AUTH_PIN) == 0x9000
    assert select(card, MY_NUMBER_FILE) == 0x9000
    assert card.transmit(read)[-2:] == b"\x90\x00"
    assert select(card, CARD_INFO_PIN_FILE) == 0x9000
    assert verify(card, "0000") == 0x63C2
    assert select(card, MY_NUMBER_FILE) == 0x9000
    assert card.transmit(read) == bytes.fromhex("6982")

"""The concurrent-opener APDU campaign: several openers of one card image send random valid and
invalid APDUs at once, and the shared PIN try counters must come out right.

Every opener (a thread, or a process started with `python -m tests.apdu_campaign`) holds its own
`Card` on its own `ImageStore` of the same file, as `jpki card attach`, the wallet and
`jpki client` do. It sends seeded random commands: SELECTs of both applications and of every
EF, VERIFY with the right value, a wrong one or none, READ BINARY, signatures over valid and
broken DigestInfos, GET RESPONSE/CHALLENGE, random and mutated bytes, power cycles, and now and
then the municipal counter's PIN reset. Each PIN comparison and each PIN reset is logged, in
the order the card made them, by wrappers around `PinRecord.matches` and `CardImage.reset_pin`
(both called under the image lock, so the log's order is the card's).

`check` replays that log and counts mismatches with the invariant: a comparison happens only
while tries remain (so at most `limit` wrong ones between two successes), the counter on disk
is `limit` minus the wrong comparisons since the last success (or reset), the answers agree
with the log (one `63 Cx` per wrong comparison, one `90 00` per right one), and every answer is
a status word, never `6F 00` (an exception inside the card OS) or an exception in the opener.
"""

from __future__ import annotations

import dataclasses
import json
import os
import random
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

from cryptography.hazmat.primitives import hashes

from jpki.card.image import (
    CARD_INFO_PIN,
    MATCHING_A,
    MATCHING_B,
    PIN_RULES,
    CardImage,
    PinRecord,
)
from jpki.card.os import Card
from jpki.card.store import ImageStore
from jpki.profile.apdu import AID_CARD_INFO, AID_JPKI, CommandApdu, JpkiFile, MalformedApdu
from jpki.profile.card_info import (
    CARD_INFO_PIN_FILE,
    FOUR_INFO_FILE,
    INTEGRITY_FILE,
    MATCHING_A_FILE,
    MATCHING_B_FILE,
    MY_NUMBER_FILE,
)
from jpki.profile.purpose import CertificatePurpose
from tests.holders import AUTH_PIN, SIGN_PASSWORD
from tests.holders import MATCHING_B as MATCHING_B_VALUE

MY_NUMBER = "621498320256"
RIGHT = {
    CertificatePurpose.AUTH.value: AUTH_PIN,
    CertificatePurpose.SIGN.value: SIGN_PASSWORD,
    CARD_INFO_PIN: AUTH_PIN,
    MATCHING_A: MY_NUMBER,
    MATCHING_B: MATCHING_B_VALUE,
}
"""Every credential on the campaign's card and its right value."""
WRONG = {"auth": "0000", "sign": "WRONG1", CARD_INFO_PIN: "9999", MATCHING_A: "0" * 12}
WRONG[MATCHING_B] = "0" * 14
CREDENTIAL_EFS = {
    CertificatePurpose.AUTH.value: (AID_JPKI, JpkiFile.AUTH_PIN),
    CertificatePurpose.SIGN.value: (AID_JPKI, JpkiFile.SIGN_PIN),
    CARD_INFO_PIN: (AID_CARD_INFO, CARD_INFO_PIN_FILE),
    MATCHING_A: (AID_CARD_INFO, MATCHING_A_FILE),
    MATCHING_B: (AID_CARD_INFO, MATCHING_B_FILE),
}
FILES = [*JpkiFile, MY_NUMBER_FILE, FOUR_INFO_FILE, INTEGRITY_FILE]
FILES += [fid for _, fid in CREDENTIAL_EFS.values()]


def make_card(path: Path) -> ImageStore:
    """The campaign's card: keys and PINs, card-info files, no certificates (none needed)."""
    store = ImageStore.create(path, AUTH_PIN, SIGN_PASSWORD)
    files = {
        MY_NUMBER_FILE: b"\xff\x10\x0c" + MY_NUMBER.encode() + b"\xff\xff",
        FOUR_INFO_FILE: b"\xff\x20\x04" + b"TARO",
        INTEGRITY_FILE: b"\x30\x00",
    }
    with store.change() as change:
        change.image.install_card_info(files, AUTH_PIN, MY_NUMBER, MATCHING_B_VALUE)
    return store


# -- what one opener sends ---------------------------------------------------------------------


def _select_aid(aid: bytes) -> bytes:
    return bytes((0, 0xA4, 4, 0x0C, len(aid))) + aid


def _select_ef(fid: int) -> bytes:
    return bytes.fromhex("00A4020C02") + fid.to_bytes(2)


def _verify(value: str) -> bytes:
    return bytes((0, 0x20, 0, 0x80, len(value))) + value.encode()


def _digest_info(rng: random.Random) -> bytes:
    digest = hashes.Hash(hashes.SHA256())
    digest.update(rng.randbytes(8))
    return bytes.fromhex("3031300d060960864801650304020105000420") + digest.finalize()


def commands(rng: random.Random) -> Iterator[bytes | None]:
    """Endless random commands; None stands for a power cycle (reset)."""
    while True:
        roll = rng.random()
        credential = rng.choice(list(CREDENTIAL_EFS))
        aid, fid = CREDENTIAL_EFS[credential]
        if roll < 0.35:  # a VERIFY as a reader sends it: select the AP and the EF, then VERIFY
            yield _select_aid(aid)
            yield _select_ef(fid)
            choice = rng.random()
            value = RIGHT[credential] if choice < 0.2 else WRONG[credential]
            yield _verify(value) if choice < 0.9 else bytes.fromhex("0020008000")
        elif roll < 0.45:
            yield _select_aid(rng.choice([AID_JPKI, AID_CARD_INFO, rng.randbytes(10)]))
        elif roll < 0.6:
            yield _select_ef(rng.choice([*FILES, rng.randrange(0x10000)]))
        elif roll < 0.7:
            yield bytes((0, 0xB0, rng.randrange(4), rng.randrange(256), rng.randrange(256)))
        elif roll < 0.8:
            yield _select_ef(rng.choice([JpkiFile.AUTH_KEY, JpkiFile.SIGN_KEY]))
            info = _digest_info(rng) if rng.random() < 0.7 else rng.randbytes(rng.randrange(60))
            yield bytes((0x80, 0x2A, 0, 0x80, len(info))) + info + b"\x00"
        elif roll < 0.85:
            yield rng.choice([bytes.fromhex("00C0000000"), bytes.fromhex("0084000008")])
        elif roll < 0.97:
            raw = bytearray(_verify(rng.choice([*RIGHT.values(), *WRONG.values()])))
            for _ in range(rng.randrange(3)):
                raw[rng.randrange(len(raw))] = rng.randrange(256)
            yield bytes(raw[: rng.randrange(len(raw) + 1)]) + rng.randbytes(rng.randrange(3))
        else:
            yield None


# -- the comparison log ------------------------------------------------------------------------


def _append(log: Path, line: str) -> None:
    descriptor = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(descriptor, (line + "\n").encode())
    finally:
        os.close(descriptor)


def record_comparisons(log: Path) -> Callable[[], None]:
    """Log every PIN comparison (salt, right or wrong) and every PIN reset (new salt) made in
    this process, both under the image lock; returns the undo."""
    original_matches, original_reset = PinRecord.matches, CardImage.reset_pin

    def matches(self: PinRecord, candidate: bytes) -> bool:
        result = original_matches(self, candidate)
        _append(log, f"{self.salt.hex()} {'right' if result else 'wrong'}")
        return result

    def reset_pin(self: CardImage, credential: str, new_value: str) -> None:
        original_reset(self, credential, new_value)
        _append(log, f"{self.pins[str(credential)].salt.hex()} reset {credential}")

    PinRecord.matches = matches  # type: ignore[method-assign]
    CardImage.reset_pin = reset_pin  # type: ignore[method-assign]

    def undo() -> None:
        PinRecord.matches = original_matches  # type: ignore[method-assign]
        CardImage.reset_pin = original_reset  # type: ignore[method-assign]

    return undo


def counter_reset(store: ImageStore, credential: str) -> None:
    """The municipal counter resets one credential to its right value (a new salt, all tries)."""
    with store.change() as change:
        change.image.reset_pin(credential, RIGHT[credential])


# -- one opener --------------------------------------------------------------------------------


@dataclasses.dataclass
class Answers:
    """What one opener saw: APDUs sent, VERIFY outcomes, and anything wrong."""

    sent: int = 0
    rights: int = 0
    wrongs: int = 0
    problems: list[str] = dataclasses.field(default_factory=list)


def run_opener(path: Path, seed: int, count: int) -> Answers:
    """One opener of the card at `path` sending `count` random APDUs."""
    rng = random.Random(seed)
    store = ImageStore(path)
    card = Card(store)
    answers = Answers()
    source = commands(rng)
    try:
        while answers.sent < count:
            raw = next(source)
            if raw is None:
                card.reset()
                if rng.random() < 0.4:
                    counter_reset(store, rng.choice(list(RIGHT)))
                continue
            answer = card.transmit(raw)
            answers.sent += 1
            _classify(raw, answer, answers)
    except Exception as exc:  # the invariant: nothing escapes
        answers.problems.append(f"exception {exc!r}")
    return answers


def _classify(raw: bytes, answer: bytes, answers: Answers) -> None:
    if len(answer) < 2:
        answers.problems.append(f"{raw.hex()}: no status word")
        return
    status = int.from_bytes(answer[-2:])
    if status == 0x6F00:
        answers.problems.append(f"{raw.hex()}: 6F00")
    try:
        command = CommandApdu.parse(raw)
    except MalformedApdu:
        return
    if command.ins != 0x20 or (command.p1, command.p2) != (0, 0x80) or not command.data:
        return
    if status == 0x9000:
        answers.rights += 1
    elif status & 0xFFF0 == 0x63C0:
        answers.wrongs += 1


# -- the whole campaign ------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Figures:
    openers: int
    sent: int
    comparisons: int
    wrong: int
    right: int
    resets: int
    mismatches: list[str]


def run_threads(path: Path, log: Path, openers: int, count: int, seed: int) -> list[Answers]:
    """`openers` threads, each its own opener, in this process (comparisons logged)."""
    undo = record_comparisons(log)
    results: list[Answers] = [Answers() for _ in range(openers)]

    def work(index: int) -> None:
        results[index] = run_opener(path, seed * 1000 + index, count)

    try:
        threads = [threading.Thread(target=work, args=(i,)) for i in range(openers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        undo()
    return results


def run_processes(path: Path, log: Path, openers: int, count: int, seed: int) -> list[Answers]:
    """`openers` processes (`python -m tests.apdu_campaign`), each its own opener."""
    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([*filter(None, sys.path), str(root)])}
    children = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.apdu_campaign"]
            + [str(argument) for argument in (path, log, seed * 1000 + index, count)],
            stdout=subprocess.PIPE,
            env=env,
            cwd=root,
        )
        for index in range(openers)
    ]
    results = []
    for child in children:
        out, _ = child.communicate(timeout=600)
        if child.returncode != 0:
            results.append(Answers(problems=[f"opener process exited {child.returncode}"]))
        else:
            results.append(Answers(**json.loads(out)))
    return results


def check(
    store: ImageStore, log: Path, initial: dict[str, bytes], results: list[Answers]
) -> Figures:
    """Replay the comparison log against the image on disk and the answers; see the module."""
    mismatches = [problem for answers in results for problem in answers.problems]
    credential_of = {salt.hex(): credential for credential, salt in initial.items()}
    counters = {salt: PIN_RULES[credential].max_tries for salt, credential in credential_of.items()}
    wrong = right = resets = 0
    lines = log.read_text().splitlines() if log.exists() else []
    for line in lines:
        salt, outcome, *rest = line.split()
        if outcome == "reset":
            resets += 1
            credential_of[salt] = rest[0]
            counters[salt] = PIN_RULES[rest[0]].max_tries
            continue
        if salt not in counters:
            mismatches.append(f"a comparison against an unknown record {salt}")
            continue
        if counters[salt] == 0:
            mismatches.append(f"{credential_of[salt]}: a comparison with no tries left")
        if outcome == "wrong":
            wrong += 1
            counters[salt] -= 1
        else:
            right += 1
            counters[salt] = PIN_RULES[credential_of[salt]].max_tries
    for credential, record in store.current().pins.items():
        expected = counters.get(record.salt.hex())
        if expected != record.tries_left:
            mismatches.append(f"{credential}: {record.tries_left} tries on disk, {expected} due")
    if wrong != sum(a.wrongs for a in results) or right != sum(a.rights for a in results):
        mismatches.append(
            f"log {wrong} wrong/{right} right, answers {sum(a.wrongs for a in results)}"
            f"/{sum(a.rights for a in results)}"
        )
    return Figures(
        len(results), sum(a.sent for a in results), wrong + right, wrong, right, resets, mismatches
    )


def campaign(directory: Path, threads: int, processes: int, count: int, seed: int) -> Figures:
    """One card, `threads` thread openers and `processes` process openers at once."""
    store = make_card(directory / "campaign.card")
    log = directory / "comparisons.log"
    initial = {credential: record.salt for credential, record in store.current().pins.items()}
    outcome: list[Answers] = []
    spawned = threading.Thread(
        target=lambda: outcome.extend(run_processes(store.path, log, processes, count, seed + 1))
    )
    spawned.start()
    outcome.extend(run_threads(store.path, log, threads, count, seed))
    spawned.join()
    return check(store, log, initial, outcome)


if __name__ == "__main__":
    image, comparisons, opener_seed, opener_count = sys.argv[1:]
    record_comparisons(Path(comparisons))
    result = run_opener(Path(image), int(opener_seed), int(opener_count))
    print(json.dumps(dataclasses.asdict(result)))

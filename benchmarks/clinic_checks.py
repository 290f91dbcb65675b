"""Clinic qualification checks per second (reception terminal to qualification record and
reception number), vs the platform's bare login verifications on the same `jpki up` world.

Every resident links the card to an insured number first (a signed application over the
wallet protocol, CMS made by the card). Then reception terminals (`--concurrency`) each loop:
challenge, the card's answer with its PIN, the check; every answer must be `qualified`.
Baseline: pre-signed answers posted straight to the platform's /v1/authentications.

    python benchmarks/clinic_checks.py [--checks 2000] [--residents 20] [--concurrency 16]
"""

from __future__ import annotations

import argparse
import asyncio

import httpx

from common import report
from services_world import UpWorld, bare_platform_rate, card_request_id, terminals, world_up


def link_all(world: UpWorld) -> None:
    """Each holder links the card at the clinic's site: the card signs the application."""
    clinic = world.urls["clinic"]
    for holder in world.holders:
        with httpx.Client(timeout=30) as browser:
            page = browser.post(f"{clinic}/link").text
            target = f"{clinic}/wallet/v1/signatures/{card_request_id(page)}"
            digest = bytes.fromhex(browser.get(target).json()["digest"])
            reply = browser.post(target, json={"cms": holder.signed_detached(digest)})
            assert reply.status_code == 200, reply.text


def check_all(world: UpWorld, count: int, concurrency: int) -> float:
    clinic = world.urls["clinic"]
    token = (world.directory / "apps" / "clinic" / "terminal-token").read_text().strip()
    headers = {"Authorization": f"Bearer {token}"}

    async def check(client: httpx.AsyncClient, number: int) -> None:
        holder = world.holders[number % len(world.holders)]
        challenge = (await client.post(f"{clinic}/api/reception/challenge", headers=headers)).json()
        body = holder.answer(challenge) | {
            "nonce": challenge["nonce"],
            "origin": challenge["origin"],
        }
        answer = (
            await client.post(f"{clinic}/api/reception/check", json=body, headers=headers)
        ).json()
        if answer.get("outcome") != "qualified":
            raise AssertionError(answer)

    return asyncio.run(terminals(count, concurrency, check))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--checks", type=int, default=2000)
    parser.add_argument("--residents", type=int, default=20)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    with world_up(args.residents) as world:
        world.holders = [h for h in world.holders if h.sign_password]
        link_all(world)
        ours = check_all(world, args.checks, args.concurrency)
        baseline = bare_platform_rate(world, "demo-clinic", args.checks, args.concurrency)
    report(
        "clinic qualification checks, terminal to record", ours, baseline, "checks/s", "none set"
    )


if __name__ == "__main__":
    main()

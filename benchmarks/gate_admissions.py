"""Gate admissions per second with PIN-less card authentication, terminal to verdict, vs the
platform's bare login verifications on the same `jpki up` world.

Every resident buys a ticket over HTTP with a card login (the wallet protocol). Then terminals
(`--concurrency` of them) each loop: ask the gate for a challenge, let the card answer
PIN-less at the sandbox terminal (RSA-2048, the card's key), post the answer, read the
verdict; each resident enters once and later touches are refused as already admitted (the
same work: the platform's check, one conditional UPDATE, the gate log). Baseline: pre-signed
answers posted straight to the platform's /v1/authentications for the same tenant.

    python benchmarks/gate_admissions.py [--admissions 2000] [--residents 20] [--concurrency 16]
"""

from __future__ import annotations

import argparse
import asyncio

import httpx

from common import report
from services_world import UpWorld, bare_platform_rate, card_request_id, terminals, world_up

EVENT = "budokan-live"


def buy_tickets(world: UpWorld) -> None:
    """Each holder buys a ticket the way the site sells it: a card login (PIN)."""
    tickets = world.urls["tickets"]
    for holder in world.holders:
        with httpx.Client(timeout=30) as browser:
            page = browser.post(f"{tickets}/buy", data={"event": EVENT}).text
            target = f"{tickets}/wallet/v1/logins/{card_request_id(page)}"
            view = browser.get(target).json()
            reply = browser.post(target, json=holder.answer(view["challenge"]))
            assert reply.status_code == 200, reply.text


def admit_all(world: UpWorld, count: int, concurrency: int) -> float:
    tickets = world.urls["tickets"]

    async def admission(client: httpx.AsyncClient, number: int) -> None:
        holder = world.holders[number % len(world.holders)]
        challenge = (await client.post(f"{tickets}/gate/api/{EVENT}/challenge")).json()
        body = holder.answer(challenge, pinless=True) | {
            "nonce": challenge["nonce"],
            "origin": challenge["origin"],
            "gate": "bench",
        }
        verdict = (await client.post(f"{tickets}/gate/api/{EVENT}/admit", json=body)).json()
        if verdict.get("reason") not in ("admitted", "already-admitted"):
            raise AssertionError(verdict)

    return asyncio.run(terminals(count, concurrency, admission))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--admissions", type=int, default=2000)
    parser.add_argument("--residents", type=int, default=20)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    with world_up(args.residents) as world:
        buy_tickets(world)
        ours = admit_all(world, args.admissions, args.concurrency)
        baseline = bare_platform_rate(world, "demo-tickets", args.admissions, args.concurrency)
    report(
        "gate admissions, PIN-less, terminal to verdict", ours, baseline, "admissions/s", "none set"
    )


if __name__ == "__main__":
    main()

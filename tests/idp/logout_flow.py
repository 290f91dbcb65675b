"""What the logout tests share: the RP's addresses and a recorder standing in for the RPs'
back-channel endpoints."""

from __future__ import annotations

from urllib.parse import parse_qs

import httpx

RP_BASE = "http://127.0.0.1:9999"
AFTER = f"{RP_BASE}/logged-out"
BACK = f"{RP_BASE}/backchannel"
FRONT = f"{RP_BASE}/frontchannel"


class Recorder:
    """The RPs' back-channel endpoints: records each post, answers what it is told to."""

    def __init__(self, *statuses: int) -> None:
        self.posts: list[tuple[str, str]] = []
        self.statuses = list(statuses)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        form = parse_qs(request.content.decode())
        self.posts.append((str(request.url), form["logout_token"][0]))
        status = self.statuses.pop(0) if self.statuses else 200
        return httpx.Response(status)

"""`jpki.body_limit.BodyLimit` driven as plain ASGI: a body trickling in is cut off (408), a
body past the limit is refused as it arrives (413), and what it does not refuse passes as it
is (the TLS extension of the scope, streaming responses)."""

from __future__ import annotations

import json

import anyio
import pytest

from jpki.body_limit import BodyLimit

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend():
    return "asyncio"


async def _echo(scope, receive, send):
    """Reads the whole body, then streams back the scope's TLS chain and the body's size."""
    size, more = 0, True
    while more:
        message = await receive()
        if message["type"] == "http.disconnect":
            return
        size += len(message.get("body", b""))
        more = message.get("more_body", False)
    await send({"type": "http.response.start", "status": 200, "headers": []})
    tls = scope.get("extensions", {}).get("tls", {}).get("client_cert_chain")
    await send({"type": "http.response.body", "body": json.dumps(tls).encode(), "more_body": True})
    await send({"type": "http.response.body", "body": f" {size}".encode()})


async def _call(app, messages, pause=0.0, scope_extra=None):
    sent = []
    queue = list(messages)

    async def receive():
        if not queue:
            await anyio.sleep_forever()
        await anyio.sleep(pause)
        return queue.pop(0)

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/", "headers": [], **(scope_extra or {})}
    with anyio.fail_after(5):
        await app(scope, receive, send)
    status = sent[0]["status"]
    return status, b"".join(m.get("body", b"") for m in sent[1:])


def _parts(count, size):
    return [{"type": "http.request", "body": b"x" * size, "more_body": True}] * count + [
        {"type": "http.request", "body": b"", "more_body": False}
    ]


async def test_a_body_within_the_limit_and_the_tls_extension_pass_as_they_are():
    tls = {"extensions": {"tls": {"client_cert_chain": ["PEM"]}}}
    status, body = await _call(BodyLimit(_echo, limit=1000), _parts(9, 100), scope_extra=tls)
    assert (status, body) == (200, b'["PEM"] 900')


async def test_a_chunked_body_past_the_limit_is_refused_as_it_arrives():
    status, body = await _call(BodyLimit(_echo, limit=1000), _parts(11, 100) + _parts(10**4, 0))
    assert (status, json.loads(body)) == (413, {"error": "request body too large"})


async def test_a_body_that_does_not_arrive_in_time_is_cut_off():
    status, body = await _call(BodyLimit(_echo, limit=1000, seconds=0.3), _parts(9, 1), pause=0.1)
    assert (status, json.loads(body)) == (408, {"error": "request body too slow"})

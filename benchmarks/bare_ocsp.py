"""The baseline ASGI app: returns one fixed, pre-signed OCSP response to every request.

python benchmarks/bare_ocsp.py RESPONSE.der PORT
"""

from __future__ import annotations

import sys
from pathlib import Path

import uvicorn


def fixed_response_app(body: bytes):  # type: ignore[no-untyped-def]
    headers = [
        (b"content-type", b"application/ocsp-response"),
        (b"content-length", str(len(body)).encode()),
    ]

    async def app(scope, receive, send):  # type: ignore[no-untyped-def]
        if scope["type"] != "http":
            return
        more = True
        while more:
            more = (await receive()).get("more_body", False)
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    return app


if __name__ == "__main__":
    response = Path(sys.argv[1]).read_bytes()
    uvicorn.run(
        fixed_response_app(response), host="127.0.0.1", port=int(sys.argv[2]),
        log_level="warning", access_log=False, lifespan="off",
    )  # fmt: skip

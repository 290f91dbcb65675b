"""A lean HTTP/1.1 load client for OCSP: keep-alive connections, every response verified.

Each distinct response body is verified once (signature under the responder certificate,
successful status, the expected certificate status) and then recognised by its bytes, so the
client checks every response it counts without becoming the bottleneck.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Callable

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.x509 import ocsp


def verifying(expected: dict[int, ocsp.OCSPCertStatus]) -> Callable[[bytes], None]:
    """A checker of response bodies: raises if a response is unsigned, unsuccessful or wrong."""
    good: set[bytes] = set()

    def check(body: bytes) -> None:
        if body in good:
            return
        response = ocsp.load_der_ocsp_response(body)
        if response.response_status is not ocsp.OCSPResponseStatus.SUCCESSFUL:
            raise AssertionError(f"unsuccessful OCSP response: {response.response_status}")
        signer = response.certificates[0] if response.certificates else None
        if signer is None:
            raise AssertionError("response carries no responder certificate")
        signer.public_key().verify(  # type: ignore[union-attr]
            response.signature, response.tbs_response_bytes, padding.PKCS1v15(), hashes.SHA256()
        )
        if response.certificate_status is not expected[response.serial_number]:
            raise AssertionError(f"wrong status for {response.serial_number}")
        good.add(body)

    return check


async def _worker(
    host: str, port: int, requests: itertools.cycle, headers: bytes,
    check: Callable[[bytes], None], stop_at: float, counts: list[int],
) -> None:  # fmt: skip
    reader = writer = None
    while time.perf_counter() < stop_at:
        if writer is None:
            reader, writer = await asyncio.open_connection(host, port)
        body = next(requests)
        writer.write(
            b"POST /ocsp HTTP/1.1\r\nHost: %s\r\nContent-Type: application/ocsp-request\r\n"
            b"Content-Length: %d\r\n%s\r\n" % (host.encode(), len(body), headers) + body
        )
        try:
            status_and_headers = await reader.readuntil(b"\r\n\r\n")  # type: ignore[union-attr]
        except (asyncio.IncompleteReadError, ConnectionError):
            writer.close()
            reader = writer = None
            continue
        lowered = status_and_headers.lower()
        length = int(lowered.split(b"content-length:")[1].split(b"\r\n")[0])
        response = await reader.readexactly(length)  # type: ignore[union-attr]
        check(response)
        counts[0] += 1
        if b"connection: close" in lowered or not lowered.startswith(b"http/1.1"):
            writer.close()
            reader = writer = None
    if writer is not None:
        writer.close()


def run_load(
    host: str, port: int, requests: list[bytes], check: Callable[[bytes], None],
    *, seconds: float, connections: int, api_key: str | None = None,
) -> float:  # fmt: skip
    """Responses per second over `seconds`, every response checked."""
    headers = f"X-JPKI-Verifier-Key: {api_key}\r\n".encode() if api_key else b""

    async def main() -> float:
        counts = [0]
        cycle = itertools.cycle(requests)
        started = time.perf_counter()
        stop_at = started + seconds
        await asyncio.gather(
            *(
                _worker(host, port, cycle, headers, check, stop_at, counts)
                for _ in range(connections)
            )
        )
        return counts[0] / (time.perf_counter() - started)

    return asyncio.run(main())

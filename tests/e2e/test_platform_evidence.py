"""The time-stamping authority as a real server, and `jpki platform evidence verify` on an
export sealed through it."""

from __future__ import annotations

import json

import httpx
import pytest

from jpki.clock import SystemClock
from jpki.platform.evidence import EvidenceChain, export_lines
from jpki.platform.tsa import timestamp_request, token_of
from tests.e2e.processes import Service, jpki
from tests.openssl_cli import openssl


@pytest.fixture(scope="module")
def tsa(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tsa")
    service = Service("platform", "tsa", "serve", "--data", folder)
    yield service, folder
    service.stop()


def test_openssl_query_over_http(tsa, tmp_path):
    service, folder = tsa
    data = tmp_path / "data"
    data.write_text("契約書")
    query = tmp_path / "q.tsq"
    openssl("ts", "-query", "-data", data, "-sha256", "-cert", "-out", query, check=True)
    reply = httpx.post(
        f"{service.url}/tsa",
        content=query.read_bytes(),
        headers={"content-type": "application/timestamp-query"},
    )
    assert reply.status_code == 200
    assert reply.headers["content-type"] == "application/timestamp-reply"
    (tmp_path / "r.tsr").write_bytes(reply.content)
    checked = openssl(
        "ts", "-verify", "-in", tmp_path / "r.tsr", "-queryfile", query,
        "-CAfile", folder / "tsa-root.pem",
    )  # fmt: skip
    assert checked.returncode == 0, checked.stderr
    wrong_type = httpx.post(
        f"{service.url}/tsa", content=b"x", headers={"content-type": "text/plain"}
    )
    assert wrong_type.status_code == 415
    too_big = httpx.post(
        f"{service.url}/tsa",
        content=bytes(100_000),
        headers={"content-type": "application/timestamp-query"},
    )
    assert too_big.status_code == 413


def test_evidence_export_verified_offline(tsa, tmp_path):
    service, folder = tsa

    def stamp(digest: bytes) -> bytes:
        reply = httpx.post(
            f"{service.url}/tsa",
            content=timestamp_request(digest),
            headers={"content-type": "application/timestamp-query"},
        )
        return token_of(reply.content)

    chain = EvidenceChain(SystemClock())
    items = [chain.append("bank-001", "authentication", {"status": "valid"}) for _ in range(3)]
    items.append(chain.seal(stamp))
    export = tmp_path / "evidence.jsonl"
    export.write_text("\n".join(export_lines(items)) + "\n", encoding="utf-8")
    result = jpki(
        "platform", "evidence", "verify", export, "--tsa-root", folder / "tsa-root.pem", "--json",
        check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout)["sealed_through"] == 3
    lines = export.read_text(encoding="utf-8").splitlines()
    record = json.loads(lines[1])
    record["payload"] = {"status": "revoked"}
    lines[1] = json.dumps(record)
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    tampered = jpki(
        "platform", "evidence", "verify", export, "--tsa-root", folder / "tsa-root.pem", check=False
    )
    assert tampered.returncode == 1
    assert "改ざん" in tampered.stdout

"""`jpki up` runs the platform beside the authority: a demo 代行 SP logs a resident in with the
card through the platform's API, and the evidence export verifies offline."""

from __future__ import annotations

import json

import httpx
from processes import Service, jpki


def test_demo_bank_logs_a_resident_in_through_the_platform(tmp_path):
    world = tmp_path / "up"
    service = Service("up", "--data", world, "--residents", "2")
    try:
        platform = service.url_named("platform")
        demo = json.loads((world / "platform" / "demo-tenants.json").read_text())
        bank = {"X-API-Key": demo["demo-bank"]["api_key"]}
        origin = demo["demo-bank"]["origins"][0]
        issued = httpx.post(f"{platform}/v1/challenges", json={"origin": origin}, headers=bank)
        assert issued.status_code == 201, issued.text
        person = next(
            p for p in json.loads((world / "residents.json").read_text()) if p.get("card")
        )
        pin = tmp_path / "pin"
        pin.write_text(person["auth_pin"])
        answer = json.loads(
            jpki(
                "client", "auth", "--nonce", issued.json()["nonce"], "--origin", origin,
                "--provider", "demo-bank", "--reader", person["card"], "--pin-file", pin, "--json",
            ).stdout
        )  # fmt: skip
        certificate = "".join(answer["certificate"].strip().splitlines()[1:-1])
        body = {
            "nonce": issued.json()["nonce"],
            "origin": origin,
            "certificate": certificate,
            "signature": answer["signature"],
        }
        login = httpx.post(f"{platform}/v1/authentications", json=body, headers=bank)
        assert login.status_code == 200, login.text
        result = login.json()["result"]
        assert result["accepted"] is True, result
        assert "serial" not in result["verdict"]  # 代行: the SP never sees the certificate
        admin = json.loads((world / "platform" / "settings.json").read_text())["admin_token"]
        operator = {"Authorization": f"Bearer {admin}"}
        assert httpx.post(f"{platform}/v1/evidence/seal", headers=operator).json()["sealed"]
        export = tmp_path / "evidence.jsonl"
        export.write_text(httpx.get(f"{platform}/v1/evidence/export", headers=operator).text)
        verified = jpki(
            "platform", "evidence", "verify", export,
            "--tsa-root", world / "platform" / "tsa" / "tsa-root.pem", check=False,
        )  # fmt: skip
        assert verified.returncode == 0, verified.stdout
    finally:
        assert service.stop() in (0, 130, -2)

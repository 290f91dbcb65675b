"""`jpki up` runs the platform beside the authority: a demo 代行 SP logs a resident in with the
card through the platform's API, and the evidence export verifies offline."""

from __future__ import annotations

import json

import httpx
import pytest

from tests.e2e.browser import launch_chromium
from tests.e2e.processes import Service, jpki


@pytest.fixture(scope="module")
def up(tmp_path_factory):
    world = tmp_path_factory.mktemp("up")
    service = Service("up", "--data", world, "--residents", "2")
    yield service, world, service.url_named("platform")
    assert service.stop() in (0, 130, -2)


def test_demo_bank_logs_a_resident_in_through_the_platform(up, tmp_path):
    _, world, platform = up
    demo = json.loads((world / "platform" / "demo-tenants.json").read_text())
    bank = {"X-API-Key": demo["demo-bank"]["api_key"]}
    origin = demo["demo-bank"]["origins"][0]
    issued = httpx.post(f"{platform}/v1/challenges", json={"origin": origin}, headers=bank)
    assert issued.status_code == 201, issued.text
    person = next(p for p in json.loads((world / "residents.json").read_text()) if p.get("card"))
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


def test_console_in_chromium_for_operator_and_sp(up):
    from playwright.sync_api import expect, sync_playwright

    _, world, platform = up
    admin = json.loads((world / "platform" / "settings.json").read_text())["admin_token"]
    demo = json.loads((world / "platform" / "demo-tenants.json").read_text())
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page(locale="en-US")
        page.goto(f"{platform}/console")
        page.get_by_test_id("secret").fill("not-the-token")
        page.get_by_test_id("role").select_option("operator")
        page.get_by_test_id("submit").click()
        expect(page.get_by_role("alert")).to_contain_text("Wrong key or token")
        page.get_by_test_id("role").select_option("operator")
        page.get_by_test_id("secret").fill(admin)
        page.get_by_test_id("submit").click()
        tenants = page.get_by_test_id("tenants")
        expect(tenants).to_contain_text("demo-bank")
        expect(tenants).to_contain_text("demo-insurer")
        page.get_by_test_id("tenant-id").fill("clinic-007")
        page.get_by_test_id("tenant-name").fill("Example Clinic")
        page.get_by_test_id("tenant-model").select_option("itaku")
        page.get_by_test_id("tenant-origin").fill("https://clinic.example")
        page.get_by_test_id("create-tenant").click()
        expect(page.get_by_test_id("created-key")).to_contain_text("jpkp_")
        expect(page.get_by_test_id("tenants")).to_contain_text("clinic-007")
        expect(page.get_by_test_id("evidence")).to_contain_text("Login")
        page.get_by_test_id("lang-ja").click()
        expect(page.get_by_role("heading", name="サービス提供者一覧")).to_be_visible()
        expect(page.get_by_test_id("evidence")).to_contain_text("利用者証明")
        page.get_by_role("button", name="ログアウト").click()
        page.get_by_test_id("role").select_option("sp")
        page.get_by_test_id("secret").fill(demo["demo-bank"]["api_key"])
        page.get_by_test_id("submit").click()
        expect(page.get_by_test_id("who")).to_have_text("demo-bank")
        expect(page.get_by_test_id("statement-total")).to_contain_text("円")
        expect(page.get_by_test_id("evidence")).to_contain_text("成功")
        page.get_by_test_id("lang-en").click()
        expect(page.get_by_role("heading", name="Change notifications")).to_be_visible()
        expect(page.get_by_test_id("statement")).to_contain_text("Login")
        browser.close()

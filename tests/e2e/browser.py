"""The browser the e2e tests drive, and the steps the use cases' tests share."""

from __future__ import annotations

import os
from typing import Any


def approve_in_wallet(
    page: Any,
    resident: dict[str, Any],
    *,
    pin: str | None = None,
    sign_password: str | None = None,
    method: str | None = None,
) -> None:
    """On a service's card page: open the wallet on this device, answer with the card."""
    shown_in_wallet(page)
    answer_in_wallet(page, resident, pin=pin, sign_password=sign_password, method=method)


def shown_in_wallet(page: Any) -> str:
    """On a service's card page: open the wallet on this device; what it shows the holder."""
    page.get_by_test_id("same-device").click()
    page.get_by_test_id("card").wait_for()
    return str(page.locator("main").inner_text())


def answer_in_wallet(
    page: Any,
    resident: dict[str, Any],
    *,
    pin: str | None = None,
    sign_password: str | None = None,
    method: str | None = None,
) -> None:
    """In the wallet's request page: answer with the resident's card."""
    page.get_by_test_id("card").select_option(resident["id"])
    if method is not None:
        page.get_by_test_id(f"method-{method}").check()
    if pin is not None:
        page.get_by_test_id("pin").fill(pin)
    if sign_password is not None:
        page.get_by_test_id("sign-password").fill(sign_password)
    page.get_by_test_id("approve").click()


def demo_rp_login_with_claims(page: Any, rp: str, resident: dict[str, Any]) -> None:
    """At the demo RP: log in through the IdP with PIN and signing password, and allow the
    claims on its consent screen; returns once the RP shows the claims."""
    page.goto(f"{rp}/")
    page.get_by_test_id("login-pin").click()
    approve_in_wallet(
        page, resident, pin=resident["auth_pin"], sign_password=resident["sign_password"]
    )
    page.wait_for_url("**/login/*/continue*")
    page.get_by_test_id("approve").click()
    page.get_by_test_id("claim-sub").wait_for()


def virtual_authenticator(page: Any) -> tuple[Any, str]:
    """A CDP virtual authenticator (a platform authenticator with user verification) on the
    page's browser: WebAuthn without a person; the CDP session and the authenticator's ID."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    added = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    return cdp, added["authenticatorId"]


def launch_chromium(playwright: Any) -> Any:
    """Debian's headless Chromium. In the date-moved run (scripts/test-dated.sh) it runs without
    libfaketime, at the machine's real date: libfaketime 0.9.10 breaks its timed waits, and the
    browser judges nothing by the date (it shows pages that services on the moved date made)."""
    environment = {
        name: value
        for name, value in os.environ.items()
        if name != "LD_PRELOAD" and not name.startswith("FAKETIME")
    }
    return playwright.chromium.launch(
        executable_path="/usr/bin/chromium", args=["--no-sandbox"], env=environment
    )

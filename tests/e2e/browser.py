"""Browser steps the use cases' tests share."""

from __future__ import annotations

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
    page.get_by_test_id("same-device").click()
    page.get_by_test_id("card").select_option(resident["id"])
    if method is not None:
        page.get_by_test_id(f"method-{method}").check()
    if pin is not None:
        page.get_by_test_id("pin").fill(pin)
    if sign_password is not None:
        page.get_by_test_id("sign-password").fill(sign_password)
    page.get_by_test_id("approve").click()

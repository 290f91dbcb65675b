"""One account per holder, opened by a signed registration (紐付け): the pattern of the services
whose whole account is the platform's pairwise `user_id` and the link that names it."""

from __future__ import annotations

import secrets
from typing import Any

from sqlalchemy import select

from jpki.apps.kit.context import ServiceContext
from jpki.apps.kit.platform_api import Signed
from jpki.apps.kit.refusals import registered


def register_once(context: ServiceContext, cms: Signed, text: bytes, row_type: type[Any]) -> int:
    """The signer's account in `row_type` (a table with `reference`, `user_id` and
    `registered_at`): opened under a fresh link the first time; registering again finds the
    account and drops the new link, so a holder has one account and the platform one link."""
    reference = secrets.token_urlsafe(16)
    answer = context.platform.register_customer(reference, cms, text)
    user_id = str(registered(answer).user_id)
    with context.database.transaction() as session:
        earlier = session.scalar(select(row_type).where(row_type.user_id == user_id))
        if earlier is None:
            row = row_type(reference=reference, user_id=user_id, registered_at=context.clock.now())
            session.add(row)
            session.flush()
            return int(row.id)
        found = int(earlier.id)
    context.platform.unlink(reference)
    return found


__all__ = ["register_once"]

"""The death one-stop (死亡・相続ワンストップ) on the platform's API: a registrar service records,
for a customer it linked by the holder's signed registration, which businesses are to start
their procedures when the holder dies; the platform then marks the change notification of
each of those businesses, and tells the registrar whom it notified (docs/platform.md).

What travels: the registration (`DeathOnestopRegistration`) and its answer, the list of
businesses taking part (`OnestopParticipant`), and two fields of the `customer.situation-changed`
notification: `death_onestop` (to a chosen business: `DeathOnestopNotice`) and
`death_onestop_notified` (to the registrar: the businesses notified).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from jpki.profile.status import Situation
from jpki.protocol.verification import Message

TENANT_ID = r"^[a-z0-9][a-z0-9-]{0,39}$"
MAX_TARGETS = 20

DEATHS = frozenset({Situation.DIED, Situation.DIED_OR_EMIGRATED})
"""The situations that start the one-stop: both certificates revoked as affiliationChanged (the
holder left the register). Since 2024-05-27 an emigrant who keeps the card keeps the
authentication certificate, and one who does not gets cessationOfOperation, so this pair is a
death (or an ex officio removal, 職権消除); the seeds' STEP 1 detail tells `died` outright."""

NOTICE_FIELD = "death_onestop"
"""The notification field a chosen business finds (a `DeathOnestopNotice`)."""
NOTIFIED_FIELD = "death_onestop_notified"
"""The notification field the registrar finds: the businesses (`OnestopParticipant`) notified."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class DeathOnestopRegistration(_Frozen):
    """`PUT /v1/customers/{reference}/death-onestop`: the businesses (platform tenant IDs) the
    holder chose; an empty list ends the registration."""

    notify: list[Annotated[str, Field(pattern=TENANT_ID)]] = Field(
        max_length=MAX_TARGETS,
        description="Tenant IDs of the businesses to notify on the holder's death",
    )


class OnestopParticipant(Message):
    """A business that receives change notifications, and so can take part."""

    tenant: str = Field(description="The business's tenant ID at the platform")
    name: str = Field(description="Its name (Japanese / English)")


class DeathOnestopRegistered(Message):
    """The registration as the platform keeps it."""

    reference: str = Field(description="The registrar's customer reference")
    notify: list[OnestopParticipant] = Field(description="The businesses to notify")
    registered_at: dt.datetime | None = Field(description="When; null once ended")


class DeathOnestopNotice(Message):
    """In a chosen business's death notification: the holder asked, in advance, that this
    business start its procedures (the death itself is the notification's `situation`)."""

    registrar: str = Field(description="The one-stop service's name (Japanese / English)")
    registered_at: dt.datetime = Field(description="When the holder registered")


__all__ = [
    "DEATHS",
    "MAX_TARGETS",
    "NOTICE_FIELD",
    "NOTIFIED_FIELD",
    "TENANT_ID",
    "DeathOnestopNotice",
    "DeathOnestopRegistered",
    "DeathOnestopRegistration",
    "OnestopParticipant",
]

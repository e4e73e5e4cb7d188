"""What the door takes in and hands back: scans (online and offline), their results, the
annulled check-in, the no-show count, the door summary and the scanner's key (the event itself is
``events.catalog.access.EventScope``)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec

from events.errors import InvalidInput
from events.fields import has_utc_time

ScanText = Annotated[str, msgspec.Meta(max_length=4096)]


# How a check-in was made: a ticket (read or typed), or a person let in by name.
ScanMethod = Literal["ticket", "by_name"]

Nonce = Annotated[str, msgspec.Meta(min_length=1, max_length=100, pattern=r"^[^\x00]*$")]


class CheckinIn(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """What a scanner read (the token, a ticket link, or a typed short code)."""

    token: ScanText
    nonce: Nonce | None = None


class OfflineScanIn(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    token: ScanText
    scanned_at: Annotated[datetime, msgspec.Meta(tz=True)]
    nonce: Nonce


class CheckinBatchIn(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    scans: Annotated[list[OfflineScanIn], msgspec.Meta(min_length=1, max_length=1000)]

    def __post_init__(self) -> None:
        for index, scan in enumerate(self.scans):
            if not has_utc_time(scan.scanned_at):
                raise InvalidInput(
                    field=f"scans[{index}].scanned_at",
                    reason_fr="Cette heure est impossible : vérifiez la date et le fuseau "
                    "horaire de l'appareil.",
                    reason_en="This time is impossible: check the device's date and time zone.",
                )


class CheckedIn(msgspec.Struct, frozen=True, kw_only=True):
    registration_id: UUID
    checked_in_at: datetime
    display_name: str


class BatchResult(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    nonce: str
    result: str
    registration_id: UUID | None = None
    checked_in_at: datetime | None = None
    duplicate: bool = False


class AnnulledCheckin(msgspec.Struct, frozen=True, kw_only=True):
    registration_id: UUID
    checked_in: bool


class NoShows(msgspec.Struct, frozen=True, kw_only=True):
    event_id: UUID
    marked: int


class RoleCounts(msgspec.Struct, frozen=True, kw_only=True):
    confirmed: int = 0
    checked_in: int = 0
    waitlisted: int = 0
    cancelled: int = 0
    no_show: int = 0


class DoorSummary(msgspec.Struct, frozen=True, kw_only=True):
    event_id: UUID
    candidates: RoleCounts
    companies: RoleCounts


class CheckinKey(msgspec.Struct, frozen=True, kw_only=True):
    """All a scanner needs to accept or refuse tickets offline."""

    event_id: UUID
    algorithm: str
    public_key: str
    public_key_pem: str
    revoked_ticket_ids: list[UUID]

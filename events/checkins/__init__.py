"""Check-in at the door: exactly one success per ticket, every scan stored with its outcome.

``structs`` holds what goes in and comes out, ``scanning`` checks tickets in (one scan or an
offline batch), ``door`` annuls a check-in, marks no-shows, sums up the door and hands a scanner
its key.
"""

from events.checkins.door import annul, checkin_key, mark_no_shows, summary
from events.checkins.scanning import (
    check_in,
    check_in_alone,
    check_in_batch,
    check_in_registration,
)
from events.checkins.structs import (
    AnnulledCheckin,
    BatchResult,
    CheckedIn,
    CheckinBatchIn,
    CheckinIn,
    CheckinKey,
    DoorSummary,
    Nonce,
    NoShows,
    OfflineScanIn,
    RoleCounts,
    ScanText,
)

__all__ = [
    "AnnulledCheckin",
    "BatchResult",
    "CheckedIn",
    "CheckinBatchIn",
    "CheckinIn",
    "CheckinKey",
    "DoorSummary",
    "NoShows",
    "Nonce",
    "OfflineScanIn",
    "RoleCounts",
    "ScanText",
    "annul",
    "check_in",
    "check_in_alone",
    "check_in_batch",
    "check_in_registration",
    "checkin_key",
    "mark_no_shows",
    "summary",
]

"""How long an organisation keeps each kind of data: its own periods, or the defaults (private
social data 12 months after the person's last event, observations and cards 24 months, audit
rows 5 years). The organisers of the organisation (and admins) read and change them."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

import msgspec

from events import audit, db
from events.actors import Actor
from events.errors import Forbidden, OrganisationNotFound

DEFAULT_PRIVATE_MONTHS = 12
DEFAULT_OBSERVATIONS_MONTHS = 24
DEFAULT_AUDIT_MONTHS = 60

Months = Annotated[int, msgspec.Meta(ge=1, le=120)]
AuditMonths = Annotated[int, msgspec.Meta(ge=12, le=240)]


class Policy(msgspec.Struct, frozen=True, kw_only=True):
    """An organisation's periods, in months."""

    organisation_id: UUID
    private_months: int
    observations_months: int
    audit_months: int


class PolicyIn(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """The periods an organisation sets: social data and observations 1 to 120 months after
    the person's last event, audit rows 12 to 240 months after they were written."""

    private_months: Months = DEFAULT_PRIVATE_MONTHS
    observations_months: Months = DEFAULT_OBSERVATIONS_MONTHS
    audit_months: AuditMonths = DEFAULT_AUDIT_MONTHS


def _check(by: Actor, organisation_id: UUID) -> None:
    if not by.is_admin and (by.role != "organiser" or by.organisation_id != organisation_id):
        raise Forbidden


async def get(conn: db.Conn, *, organisation_id: UUID, by: Actor) -> Policy:
    """The organisers of the organisation and admins."""
    _check(by, organisation_id)
    found = await db.fetch_one(
        conn, "get_retention_policy", Policy, organisation_id=organisation_id
    )
    if found is None:
        raise OrganisationNotFound
    return found


async def set_policy(
    conn: db.Conn, *, organisation_id: UUID, policy: PolicyIn, by: Actor, now: datetime
) -> Policy:
    """Same audience as ``get``; the change is recorded in the audit log."""
    await get(conn, organisation_id=organisation_id, by=by)
    await db.execute(
        conn,
        "upsert_retention_settings",
        organisation_id=organisation_id,
        private_months=policy.private_months,
        observations_months=policy.observations_months,
        audit_months=policy.audit_months,
        updated_by=by.id,
        now=now,
    )
    await audit.record(
        conn,
        by=by,
        action="retention.settings",
        subject_type="organisation",
        subject_id=organisation_id,
        data=msgspec.structs.asdict(policy),
    )
    return await get(conn, organisation_id=organisation_id, by=by)

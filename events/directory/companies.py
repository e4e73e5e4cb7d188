"""Companies: recruiters' employers, registered in a few fields by an organiser (who often acts
for them) or an admin, and seen by every organisation's staff."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import msgspec

from events import audit, db, pagination
from events.actors import Actor
from events.errors import CompanyNotFound, InvalidInput, SiretTaken
from events.fields import Email, Name, Phone, Postcode, Sector, Siret

# La Poste's establishments share one SIREN and are checked by a digit sum instead of Luhn.
_LA_POSTE_SIREN = "356000000"


def siret_is_valid(siret: str) -> bool:
    """The INSEE check: Luhn over the 14 digits, or La Poste's digit sum divisible by 5."""
    digits = [int(c) for c in siret]
    if siret.startswith(_LA_POSTE_SIREN) and sum(digits) % 5 == 0:
        return True
    total = 0
    for index, digit in enumerate(reversed(digits)):
        doubled = digit * 2 if index % 2 else digit
        total += doubled - 9 if doubled > 9 else doubled
    return total % 10 == 0


class ContactIn(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    name: Name
    email: Email | None = None
    phone: Phone | None = None


class CompanyIn(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    name: Name
    sector: Sector
    city: Name
    postcode: Postcode
    contact: ContactIn
    siret: Siret | None = None

    def __post_init__(self) -> None:
        if self.siret is not None and not siret_is_valid(self.siret):
            raise InvalidInput(
                field="siret",
                reason_fr="Ce numéro SIRET n'existe pas : vérifiez les 14 chiffres.",
                reason_en="This SIRET number does not exist: check the 14 digits.",
            )


class CompanyRow(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    name: str
    sector: str
    city: str
    postcode: str
    departement: str
    siret: str | None
    contact_name: str
    contact_email: str | None
    contact_phone: str | None
    created_by_organisation_id: UUID | None
    created_at: datetime


class CompanyFilter(msgspec.Struct, frozen=True, kw_only=True):
    sector: str | None = None
    postcode_prefix: str | None = None
    departement: str | None = None
    q: str | None = None


class CompanyPage(msgspec.Struct, frozen=True, kw_only=True):
    items: list[CompanyRow]
    next_cursor: str | None


async def create(conn: db.Conn, *, company: CompanyIn, by: Actor | None) -> CompanyRow:
    """Organisers (recorded as the registering organisation) and admins register companies; a
    SIRET is registered once, and a second attempt is told which company holds it."""
    if by is not None:
        by.require("organiser")
    row = await db.fetch_one(
        conn,
        "insert_company",
        CompanyRow,
        name=company.name.strip(),
        sector=company.sector.strip(),
        city=company.city.strip(),
        postcode=company.postcode,
        siret=company.siret,
        contact_name=company.contact.name.strip(),
        contact_email=company.contact.email,
        contact_phone=company.contact.phone,
        created_by_organisation_id=by.organisation_id if by is not None else None,
    )
    if row is None:
        existing = await db.fetch_value(conn, "get_company_id_by_siret", siret=company.siret)
        raise SiretTaken(extra={"company_id": str(existing)})
    await audit.record(
        conn,
        by=by,
        action="company.create",
        subject_type="company",
        subject_id=row.id,
        on_behalf_of=row.id,
        data={"name": row.name, "siret": row.siret},
    )
    return row


async def get(conn: db.Conn, *, company_id: UUID, by: Actor) -> CompanyRow:
    """Staff and admins see every company; a recruiter only their own, and no other company
    is said to exist."""
    if by.role == "recruiter" and by.company_id != company_id:
        raise CompanyNotFound
    row = await db.fetch_one(conn, "get_company", CompanyRow, id=company_id)
    if row is None:
        raise CompanyNotFound
    return row


async def list_all(
    conn: db.Conn, *, by: Actor, where: CompanyFilter, limit: int, cursor: str | None
) -> CompanyPage:
    """Organisers, coaches and admins list every company by name, filtered by sector and
    place; recruiters cannot list companies."""
    by.require("organiser", "coach")
    after = pagination.decode_cursor(cursor, tuple[str, UUID])
    rows = await db.fetch_all(
        conn,
        "list_companies",
        CompanyRow,
        sector=where.sector,
        postcode_prefix=where.postcode_prefix,
        departement=where.departement,
        q=where.q,
        after_name=after[0] if after else None,
        after_id=after[1] if after else None,
        limit=limit + 1,
    )
    items, next_cursor = pagination.split_page(rows, limit, lambda r: [r.name, str(r.id)])
    return CompanyPage(items=items, next_cursor=next_cursor)

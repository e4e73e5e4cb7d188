"""An import of candidates from a spreadsheet as it is kept (migration 0019): the batch, its
rows, what goes in and comes out of each step, who may see it, and how a row is judged against
the candidates already registered — the part that the preview (``imports``) and the import
itself (``import_running``) share."""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

import msgspec

from events import db
from events.actors import Actor
from events.directory import candidates, import_columns, organisations
from events.directory.duplicates import Duplicate, Person
from events.directory.import_columns import Problem, Target
from events.errors import InvalidInput, NotFound, OrganisationNotFound

DuplicatePolicy = Literal["skip", "merge"]
Status = Literal["uploaded", "mapped", "running", "done"]
Outcome = Literal["created", "merged", "skipped", "error"]
RegistrationOutcome = Literal["confirmed", "waitlisted", "already_registered", "refused"]
Action = Literal["create", "merge", "skip", "error"]


class ImportRow(msgspec.Struct, frozen=True, kw_only=True):
    """An import as its organisers see it; ``done_rows`` of ``total_rows`` imported so far."""

    id: UUID
    organisation_id: UUID
    created_by: UUID | None
    created_at: datetime
    filename: str
    header: list[str]
    total_rows: int
    mapping: list[Target | None] | None
    duplicates: DuplicatePolicy
    event_id: UUID | None
    status: Status
    finished_at: datetime | None
    done_rows: int


class FileRow(msgspec.Struct, frozen=True, kw_only=True):
    n: int  # its place among the rows, from 1
    line: int  # the number the spreadsheet shows it under
    cells: list[str]


class MappingIn(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """What each column holds (null: ignored), what to do with people already registered, and
    the event to register everyone to."""

    columns: list[Target | None]
    duplicates: DuplicatePolicy = "skip"
    event_id: UUID | None = None

    def __post_init__(self) -> None:
        chosen = [target for target in self.columns if target is not None]
        twice = next((t for t in chosen if chosen.count(t) > 1), None)
        if twice is not None:
            raise InvalidInput(
                field="columns",
                reason_fr="Deux colonnes ont le même contenu. Gardez-en une et mettez "
                "l'autre sur «\u00a0ignorer\u00a0».",
                reason_en="Two columns hold the same thing. Keep one and set the other to "
                "'ignore'.",
            )
        missing = [target for target in import_columns.REQUIRED if target not in chosen]
        if missing:
            raise InvalidInput(
                field="columns",
                reason_fr="Dites quelle colonne contient le prénom et laquelle contient le nom "
                "de famille\u00a0: les deux sont obligatoires.",
                reason_en="Say which column holds the first name and which holds the last "
                "name: both are required.",
            )


class PreviewLine(msgspec.Struct, frozen=True, kw_only=True):
    """A row as it would be imported: its name as the file writes it, the refusal that stops
    it, the candidate already registered it is (``same``: skipped or completed), and the other
    look-alikes it is created beside."""

    n: int
    line: int
    first_name: str
    last_name: str
    action: Action
    problem: Problem | None = None
    same: Duplicate | None = None
    look_alikes: list[Duplicate] = []


class Preview(msgspec.Struct, frozen=True, kw_only=True):
    batch: ImportRow
    valid: int
    to_create: int
    to_merge: int
    to_skip: int
    # Only the rows with something to say: a refusal, or a look-alike.
    errors: list[PreviewLine]
    lookalikes: list[PreviewLine]


class Progress(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    done: int
    total: int
    finished: bool


class ResultLine(msgspec.Struct, frozen=True, kw_only=True):
    n: int
    line: int
    cells: list[str]
    outcome: Outcome
    candidate_id: UUID | None
    problem: Problem | None
    filled: list[str] | None
    look_alikes: list[Duplicate] | None
    registration: RegistrationOutcome | None
    candidate_first_name: str | None
    candidate_last_name: str | None


class Counts(msgspec.Struct, frozen=True, kw_only=True):
    created: int = 0
    merged: int = 0
    skipped: int = 0
    error: int = 0
    confirmed: int = 0
    waitlisted: int = 0
    already_registered: int = 0
    refused: int = 0


class Results(msgspec.Struct, frozen=True, kw_only=True):
    batch: ImportRow
    counts: Counts
    lines: list[ResultLine]


# --- who may -------------------------------------------------------------------------------


def require_importer(by: Actor) -> None:
    """Organisers import into their organisation, admins into any."""
    by.require("organiser")


async def organisation_for(conn: db.Conn, organisation_id: UUID | None, by: Actor) -> UUID:
    if not by.is_admin:
        if by.organisation_id is None or organisation_id not in (None, by.organisation_id):
            raise OrganisationNotFound
        return by.organisation_id
    if organisation_id is None:
        raise InvalidInput(
            field="organisation_id",
            reason_fr="Dites dans quelle structure importer ces personnes.",
            reason_en="Say which organisation to import these people into.",
        )
    found = await organisations.get(conn, organisation_id=organisation_id, by=by)
    return found.id


async def get(conn: db.Conn, *, import_id: UUID, by: Actor) -> ImportRow:
    """An import of one's organisation (any, for an admin); to anyone else, none."""
    require_importer(by)
    row = await db.fetch_one(conn, "get_candidate_import", ImportRow, id=import_id)
    if row is None or not (by.is_admin or row.organisation_id == by.organisation_id):
        raise NotFound
    return row


async def lock(conn: db.Conn, *, import_id: UUID, by: Actor) -> ImportRow:
    await get(conn, import_id=import_id, by=by)
    row = await db.fetch_one(conn, "lock_candidate_import", ImportRow, id=import_id)
    if row is None:  # pragma: no cover - seen by ``get`` in this same transaction
        raise NotFound
    return row


async def list_recent(conn: db.Conn, *, by: Actor, limit: int) -> list[ImportRow]:
    """The latest imports of one's organisation (of every organisation, for an admin)."""
    require_importer(by)
    return await db.fetch_all(
        conn,
        "list_candidate_imports",
        ImportRow,
        organisation_id=None if by.is_admin else by.organisation_id,
        limit=limit,
    )


def person_of(candidate: candidates.CandidateIn) -> Person:
    private = candidate.private
    year = private.birth_year if private is not None else None
    return Person(
        first_name=candidate.first_name,
        last_name=candidate.last_name,
        birth_year=year if isinstance(year, int) else None,
        phone=candidate.phone,
        email=candidate.email,
    )


def same_person(
    candidate: candidates.CandidateIn, found: list[Duplicate]
) -> tuple[Duplicate | None, list[Duplicate]]:
    """Among the look-alikes, the one who is this person — the same folded name, in either
    order, the one with the same birth year first — and the others."""
    names = {
        candidates.fold(candidate.first_name + candidate.last_name),
        candidates.fold(candidate.last_name + candidate.first_name),
    }
    same = [d for d in found if candidates.fold(d.first_name + d.last_name) in names]
    chosen = next((d for d in same if "name_and_birth_year" in d.reasons), None)
    if chosen is None and same:
        chosen = same[0]
    return chosen, [d for d in found if d is not chosen]

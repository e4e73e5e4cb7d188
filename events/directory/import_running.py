"""The import itself, a chunk of rows at a time (``run_chunk``; the rules are told in
``events.directory.imports``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Final
from uuid import UUID

import msgspec
from msgspec import UNSET

from events import audit, db, registrations
from events.actors import Actor
from events.directory import candidates, import_columns
from events.directory.duplicates import Duplicate, find_duplicates
from events.directory.import_batch import (
    FileRow,
    ImportRow,
    Outcome,
    Progress,
    RegistrationOutcome,
    lock,
    person_of,
    same_person,
)
from events.directory.import_columns import Problem, Target
from events.errors import DomainError, EventNotFound, InvalidInput, RegistrationClosed

# Rows a chunk takes at most: as many as ``registrations.BulkRegistrationIn`` registers at once.
MAX_CHUNK: Final = 200
_OUTCOMES: Final[tuple[Outcome, ...]] = ("created", "merged", "skipped", "error")


class _Done(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """A row's outcome, as ``mark_candidate_import_rows`` reads it."""

    n: int
    outcome: Outcome
    cells: list[str]
    candidate_id: UUID | None = None
    problem: Problem | None = None
    filled: list[str] | None = None
    look_alikes: list[Duplicate] | None = None
    registration: RegistrationOutcome | None = None


# --- 3. the import, a chunk at a time ------------------------------------------------------


def _kept(cells: list[str], mapping: list[Target | None]) -> list[str]:
    """The row's cells with the ignored columns blanked: nothing is kept that nobody asked for."""
    return [cell if target is not None else "" for cell, target in zip(cells, mapping, strict=True)]


async def _merge(
    conn: db.Conn,
    *,
    candidate_id: UUID,
    candidate: candidates.CandidateIn,
    by: Actor,
    now: datetime,
) -> list[str]:
    """Fill the existing candidate's empty fields from the row; what they have stays."""
    existing = await candidates.get(conn, candidate_id=candidate_id, by=by)
    change: dict[str, Any] = {
        name: getattr(candidate, name)
        for name in ("email", "phone", "city", "postcode")
        if getattr(existing, name) is None and getattr(candidate, name) is not None
    }
    filled = sorted(change)
    year = candidate.private.birth_year if candidate.private is not None else None
    known = existing.private.birth_year if existing.private is not None else UNSET
    if isinstance(year, int) and not isinstance(known, int):
        change["private"] = candidates.PrivateIn(birth_year=year)
        filled.append("birth_year")
    if change:
        await candidates.update(
            conn,
            candidate_id=candidate_id,
            change=candidates.CandidatePatch(**change),
            by=by,
            now=now,
        )
    return filled


def _names(candidate: candidates.CandidateIn) -> set[str]:
    return {
        candidates.fold(candidate.first_name + candidate.last_name),
        candidates.fold(candidate.last_name + candidate.first_name),
    }


async def _import_rows(
    conn: db.Conn, *, batch: ImportRow, rows: list[FileRow], by: Actor, now: datetime
) -> list[_Done]:
    """The rows in file order. Their look-alikes among the candidates already registered come
    from one query for them all; a row of the same name as one created just before in this
    chunk is looked up again, alone, so that someone written twice in the file is found as the
    duplicate of the first (``same_person`` wants the same name: no other row can be)."""
    mapping = batch.mapping or []
    read = [
        import_columns.candidate_of(
            row.cells, header=batch.header, mapping=mapping, organisation_id=batch.organisation_id
        )
        for row in rows
    ]
    valid = [c for c in read if not isinstance(c, Problem)]
    found = iter(
        await find_duplicates(
            conn, organisation_id=batch.organisation_id, people=[person_of(c) for c in valid]
        )
    )
    created_names: set[str] = set()
    done = []
    for row, candidate in zip(rows, read, strict=True):
        cells = _kept(row.cells, mapping)
        if isinstance(candidate, Problem):
            done.append(_Done(n=row.n, outcome="error", cells=cells, problem=candidate))
            continue
        looks = next(found)
        if _names(candidate) & created_names:
            [looks] = await find_duplicates(
                conn, organisation_id=batch.organisation_id, people=[person_of(candidate)]
            )
        outcome = await _import_row(
            conn, batch=batch, row=row, cells=cells, candidate=candidate, looks=looks, by=by,
            now=now,
        )  # fmt: skip
        if outcome.outcome == "created":
            created_names |= _names(candidate)
        done.append(outcome)
    return done


async def _import_row(
    conn: db.Conn,
    *,
    batch: ImportRow,
    row: FileRow,
    cells: list[str],
    candidate: candidates.CandidateIn,
    looks: list[Duplicate],
    by: Actor,
    now: datetime,
) -> _Done:
    same, others = same_person(candidate, looks)
    look_alikes = others or None
    if same is not None and batch.duplicates == "skip":
        return _Done(
            n=row.n,
            outcome="skipped",
            cells=cells,
            candidate_id=same.candidate_id,
            look_alikes=look_alikes,
        )
    try:
        async with conn.transaction():  # a savepoint: a refused row leaves nothing behind
            if same is None:
                created = await candidates.create(conn, candidate=candidate, by=by, now=now)
                return _Done(
                    n=row.n,
                    outcome="created",
                    cells=cells,
                    candidate_id=created.id,
                    look_alikes=look_alikes,
                )
            filled = await _merge(
                conn, candidate_id=same.candidate_id, candidate=candidate, by=by, now=now
            )
            return _Done(
                n=row.n,
                outcome="merged",
                cells=cells,
                candidate_id=same.candidate_id,
                filled=filled,
                look_alikes=look_alikes,
            )
    except DomainError as refusal:
        problem = Problem(field="", column="", fr=refusal.detail("fr"), en=refusal.detail("en"))
        return _Done(n=row.n, outcome="error", cells=cells, problem=problem)


async def _register(
    conn: db.Conn,
    *,
    event_id: UUID,
    done: list[_Done],
    by: Actor,
    now: datetime,
    public_url: str,
) -> list[_Done]:
    """The rows' people created or completed, registered in file order."""
    chosen = [
        i for i, d in enumerate(done) if d.outcome in ("created", "merged") and d.candidate_id
    ]
    if not chosen:
        return done
    ids = [done[i].candidate_id for i in chosen]
    outcomes: list[RegistrationOutcome]
    try:
        async with conn.transaction():
            items = await registrations.register_many(
                conn,
                event_id=event_id,
                bulk=registrations.BulkRegistrationIn(candidate_ids=[i for i in ids if i]),
                by=by,
                now=now,
                public_url=public_url,
            )
    except (RegistrationClosed, EventNotFound):  # called off or closed since the mapping
        outcomes = ["refused"] * len(chosen)
    else:
        outcomes = [_registration_outcome(item) for item in items]
    answer = list(done)
    for i, outcome in zip(chosen, outcomes, strict=True):
        answer[i] = msgspec.structs.replace(done[i], registration=outcome)
    return answer


def _registration_outcome(item: registrations.BulkItem) -> RegistrationOutcome:
    if item.ok and item.registration is not None:
        return "waitlisted" if item.registration.status == "waitlisted" else "confirmed"
    return "already_registered" if item.code == "already_registered" else "refused"


async def run_chunk(
    conn: db.Conn,
    *,
    import_id: UUID,
    by: Actor,
    now: datetime,
    public_url: str,
    size: int = MAX_CHUNK,
) -> Progress:
    """Import the next ``size`` rows not yet done, in file order, and register their people to
    the chosen event; nothing once every row is done. The batch stays locked until the
    transaction ends: a concurrent call waits, then takes the rows after these."""
    size = max(1, min(size, MAX_CHUNK))
    batch = await lock(conn, import_id=import_id, by=by)
    if batch.mapping is None:
        raise InvalidInput(
            field="columns",
            reason_fr="Dites d'abord ce que contient chaque colonne.",
            reason_en="First say what each column holds.",
        )
    if batch.status == "done":
        return Progress(id=batch.id, done=batch.done_rows, total=batch.total_rows, finished=True)
    if batch.status == "mapped":
        await db.execute(
            conn, "set_candidate_import_status", id=batch.id, status="running", now=now
        )
    taken = await db.fetch_all(
        conn, "next_candidate_import_rows", FileRow, import_id=batch.id, limit=size
    )
    done = await _import_rows(conn, batch=batch, rows=taken, by=by, now=now)
    if batch.event_id is not None:
        done = await _register(
            conn, event_id=batch.event_id, done=done, by=by, now=now, public_url=public_url
        )
    if done:
        await db.execute(
            conn, "mark_candidate_import_rows", import_id=batch.id, outcomes=done, now=now
        )
    total_done = batch.done_rows + len(done)
    finished = total_done >= batch.total_rows
    tally: dict[str, int] = {o: sum(1 for d in done if d.outcome == o) for o in _OUTCOMES}
    await audit.record(
        conn,
        by=by,
        action="candidate_import.finish" if finished else "candidate_import.chunk",
        subject_type="candidate_import",
        subject_id=batch.id,
        data={
            "rows": [taken[0].n, taken[-1].n] if taken else [],
            **tally,
            "registered": sum(1 for d in done if d.registration in ("confirmed", "waitlisted")),
        },
    )
    if finished:
        await db.execute(conn, "set_candidate_import_status", id=batch.id, status="done", now=now)
    return Progress(id=batch.id, done=total_done, total=batch.total_rows, finished=finished)

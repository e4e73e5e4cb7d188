"""Candidates imported from a spreadsheet, in four steps: the file is read and kept
(``upload``), its columns are given their meaning (``set_mapping``, which answers the
``preview``), its rows are imported a chunk at a time (``run_chunk``), and each row's outcome
is shown (``results``). Organisers of the organisation (and admins) only; to anyone else an
import does not exist.

A row is a candidate by the one rule of ``candidates.CandidateIn`` (read by
``import_columns.candidate_of``) and is created by ``candidates.create``. A row whose person is
already registered — a look-alike (``duplicates.find_duplicates``) of the same name, in either
order — is left as it is ("skip") or completed: their empty fields filled from the row, by
``candidates.update`` ("merge"). A look-alike of another name (a family sharing a phone, a
prescriber's e-mail) does not stop the row: the person is created, and the look-alike shown.
The people created or completed are then registered to the chosen event by
``registrations.register_many``: its capacity confirms the first ones in file order and
waitlists the others.

No row is imported twice: ``run_chunk`` locks the batch, takes the next rows not done, and marks
them done in the same transaction, so a second tab, or the form sent twice, waits and then
finds them done. A chunk is all or nothing: a failure rolls back every row of it.

Beside this module: ``spreadsheets`` reads the file, ``import_columns`` its columns and rows,
``import_batch`` holds the structs and who may see an import, ``import_running`` the import
itself (one look-alike query per chunk, not per row)."""

from __future__ import annotations

import asyncio
import re
from datetime import datetime
from typing import Final
from uuid import UUID

import msgspec

from events import audit, catalog, db
from events.actors import Actor
from events.directory import import_columns, spreadsheets
from events.directory.duplicates import find_duplicates
from events.directory.import_batch import (
    Action,
    Counts,
    DuplicatePolicy,
    FileRow,
    ImportRow,
    MappingIn,
    Outcome,
    Preview,
    PreviewLine,
    Progress,
    RegistrationOutcome,
    ResultLine,
    Results,
    get,
    list_recent,
    lock,
    organisation_for,
    person_of,
    require_importer,
    same_person,
)
from events.directory.import_columns import Problem, Target
from events.directory.import_running import MAX_CHUNK, run_chunk
from events.errors import EventNotFound, InvalidInput, OrganisationNotFound

__all__ = [
    "MAX_CHUNK",
    "Counts",
    "FileRow",
    "ImportRow",
    "MappingIn",
    "Preview",
    "PreviewLine",
    "Progress",
    "ResultLine",
    "Results",
    "get",
    "guessed_mapping",
    "list_recent",
    "preview",
    "results",
    "rows",
    "run_chunk",
    "set_mapping",
    "upload",
]

_FILENAME_MAX: Final = 255
_HIDDEN_IN_NAME: Final = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_ACTIONS: Final[dict[DuplicatePolicy, Action]] = {"skip": "skip", "merge": "merge"}


class _Count(msgspec.Struct, frozen=True, kw_only=True):
    outcome: Outcome
    registration: RegistrationOutcome | None
    rows: int


# --- 1. the file ---------------------------------------------------------------------------


def _filename(name: str) -> str:
    """The file's own name, without the folders some browsers send, hidden characters or
    excess length."""
    base = re.split(r"[\\/]", name)[-1]
    return _HIDDEN_IN_NAME.sub("", base).strip()[:_FILENAME_MAX] or "import"


async def upload(
    conn: db.Conn,
    *,
    content: bytes,
    filename: str,
    organisation_id: UUID | None,
    by: Actor,
    now: datetime,
) -> ImportRow:
    """Keep the file's table (``spreadsheets.read_table``: a refusal in plain words for a file
    that is not one) for its organisation, with each column's guessed meaning pending until
    the organiser confirms it."""
    require_importer(by)
    organisation = await organisation_for(conn, organisation_id, by)
    # Reading 5,000 rows of a workbook takes a moment: not on the event loop.
    table = await asyncio.to_thread(spreadsheets.read_table, content, filename)
    name = _filename(filename)
    import_id = await db.fetch_value(
        conn,
        "insert_candidate_import",
        organisation_id=organisation,
        created_by=by.id,
        now=now,
        filename=name,
        header=table.header,
        total_rows=len(table.rows),
    )
    if import_id is None:
        raise OrganisationNotFound
    await db.execute(
        conn,
        "insert_candidate_import_rows",
        import_id=import_id,
        rows=[{"n": n, "line": r.number, "cells": r.cells} for n, r in enumerate(table.rows, 1)],
    )
    await audit.record(
        conn,
        by=by,
        action="candidate_import.upload",
        subject_type="candidate_import",
        subject_id=import_id,
        # The file's shape, never its content: the log is not a copy of the people in it.
        data={"filename": name, "rows": len(table.rows), "columns": len(table.header)},
    )
    return await get(conn, import_id=import_id, by=by)


async def rows(
    conn: db.Conn, *, import_id: UUID, by: Actor, from_n: int = 1, limit: int = 5
) -> list[FileRow]:
    """Rows of the file as read, in order (the first few show what each column holds)."""
    await get(conn, import_id=import_id, by=by)
    return await db.fetch_all(
        conn,
        "list_candidate_import_rows",
        FileRow,
        import_id=import_id,
        from_n=from_n,
        limit=limit,
    )


def guessed_mapping(batch: ImportRow) -> list[Target | None]:
    """The mapping chosen, else the one the column titles suggest (``import_columns.guess``)."""
    return batch.mapping if batch.mapping is not None else import_columns.guess(batch.header)


# --- 2. the mapping and the preview --------------------------------------------------------


async def _check_event(conn: db.Conn, *, event_id: UUID, organisation_id: UUID, by: Actor) -> None:
    """The event to register to is a published event of the import's organisation."""
    refusal = InvalidInput(
        field="event_id",
        reason_fr="Choisissez une rencontre publiée de votre structure, ou aucune.",
        reason_en="Choose a published event of your organisation, or none.",
    )
    try:
        event = await catalog.get(conn, event_id=event_id, by=by)
    except EventNotFound as error:
        raise refusal from error
    if (
        not isinstance(event, catalog.EventRow)
        or event.organisation_id != organisation_id
        or event.status != "published"
    ):
        raise refusal


async def set_mapping(
    conn: db.Conn, *, import_id: UUID, mapping: MappingIn, by: Actor, now: datetime
) -> Preview:
    """Say what each column holds, what to do with people already registered, and the event
    to register everyone to; possible until the import starts. Answers the preview."""
    batch = await lock(conn, import_id=import_id, by=by)
    if batch.status not in ("uploaded", "mapped"):
        raise InvalidInput(
            field="columns",
            reason_fr="Cet import a déjà commencé\u00a0: ses colonnes ne peuvent plus changer.",
            reason_en="This import has already started: its columns can no longer change.",
        )
    if len(mapping.columns) != len(batch.header):
        raise InvalidInput(
            field="columns",
            reason_fr=f"Le fichier a {len(batch.header)} colonnes\u00a0: dites ce que contient "
            "chacune.",
            reason_en=f"The file has {len(batch.header)} columns: say what each one holds.",
        )
    if mapping.event_id is not None:
        await _check_event(
            conn, event_id=mapping.event_id, organisation_id=batch.organisation_id, by=by
        )
    await db.execute(
        conn,
        "set_candidate_import_mapping",
        id=import_id,
        mapping=mapping.columns,
        duplicates=mapping.duplicates,
        event_id=mapping.event_id,
        now=now,
    )
    await audit.record(
        conn,
        by=by,
        action="candidate_import.map",
        subject_type="candidate_import",
        subject_id=import_id,
        data={
            "columns": mapping.columns,
            "duplicates": mapping.duplicates,
            "event_id": str(mapping.event_id) if mapping.event_id else None,
        },
    )
    return await preview(conn, import_id=import_id, by=by)


def _shown_name(mapping: list[Target | None], cells: list[str]) -> list[str]:
    """The first and last name as the file writes them (even in a row refused)."""
    return [
        next((c for t, c in zip(mapping, cells, strict=True) if t == target), "")
        for target in ("first_name", "last_name")
    ]


async def preview(conn: db.Conn, *, import_id: UUID, by: Actor) -> Preview:
    """What importing would do, row by row, without writing anything: the rows refused and
    why, the people already registered (skipped or completed), the look-alikes of another
    name. People written twice in the file are found when imported (the second is then the
    first one's duplicate)."""
    batch = await get(conn, import_id=import_id, by=by)
    if batch.mapping is None:
        raise InvalidInput(
            field="columns",
            reason_fr="Dites d'abord ce que contient chaque colonne.",
            reason_en="First say what each column holds.",
        )
    mapping = batch.mapping
    every = await db.fetch_all(
        conn,
        "list_candidate_import_rows",
        FileRow,
        import_id=import_id,
        from_n=1,
        limit=batch.total_rows,
    )
    read = [
        import_columns.candidate_of(
            row.cells, header=batch.header, mapping=mapping, organisation_id=batch.organisation_id
        )
        for row in every
    ]
    valid = [(row, c) for row, c in zip(every, read, strict=True) if not isinstance(c, Problem)]
    found = await find_duplicates(
        conn,
        organisation_id=batch.organisation_id,
        people=[person_of(c) for _, c in valid],
    )
    errors = []
    for row, candidate in zip(every, read, strict=True):
        if isinstance(candidate, Problem):
            first, last = _shown_name(mapping, row.cells)
            errors.append(
                PreviewLine(
                    n=row.n,
                    line=row.line,
                    first_name=first,
                    last_name=last,
                    action="error",
                    problem=candidate,
                )
            )
    lookalikes = []
    counts = {"create": 0, "merge": 0, "skip": 0}
    for (row, candidate), looks in zip(valid, found, strict=True):
        same, others = same_person(candidate, looks)
        action: Action = "create" if same is None else _ACTIONS[batch.duplicates]
        counts[action] += 1
        if looks:
            lookalikes.append(
                PreviewLine(
                    n=row.n,
                    line=row.line,
                    first_name=candidate.first_name,
                    last_name=candidate.last_name,
                    action=action,
                    same=same,
                    look_alikes=others,
                )
            )
    return Preview(
        batch=batch,
        valid=len(valid),
        to_create=counts["create"],
        to_merge=counts["merge"],
        to_skip=counts["skip"],
        errors=errors,
        lookalikes=lookalikes,
    )


# --- 4. the outcome ------------------------------------------------------------------------


async def results(conn: db.Conn, *, import_id: UUID, by: Actor) -> Results:
    """Each row done so far, in file order, and how many ended each way."""
    batch = await get(conn, import_id=import_id, by=by)
    counted = await db.fetch_all(conn, "count_candidate_import_rows", _Count, import_id=import_id)
    counts: dict[str, int] = {}
    for c in counted:
        counts[c.outcome] = counts.get(c.outcome, 0) + c.rows
        if c.registration is not None:
            counts[c.registration] = counts.get(c.registration, 0) + c.rows
    lines = await db.fetch_all(
        conn, "list_candidate_import_results", ResultLine, import_id=import_id
    )
    return Results(batch=batch, counts=Counts(**counts), lines=lines)

"""Candidates imported from a spreadsheet (``events.directory.imports``) against the real
database: a file of 30 rows with 3 refused and 2 people already registered, skipped or
completed; everyone registered to an event of 25 places (25 confirmed, the others waitlisted in
file order); chunks run twice or at the same time never import a row twice; a chunk that fails
leaves no half-made candidate; who may see an import."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import asyncpg
import msgspec
import pytest

from events import catalog, db
from events.actors import Actor
from events.directory import candidates, imports, organisations
from events.errors import Forbidden, InvalidInput, NotFound
from events.settings import Settings
from tests.factories import make_organisation, make_user, unique

NOW = datetime.now(UTC)
PUBLIC_URL = "http://127.0.0.1:8000"
HEADER = ["Prénom", "Nom", "Téléphone", "Mail", "Ville", "Date de naissance", "Situation"]
LAST_NAMES = [
    "Martin", "Bernard", "Petit", "Robert", "Richard", "Durand", "Dubois", "Moreau", "Laurent",
    "Simon", "Michel", "Lefèvre", "Leroy", "Roux", "David", "Bertrand", "Morel", "Fournier",
    "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine", "Rousseau", "Vincent", "Muller",
    "Lefebvre", "Faure", "André", "Mercier",
]  # fmt: skip
FIRST_NAMES = ["Amina", "Jean-Luc", "Fatou", "Karim", "Léa", "Yusuf", "Chloé", "Samir", "Inès"]
REFUSED = {5: "phone", 12: "first_name", 20: "email"}
HELENE, MOUSSA, AWA = 8, 15, 25


def _rows() -> list[list[str]]:
    """30 people: rows 5, 12 and 20 refused; row 8 is Hélène O'Connor (same name and birth
    year), row 15 Moussa Diallo (same name and phone), both already registered; row 25 Awa
    Diallo shares Moussa's phone without being him."""
    rows = []
    for n in range(1, 31):
        row = [
            FIRST_NAMES[n % len(FIRST_NAMES)],
            LAST_NAMES[n - 1],
            f"06 00 00 00 {n:02d}",
            "",
            "Montreuil",
            "",
            "RSA",  # nobody asked for this column: it is ignored, and not kept
        ]
        rows.append(row)
    rows[HELENE - 1] = ["HÉLÈNE", "O'CONNOR", "07 01 02 03 04", "", "", "12/05/1990", "RSA"]
    rows[MOUSSA - 1] = ["Moussa", "Diallo", "0611223344", "m.diallo@example.org", "Lyon", "", ""]
    rows[AWA - 1] = ["Awa", "Diallo", "06 11 22 33 44", "", "Lyon", "2001", ""]
    rows[5 - 1][2] = "12"
    rows[12 - 1][0] = ""
    rows[20 - 1][3] = "pas-une-adresse"
    return rows


def _csv(rows: list[list[str]]) -> bytes:
    lines = [";".join(HEADER)] + [";".join(row) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


class Team:
    def __init__(self, organisation_id: UUID, organiser: Actor, coach: Actor) -> None:
        self.organisation_id = organisation_id
        self.organiser = organiser
        self.coach = coach


@pytest.fixture
async def team(pool: Any, settings: Settings) -> Team:
    """An organisation with Hélène O'Connor (born 1990, no phone) and Moussa Diallo (a phone,
    no city) already registered."""
    organisation = await make_organisation(pool)
    actors = []
    for role in ("organiser", "coach"):
        user = await make_user(pool, settings, role=role, organisation_id=organisation.id)
        actors.append(Actor(id=user.id, role=role, organisation_id=organisation.id))
    async with db.transaction(pool) as conn:
        for body in (
            {"first_name": "Hélène", "last_name": "O'Connor", "private": {"birth_year": 1990}},
            {"first_name": "Moussa", "last_name": "Diallo", "phone": "06 11 22 33 44"},
        ):
            await candidates.create(
                conn,
                candidate=msgspec.convert(
                    {**body, "organisation_id": organisation.id}, candidates.CandidateIn
                ),
                by=actors[0],
                now=NOW,
            )
    return Team(organisation.id, actors[0], actors[1])


async def _uploaded(
    pool: Any, team: Team, *, duplicates: str, event_id: UUID | None = None
) -> UUID:
    async with db.transaction(pool) as conn:
        batch = await imports.upload(
            conn,
            content=_csv(_rows()),
            filename="C:\\Users\\mission\\Export jeunes.csv",
            organisation_id=None,
            by=team.organiser,
            now=NOW,
        )
        assert batch.filename == "Export jeunes.csv" and batch.total_rows == 30
        assert batch.status == "uploaded" and batch.mapping is None
        mapping = imports.guessed_mapping(batch)
        assert mapping == [
            "first_name", "last_name", "phone", "email", "city", "birth_year", None
        ]  # fmt: skip
        await imports.set_mapping(
            conn,
            import_id=batch.id,
            mapping=imports.MappingIn(columns=mapping, duplicates=duplicates, event_id=event_id),
            by=team.organiser,
            now=NOW,
        )
    return batch.id


async def _run(pool: Any, team: Team, import_id: UUID, size: int = imports.MAX_CHUNK) -> int:
    """Chunks until every row is done, each in its own transaction as requests are; how many."""
    chunks = 0
    while True:
        async with db.transaction(pool) as conn:
            progress = await imports.run_chunk(
                conn, import_id=import_id, by=team.organiser, now=NOW, public_url=PUBLIC_URL,
                size=size,
            )  # fmt: skip
        chunks += 1
        if progress.finished:
            return chunks


async def _results(pool: Any, team: Team, import_id: UUID) -> imports.Results:
    async with db.transaction(pool) as conn:
        return await imports.results(conn, import_id=import_id, by=team.organiser)


async def _candidates(pool: Any, organisation_id: UUID) -> dict[str, Any]:
    rows = await pool.fetch(
        "select c.first_name, c.last_name, c.phone, c.email, c.city, p.data as private"
        " from candidates c left join candidate_private p on p.candidate_id = c.id"
        " where c.organisation_id = $1",
        organisation_id,
    )
    return {f"{r['first_name']} {r['last_name']}": r for r in rows}


async def test_the_preview_counts_and_explains_each_row_without_writing(
    pool: Any, team: Team
) -> None:
    import_id = await _uploaded(pool, team, duplicates="skip")
    async with db.transaction(pool) as conn:
        shown = await imports.preview(conn, import_id=import_id, by=team.organiser)
    assert (shown.valid, shown.to_create, shown.to_skip) == (27, 25, 2)
    assert {line.line: line.problem.field for line in shown.errors if line.problem} == {
        n + 1: field for n, field in REFUSED.items()
    }  # the header is the spreadsheet's row 1
    phone = next(line for line in shown.errors if line.n == 5)
    assert phone.problem is not None and phone.problem.column == "Téléphone"
    assert "numéro de téléphone" in phone.problem.fr
    looks = {line.n: line for line in shown.lookalikes}
    assert sorted(looks) == [HELENE, MOUSSA, AWA]
    assert looks[HELENE].action == "skip" and looks[HELENE].same is not None
    assert looks[HELENE].same.reasons == ["name_and_birth_year"]
    assert looks[MOUSSA].same is not None and looks[MOUSSA].same.reasons == ["phone"]
    assert looks[AWA].action == "create" and looks[AWA].same is None
    assert [d.first_name for d in looks[AWA].look_alikes] == ["Moussa"]
    assert len(await _candidates(pool, team.organisation_id)) == 2  # nothing written


async def test_skip_leaves_people_already_registered_as_they_are(pool: Any, team: Team) -> None:
    import_id = await _uploaded(pool, team, duplicates="skip")
    assert await _run(pool, team, import_id) == 1
    found = await _results(pool, team, import_id)
    counts = found.counts
    assert (counts.created, counts.skipped, counts.merged, counts.error) == (25, 2, 0, 3)
    assert found.batch.status == "done" and found.batch.done_rows == 30
    assert found.batch.finished_at is not None
    by_n = {line.n: line for line in found.lines}
    assert {n for n, line in by_n.items() if line.outcome == "error"} == set(REFUSED)
    assert by_n[12].problem is not None and "prénom" in by_n[12].problem.fr
    assert by_n[HELENE].outcome == "skipped" and by_n[HELENE].candidate_last_name == "O'Connor"
    assert by_n[AWA].outcome == "created" and by_n[AWA].look_alikes
    # The column nobody asked for is not kept.
    assert all(line.cells[6] == "" for line in found.lines)
    people = await _candidates(pool, team.organisation_id)
    assert len(people) == 27
    assert people["Moussa Diallo"]["city"] is None
    assert people["Hélène O'Connor"]["phone"] is None
    assert people["Awa Diallo"]["private"] == {"birth_year": 2001}
    created = await pool.fetchval(
        "select count(*) from audit_log where action = 'candidate.create' and actor_id = $1",
        team.organiser.id,
    )
    assert created == 2 + 25
    steps = await pool.fetch(
        "select action, data from audit_log where subject_type = 'candidate_import'"
        " and subject_id = $1 order by id",
        import_id,
    )
    assert [step["action"] for step in steps] == [
        "candidate_import.upload",
        "candidate_import.map",
        "candidate_import.finish",
    ]
    assert steps[0]["data"] == {"filename": "Export jeunes.csv", "rows": 30, "columns": 7}
    assert steps[2]["data"]["created"] == 25 and steps[2]["data"]["rows"] == [1, 30]


async def test_merge_fills_the_empty_fields_of_people_already_registered(
    pool: Any, team: Team
) -> None:
    import_id = await _uploaded(pool, team, duplicates="merge")
    await _run(pool, team, import_id)
    found = await _results(pool, team, import_id)
    assert (found.counts.created, found.counts.merged, found.counts.error) == (25, 2, 3)
    by_n = {line.n: line for line in found.lines}
    assert by_n[MOUSSA].filled == ["city", "email"]
    assert by_n[HELENE].filled == ["phone"]
    people = await _candidates(pool, team.organisation_id)
    assert len(people) == 27
    moussa = people["Moussa Diallo"]
    # Empty fields filled, the phone kept as it was written before.
    assert (moussa["city"], moussa["email"]) == ("Lyon", "m.diallo@example.org")
    assert moussa["phone"] == "06 11 22 33 44"
    assert people["Hélène O'Connor"]["phone"] == "07 01 02 03 04"
    assert people["Hélène O'Connor"]["private"] == {"birth_year": 1990}


async def _published_event(pool: Any, team: Team, places: int) -> UUID:
    start = (NOW + timedelta(days=30)).replace(microsecond=0)
    async with db.transaction(pool) as conn:
        event = await catalog.create(
            conn,
            event=msgspec.convert(
                {
                    "kind": "job_dating",
                    "title": unique("Job dating"),
                    "starts_at": start.isoformat(),
                    "ends_at": (start + timedelta(hours=3)).isoformat(),
                    "timezone": "Europe/Paris",
                    "venue": {
                        "name": "Maison de l'emploi",
                        "address": "12 rue des Lilas",
                        "city": "Montreuil",
                        "postcode": "93100",
                    },
                    "capacity": {"candidates": places, "companies": 5},
                    "details": {"interview_minutes": 10},
                },
                catalog.NewEvent,
            ),
            by=team.organiser,
        )
        await catalog.set_status(
            conn, event_id=event.id, status="published", by=team.organiser, now=NOW
        )
    return event.id


async def test_everyone_is_registered_the_first_25_confirmed_the_rest_waitlisted_in_file_order(
    pool: Any, team: Team
) -> None:
    event_id = await _published_event(pool, team, places=25)
    import_id = await _uploaded(pool, team, duplicates="merge", event_id=event_id)
    assert await _run(pool, team, import_id, size=7) == 5  # 30 rows, 7 at a time
    found = await _results(pool, team, import_id)
    assert (found.counts.confirmed, found.counts.waitlisted) == (25, 2)
    registered = [line for line in found.lines if line.registration is not None]
    assert [line.n for line in registered] == [n for n in range(1, 31) if n not in REFUSED]
    assert [line.registration for line in registered] == ["confirmed"] * 25 + ["waitlisted"] * 2
    waitlist = await pool.fetch(
        "select candidate_id from registrations where event_id = $1 and status = 'waitlisted'"
        " order by waitlist_seq",
        event_id,
    )
    assert [r["candidate_id"] for r in waitlist] == [line.candidate_id for line in registered[25:]]
    confirmed = await pool.fetchval(
        "select count(*) from registrations where event_id = $1 and status = 'confirmed'",
        event_id,
    )
    assert confirmed == 25


async def test_chunks_run_twice_or_at_the_same_time_never_import_a_row_twice(
    pool: Any, team: Team
) -> None:
    import_id = await _uploaded(pool, team, duplicates="skip")
    # Two tabs importing at once: each chunk waits for the other's, then takes the rows after.
    chunks = await asyncio.gather(*(_run(pool, team, import_id, size=4) for _ in range(2)))
    assert sum(chunks) >= 8  # 30 rows, 4 at a time, shared between the two
    again = await _run(pool, team, import_id)  # the form sent once more, after the end
    assert again == 1
    found = await _results(pool, team, import_id)
    assert [line.n for line in found.lines] == list(range(1, 31))
    assert (found.counts.created, found.counts.skipped, found.counts.error) == (25, 2, 3)
    names = await pool.fetch(
        "select first_name, last_name, count(*) from candidates where organisation_id = $1"
        " group by first_name, last_name having count(*) > 1",
        team.organisation_id,
    )
    assert names == []
    assert len(await _candidates(pool, team.organisation_id)) == 27


async def test_someone_written_twice_in_the_file_is_created_once(pool: Any, team: Team) -> None:
    rows = _rows()
    rows[2 - 1] = ["Awa", "Traoré", "06 55 44 33 22", "", "", "", ""]
    rows[9 - 1] = ["awa", "TRAORÉ", "+33 6 55 44 33 22", "", "Bondy", "", ""]  # the same person
    rows[10 - 1] = ["Awa", "Traoré", "06 99 99 99 99", "", "", "", ""]  # a namesake
    async with db.transaction(pool) as conn:
        batch = await imports.upload(
            conn, content=_csv(rows), filename="x.csv", organisation_id=None,
            by=team.organiser, now=NOW,
        )  # fmt: skip
        await imports.set_mapping(
            conn,
            import_id=batch.id,
            mapping=imports.MappingIn(columns=imports.guessed_mapping(batch), duplicates="merge"),
            by=team.organiser,
            now=NOW,
        )
    await _run(pool, team, batch.id)
    found = {line.n: line for line in (await _results(pool, team, batch.id)).lines}
    assert found[2].outcome == "created"
    assert found[9].outcome == "merged" and found[9].candidate_id == found[2].candidate_id
    assert found[9].filled == ["city"]
    assert found[10].outcome == "created" and found[10].candidate_id != found[2].candidate_id
    people = await pool.fetch(
        "select city from candidates where organisation_id = $1 and last_name = 'Traoré'"
        " order by phone",
        team.organisation_id,
    )
    assert [p["city"] for p in people] == ["Bondy", None]


@pytest.fixture
async def conn(pool: Any) -> AsyncIterator[Any]:
    async with pool.acquire() as connection:
        tx = connection.transaction()
        await tx.start()
        try:
            yield connection
        finally:
            await tx.rollback()


async def test_a_chunk_that_fails_leaves_no_half_candidate_and_can_be_run_again(
    conn: Any, team: Team
) -> None:
    rows = _rows()
    rows[3 - 1][5] = "1977"
    batch = await imports.upload(
        conn, content=_csv(rows), filename="x.csv", organisation_id=None, by=team.organiser,
        now=NOW,
    )  # fmt: skip
    await imports.set_mapping(
        conn,
        import_id=batch.id,
        mapping=imports.MappingIn(columns=imports.guessed_mapping(batch)),
        by=team.organiser,
        now=NOW,
    )
    # The database refuses row 3's social situation after its candidate row was written
    # (``not valid``: other tests' rows of 1977 stay as they are; new rows are checked).
    await conn.execute(
        "alter table candidate_private add constraint test_import_refuses_1977"
        " check (data ->> 'birth_year' is distinct from '1977') not valid"
    )
    with pytest.raises(asyncpg.CheckViolationError):
        async with conn.transaction():
            await imports.run_chunk(
                conn, import_id=batch.id, by=team.organiser, now=NOW, public_url=PUBLIC_URL
            )
    names = await conn.fetch(
        "select last_name from candidates where organisation_id = $1 and last_name = any($2)",
        team.organisation_id,
        LAST_NAMES[:3],
    )
    assert names == []  # rows 1 and 2 rolled back with row 3: nothing half-made
    assert (await imports.get(conn, import_id=batch.id, by=team.organiser)).done_rows == 0
    await conn.execute("alter table candidate_private drop constraint test_import_refuses_1977")
    progress = await imports.run_chunk(
        conn, import_id=batch.id, by=team.organiser, now=NOW, public_url=PUBLIC_URL
    )
    assert progress.finished and progress.done == 30


async def test_who_may_see_and_change_an_import(pool: Any, settings: Settings, team: Team) -> None:
    import_id = await _uploaded(pool, team, duplicates="skip")
    other = await make_organisation(pool)
    stranger = await make_user(pool, settings, role="organiser", organisation_id=other.id)
    async with db.transaction(pool) as conn:
        with pytest.raises(NotFound):
            await imports.get(
                conn,
                import_id=import_id,
                by=Actor(id=stranger.id, role="organiser", organisation_id=other.id),
            )
        with pytest.raises(Forbidden):
            await imports.get(conn, import_id=import_id, by=team.coach)
        batch = await imports.get(conn, import_id=import_id, by=team.organiser)
        columns = imports.guessed_mapping(batch)
        with pytest.raises(InvalidInput) as no_first_name:
            imports.MappingIn(columns=[None, *columns[1:]])
        assert "prénom" in str(no_first_name.value.params["reason_fr"])
        with pytest.raises(InvalidInput) as twice:
            imports.MappingIn(columns=["first_name", "last_name", "phone", "phone", *columns[4:]])
        assert "ignorer" in str(twice.value.params["reason_fr"])
    # An event of another organisation is not one to register to.
    others = Team(
        other.id, Actor(id=stranger.id, role="organiser", organisation_id=other.id), team.coach
    )
    their_event = await _published_event(pool, others, places=5)
    async with db.transaction(pool) as conn:
        with pytest.raises(InvalidInput) as wrong_event:
            await imports.set_mapping(
                conn,
                import_id=import_id,
                mapping=imports.MappingIn(columns=columns, event_id=their_event),
                by=team.organiser,
                now=NOW,
            )
        assert wrong_event.value.params["field"] == "event_id"
    await _run(pool, team, import_id)
    async with db.transaction(pool) as conn:
        with pytest.raises(InvalidInput):  # once started, its columns stay
            await imports.set_mapping(
                conn,
                import_id=import_id,
                mapping=imports.MappingIn(columns=columns, duplicates="merge"),
                by=team.organiser,
                now=NOW,
            )
        organisation = await organisations.get(
            conn, organisation_id=team.organisation_id, by=team.organiser
        )
    assert organisation.id == team.organisation_id

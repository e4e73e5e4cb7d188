"""Candidates registered twice (``events.directory.duplicates``): each reason a candidate looks
like someone about to be added, names folded as search folds them, other organisations never
looked at, and a spreadsheet's worth of people in one query. Each test works in a transaction
rolled back at its end."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import msgspec
import pytest

from events.directory import candidates, organisations
from events.directory.duplicates import Duplicate, Person, find_duplicates
from events.errors import InvalidInput
from tests.factories import unique

NOW = datetime(2025, 3, 14, 9, 30, tzinfo=UTC)


@pytest.fixture
async def conn(pool: Any) -> AsyncIterator[Any]:
    async with pool.acquire() as connection:
        tx = connection.transaction()
        await tx.start()
        try:
            yield connection
        finally:
            await tx.rollback()


async def _organisation(conn: Any) -> UUID:
    made = await organisations.create(
        conn, organisation=organisations.OrganisationIn(name=unique("Mission locale")), by=None
    )
    return made.id


async def _candidate(conn: Any, organisation_id: UUID, **fields: Any) -> UUID:
    private = {"birth_year": fields.pop("birth_year")} if "birth_year" in fields else None
    row = await candidates.create(
        conn,
        candidate=msgspec.convert(
            {"organisation_id": organisation_id, "private": private, **fields},
            candidates.CandidateIn,
        ),
        by=None,
        now=NOW,
    )
    return row.id


class _Counting:
    """A connection that counts the statements sent through it."""

    def __init__(self, conn: Any) -> None:
        self.conn = conn
        self.statements: list[str] = []

    async def fetch(self, sql: str, *args: Any) -> Any:
        self.statements.append(sql)
        return await self.conn.fetch(sql, *args)


def _reasons(found: list[Duplicate]) -> dict[UUID, list[str]]:
    return {d.candidate_id: list(d.reasons) for d in found}


async def test_same_folded_name_and_birth_year_is_a_look_alike_but_not_the_name_alone(
    conn: Any,
) -> None:
    org = await _organisation(conn)
    helene = await _candidate(conn, org, first_name="Hélène", last_name="O'Connor", birth_year=1990)
    await _candidate(conn, org, first_name="Hélène", last_name="O'Connor", birth_year=1991)
    await _candidate(conn, org, first_name="Hélène", last_name="O'Connor")
    found = await find_duplicates(
        conn,
        organisation_id=org,
        people=[
            Person(first_name="HELENE", last_name="oconnor", birth_year=1990),
            Person(first_name="O Connor", last_name="Helene", birth_year=1990),  # swapped
            Person(first_name="Hélène", last_name="O'Connor"),  # no year: no name match
            Person(first_name="Hélène", last_name="Martin", birth_year=1990),
        ],
    )
    assert [_reasons(f) for f in found] == [
        {helene: ["name_and_birth_year"]},
        {helene: ["name_and_birth_year"]},
        {},
        {},
    ]
    assert (found[0][0].first_name, found[0][0].last_name) == ("Hélène", "O'Connor")


async def test_same_phone_however_it_is_written_is_a_look_alike(conn: Any) -> None:
    org = await _organisation(conn)
    moussa = await _candidate(
        conn, org, first_name="Moussa", last_name="Diallo", phone="06 12 34 56 78"
    )
    await _candidate(conn, org, first_name="Awa", last_name="Traoré", phone="06 12 34 56 79")
    found = await find_duplicates(
        conn,
        organisation_id=org,
        people=[
            Person(first_name="Sékou", last_name="Keïta", phone=written)
            for written in (
                "0612345678",
                "+33 6 12 34 56 78",
                "+33 (0)6.12.34.56.78",
                "0033612345678",
            )
        ]
        + [Person(first_name="Sékou", last_name="Keïta", phone="07 12 34 56 78")],
    )
    assert [_reasons(f) for f in found] == [{moussa: ["phone"]}] * 4 + [{}]


async def test_same_email_whatever_its_case_is_a_look_alike(conn: Any) -> None:
    org = await _organisation(conn)
    lea = await _candidate(
        conn, org, first_name="Léa", last_name="Martin", email="Lea.Martin+emploi@Example.org"
    )
    found = await find_duplicates(
        conn,
        organisation_id=org,
        people=[
            Person(first_name="L", last_name="M", email="lea.martin+emploi@example.ORG"),
            Person(first_name="L", last_name="M", email="lea.martin@example.org"),
        ],
    )
    assert [_reasons(f) for f in found] == [{lea: ["email"]}, {}]


async def test_every_reason_of_one_look_alike_is_given_once_in_order(conn: Any) -> None:
    org = await _organisation(conn)
    same = await _candidate(
        conn,
        org,
        first_name="Zoé",
        last_name="N'Diaye",
        birth_year=2001,
        phone="0700000001",
        email="zoe@example.org",
    )
    other = await _candidate(conn, org, first_name="Ali", last_name="Ben", phone="+33700000001")
    found = await find_duplicates(
        conn,
        organisation_id=org,
        people=[
            Person(
                first_name="zoe",
                last_name="ndiaye",
                birth_year=2001,
                phone="07 00 00 00 01",
                email="ZOE@example.org",
            )
        ],
    )
    assert _reasons(found[0]) == {
        same: ["name_and_birth_year", "phone", "email"],
        other: ["phone"],
    }
    # In name order: Ben before N'Diaye.
    assert [d.candidate_id for d in found[0]] == [other, same]


async def test_another_organisations_candidates_never_match(conn: Any) -> None:
    ours, theirs = await _organisation(conn), await _organisation(conn)
    await _candidate(
        conn,
        theirs,
        first_name="Hélène",
        last_name="O'Connor",
        birth_year=1990,
        phone="0612345678",
        email="helene@example.org",
    )
    found = await find_duplicates(
        conn,
        organisation_id=ours,
        people=[
            Person(
                first_name="Hélène",
                last_name="O'Connor",
                birth_year=1990,
                phone="0612345678",
                email="helene@example.org",
            )
        ],
    )
    assert found == [[]]


async def test_no_people_no_query_and_names_that_fold_to_nothing_match_nobody(conn: Any) -> None:
    org = await _organisation(conn)
    await _candidate(conn, org, first_name="🙂", last_name="—", birth_year=1990)
    assert await find_duplicates(conn, organisation_id=org, people=[]) == []
    found = await find_duplicates(
        conn,
        organisation_id=org,
        people=[Person(first_name="😀", last_name="-", birth_year=1990, phone="", email="")],
    )
    assert found == [[]]


async def test_two_thousand_people_are_checked_in_one_query(conn: Any) -> None:
    org = await _organisation(conn)
    twins = {}
    for n in (0, 777, 1999):
        twins[n] = await _candidate(
            conn, org, first_name="Personne", last_name=f"Numéro {n}", birth_year=1980
        )
    people = [
        Person(
            first_name="Personne",
            last_name=f"Numero {n}",
            birth_year=1980,
            phone=f"06{n:08d}",
            email=f"p{n}@example.org",
        )
        for n in range(2000)
    ]
    counting = _Counting(conn)
    started = time.perf_counter()
    found = await find_duplicates(counting, organisation_id=org, people=people)
    elapsed = time.perf_counter() - started
    assert len(counting.statements) == 1
    assert len(found) == 2000
    assert {n: _reasons(f) for n, f in enumerate(found) if f} == {
        n: {twins[n]: ["name_and_birth_year"]} for n in twins
    }
    print(f"2,000 people: one statement, {elapsed:.2f} s")  # a figure, not a rule (noisy machine)


@pytest.mark.parametrize("year", [1899, datetime.now(UTC).year + 1])
def test_a_birth_year_out_of_range_is_refused_in_plain_words(year: int) -> None:
    with pytest.raises(InvalidInput) as refused:
        msgspec.convert({"birth_year": year}, candidates.PrivateIn)
    assert refused.value.params["field"] == "private.birth_year"
    assert "entre 1900 et" in str(refused.value.params["reason_fr"])


async def test_the_database_refuses_a_birth_year_that_is_not_a_year(conn: Any) -> None:
    org = await _organisation(conn)
    candidate_id = await _candidate(conn, org, first_name="A", last_name="B", birth_year=1990)
    for bad in ('"1990"', "1850", "19900", "1990.5"):
        with pytest.raises(Exception, match="candidate_private_birth_year_check"):
            async with conn.transaction():
                await conn.execute(
                    "update candidate_private set data = jsonb_set(data, '{birth_year}', $2::jsonb)"
                    " where candidate_id = $1",
                    candidate_id,
                    bad,
                )

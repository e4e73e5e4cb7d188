"""Idempotency keys on observations: a retry with the same ``Idempotency-Key`` (a phone on a
gym's Wi-Fi sending again) gets the first answer and adds no evidence; another request under
the same key is refused and changes nothing. Registrations' keys: tests/test_registrations.py."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any
from uuid import uuid4

import msgspec
import pytest
from httpx import AsyncClient

from events import db, idempotency
from events.actors import Actor
from events.settings import Settings
from tests.factories import Staff, make_staff
from tests.factories_registrations import make_candidate, register
from tests.factories_skills import make_sport_session, observe, skills_rows


class Session:
    """A published sport session naming ``staff.coach``, one registered candidate, and one
    observation of them to correct."""

    def __init__(
        self, staff: Staff, event: dict[str, Any], candidate_id: str, observation_id: str
    ) -> None:
        self.staff = staff
        self.event = event
        self.candidate_id = candidate_id
        self.observation_id = observation_id

    def request(self, endpoint: str) -> tuple[str, dict[str, Any], dict[str, Any]]:
        """The address of ``endpoint``, a body it records, and another body it records."""
        observations = f"/api/v1/events/{self.event['id']}/observations"
        if endpoint == "observe":
            one = {"candidate_id": self.candidate_id, "skill": "perseverance", "level": 3}
            return observations, one, {**one, "level": 2}
        if endpoint == "batch":
            items = [
                {"skill": "team_spirit", "level": 4, "activity": "Football"},
                {"skill": "communication", "level": 2, "activity": "Football"},
            ]
            one = {"candidate_id": self.candidate_id, "items": items}
            return f"{observations}/batch", one, {**one, "items": items[:1]}
        correct = f"/api/v1/observations/{self.observation_id}/correct"
        return correct, {"level": 4}, {"level": 1}


@pytest.fixture
async def session(client: AsyncClient, pool: Any, settings: Settings) -> Session:
    staff = await make_staff(pool, settings, client)
    event = await make_sport_session(client, staff.organiser, coach_ids=[staff.coach_user.id])
    candidate_id = await make_candidate(client, staff.organiser)
    await register(client, staff.organiser, event["id"], candidate_id=candidate_id)
    first = await observe(client, staff.coach, event["id"], candidate_id, "motivation", 2)
    return Session(staff, event, candidate_id, first["id"])


def _keyed(headers: dict[str, str], key: str) -> dict[str, str]:
    return {**headers, "Idempotency-Key": key}


async def _stored_keys(pool: Any, session: Session) -> int:
    count: int = await pool.fetchval(
        "select count(*) from idempotency_keys where actor_id = $1", session.staff.coach_user.id
    )
    return count


ENDPOINTS = ["observe", "batch", "correct"]


@pytest.mark.parametrize("endpoint", ENDPOINTS)
async def test_a_retry_with_the_same_key_gets_the_first_answer_and_records_nothing_more(
    client: AsyncClient, pool: Any, session: Session, endpoint: str
) -> None:
    url, body, _ = session.request(endpoint)
    headers = _keyed(session.staff.coach, "gym-wifi-1")
    first = await client.post(url, headers=headers, json=body)
    assert first.status_code == 201, first.text
    after_first = await skills_rows(pool, session.candidate_id)
    retry = await client.post(url, headers=headers, json=body)
    assert retry.status_code == 201, retry.text
    assert retry.json() == first.json()
    assert await skills_rows(pool, session.candidate_id) == after_first
    # One observation before, plus what the first request wrote, once.
    written = {"observe": 1, "batch": 2, "correct": 1}[endpoint]
    assert after_first["observations"] == 1 + written
    assert after_first["card_version"] == 2
    assert await _stored_keys(pool, session) == 1


@pytest.mark.parametrize("endpoint", ENDPOINTS)
async def test_the_same_key_with_another_body_is_refused_and_changes_nothing(
    client: AsyncClient, pool: Any, session: Session, endpoint: str
) -> None:
    url, body, other = session.request(endpoint)
    headers = _keyed(session.staff.coach, "gym-wifi-2")
    first = await client.post(url, headers=headers, json=body)
    assert first.status_code == 201, first.text
    before = await skills_rows(pool, session.candidate_id)
    reused = await client.post(url, headers=headers, json=other)
    assert reused.status_code == 422, reused.text
    assert reused.json()["code"] == "idempotency_key_reused"
    assert await skills_rows(pool, session.candidate_id) == before
    assert await _stored_keys(pool, session) == 1


async def test_the_same_key_on_another_address_is_refused_and_changes_nothing(
    client: AsyncClient, pool: Any, session: Session
) -> None:
    headers = _keyed(session.staff.coach, "gym-wifi-3")
    url, body, _ = session.request("observe")
    assert (await client.post(url, headers=headers, json=body)).status_code == 201
    before = await skills_rows(pool, session.candidate_id)
    for endpoint in ("batch", "correct"):
        url, body, _ = session.request(endpoint)
        reused = await client.post(url, headers=headers, json=body)
        assert reused.status_code == 422, reused.text
        assert reused.json()["code"] == "idempotency_key_reused"
    assert await skills_rows(pool, session.candidate_id) == before


@pytest.mark.parametrize("endpoint", ENDPOINTS)
async def test_concurrent_duplicates_record_once_and_both_get_the_first_answer(
    client: AsyncClient, pool: Any, session: Session, endpoint: str
) -> None:
    url, body, _ = session.request(endpoint)
    headers = _keyed(session.staff.coach, "gym-wifi-4")
    before = await skills_rows(pool, session.candidate_id)
    first, second = await asyncio.gather(
        client.post(url, headers=headers, json=body),
        client.post(url, headers=headers, json=body),
    )
    assert first.status_code == second.status_code == 201, (first.text, second.text)
    assert first.json() == second.json()
    after = await skills_rows(pool, session.candidate_id)
    written = {"observe": 1, "batch": 2, "correct": 1}[endpoint]
    assert after["observations"] == before["observations"] + written
    assert after["card_version"] == before["card_version"] + 1
    assert await _stored_keys(pool, session) == 1


async def test_a_refused_request_keeps_no_answer_so_its_retry_runs_again(
    client: AsyncClient, pool: Any, session: Session
) -> None:
    candidate_id = await make_candidate(client, session.staff.organiser)
    url = f"/api/v1/events/{session.event['id']}/observations"
    body = {"candidate_id": candidate_id, "skill": "perseverance", "level": 3}
    headers = _keyed(session.staff.coach, "gym-wifi-5")
    refused = await client.post(url, headers=headers, json=body)
    assert refused.status_code == 422, refused.text
    assert refused.json()["code"] == "candidate_not_registered"
    assert await _stored_keys(pool, session) == 0
    await register(client, session.staff.organiser, session.event["id"], candidate_id=candidate_id)
    retry = await client.post(url, headers=headers, json=body)
    assert retry.status_code == 201, retry.text
    assert (await skills_rows(pool, candidate_id))["observations"] == 1


async def test_keys_are_each_senders_own(client: AsyncClient, pool: Any, session: Session) -> None:
    url, body, _ = session.request("observe")
    by_coach = await client.post(url, headers=_keyed(session.staff.coach, "k"), json=body)
    by_organiser = await client.post(url, headers=_keyed(session.staff.organiser, "k"), json=body)
    assert by_coach.status_code == by_organiser.status_code == 201
    assert by_coach.json()["id"] != by_organiser.json()["id"]
    assert (await skills_rows(pool, session.candidate_id))["observations"] == 3


async def test_without_a_key_each_request_records(
    client: AsyncClient, pool: Any, session: Session
) -> None:
    url, body, _ = session.request("observe")
    for _ in range(2):
        assert (await client.post(url, headers=session.staff.coach, json=body)).status_code == 201
    assert (await skills_rows(pool, session.candidate_id))["observations"] == 3
    assert await _stored_keys(pool, session) == 0


@pytest.mark.parametrize("key", ["x" * 201, ""])
async def test_a_key_of_the_wrong_length_is_refused_and_changes_nothing(
    client: AsyncClient, pool: Any, session: Session, key: str
) -> None:
    url, body, _ = session.request("observe")
    before = await skills_rows(pool, session.candidate_id)
    refused = await client.post(url, headers=_keyed(session.staff.coach, key), json=body)
    assert refused.status_code == 400, refused.text
    assert refused.json()["code"] == "invalid_input"
    assert refused.json()["extra"]["field"] == "Idempotency-Key"
    assert await skills_rows(pool, session.candidate_id) == before
    assert await _stored_keys(pool, session) == 0


class _Answer(msgspec.Struct, frozen=True):
    by: str


async def _once(pool: Any, actor: Actor, write: Callable[[], Awaitable[_Answer]]) -> _Answer:
    """One request's transaction around a keyed write."""
    async with db.transaction(pool) as conn:
        return await idempotency.once(
            conn,
            key="same-key",
            by=actor,
            operation="test",
            subject=actor.id,
            body=_Answer(by="body"),
            answer=_Answer,
            status_code=201,
            write=write,
        )


@pytest.mark.parametrize("first_fails", [False, True])
async def test_a_duplicate_waits_for_the_first_and_gets_its_answer_or_runs_if_it_failed(
    pool: Any, first_fails: bool
) -> None:
    actor = Actor(id=uuid4(), role="coach")
    written: list[str] = []
    claimed, release = asyncio.Event(), asyncio.Event()

    async def write_first() -> _Answer:
        written.append("first")
        claimed.set()
        await release.wait()
        if first_fails:
            raise RuntimeError("the first request fails after claiming the key")
        return _Answer(by="first")

    async def write_second() -> _Answer:
        written.append("second")
        return _Answer(by="second")

    first = asyncio.create_task(_once(pool, actor, write_first))
    await claimed.wait()
    second = asyncio.create_task(_once(pool, actor, write_second))
    await asyncio.sleep(0.3)
    assert not second.done()  # it waits on the first's uncommitted key
    release.set()
    if first_fails:
        with pytest.raises(RuntimeError):
            await first
        assert await second == _Answer(by="second")
        assert written == ["first", "second"]
    else:
        assert await first == await second == _Answer(by="first")
        assert written == ["first"]
    stored = await pool.fetch(
        "select status_code, response from idempotency_keys where actor_id = $1", actor.id
    )
    assert [(r["status_code"], r["response"]) for r in stored] == [
        (201, {"by": "second" if first_fails else "first"})
    ]
    await pool.execute("delete from idempotency_keys where actor_id = $1", actor.id)

"""Consent to recruiters: by the candidate with their own ticket, or by staff on their behalf,
each change kept with who made it; anyone else's ticket changes nothing."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import pytest
from httpx import AsyncClient

from events.settings import Settings
from tests.factories import Staff, make_staff
from tests.factories_registrations import (
    make_candidate,
    make_company,
    make_published_event,
    register,
)
from tests.factories_skills import consent, make_recruiter, skills_rows


class Holder:
    """A candidate registered to a published event, with their ticket token."""

    def __init__(self, staff: Staff, candidate_id: str, registration: dict[str, Any]) -> None:
        self.staff = staff
        self.candidate_id = candidate_id
        self.registration = registration
        self.token: str = registration["ticket"]["token"]

    @property
    def url(self) -> str:
        return f"/api/v1/candidates/{self.candidate_id}/consent"


async def _holder(client: AsyncClient, staff: Staff, event_id: str) -> Holder:
    candidate_id = await make_candidate(client, staff.organiser)
    registration = await register(client, staff.organiser, event_id, candidate_id=candidate_id)
    return Holder(staff, candidate_id, registration)


@pytest.fixture
async def staff(client: AsyncClient, pool: Any, settings: Settings) -> Staff:
    return await make_staff(pool, settings, client)


@pytest.fixture
async def event(client: AsyncClient, staff: Staff) -> dict[str, Any]:
    return await make_published_event(client, staff.organiser)


async def _current(pool: Any, candidate_id: str) -> Any:
    return await pool.fetchrow(
        "select recruiters, contact from consents where candidate_id = $1", UUID(candidate_id)
    )


async def test_coach_gives_consent_on_the_candidates_behalf_and_it_is_recorded(
    client: AsyncClient, pool: Any, staff: Staff, event: dict[str, Any]
) -> None:
    holder = await _holder(client, staff, event["id"])
    body = await consent(client, staff.coach, holder.candidate_id, contact=True)
    assert body["recruiters"] is True and body["contact"] is True
    assert body["via"] == "staff"
    history = await pool.fetchrow(
        "select via, by_user, ticket_id from consent_history where candidate_id = $1",
        UUID(holder.candidate_id),
    )
    assert (history["via"], history["by_user"], history["ticket_id"]) == (
        "staff",
        staff.coach_user.id,
        None,
    )
    audit = await pool.fetchrow(
        "select actor_id, on_behalf_of from audit_log "
        "where action = 'consent.change' and subject_id = $1",
        UUID(holder.candidate_id),
    )
    assert audit["actor_id"] == staff.coach_user.id
    assert str(audit["on_behalf_of"]) == holder.candidate_id
    state = await client.get(holder.url, headers=staff.organiser)
    assert state.status_code == 200
    assert state.json()["recruiters"] is True
    assert state.json()["history"][0]["by_name"] is not None


@pytest.mark.parametrize("where", ["header", "body"])
async def test_candidate_gives_and_withdraws_consent_with_their_own_ticket(
    client: AsyncClient, pool: Any, staff: Staff, event: dict[str, Any], where: str
) -> None:
    holder = await _holder(client, staff, event["id"])

    async def send(recruiters: bool) -> Any:
        if where == "header":
            return await client.post(
                holder.url,
                headers={"X-Ticket-Token": holder.token},
                json={"recruiters": recruiters},
            )
        return await client.post(
            holder.url, json={"recruiters": recruiters, "ticket_token": holder.token}
        )

    given = await send(True)
    assert given.status_code == 200, given.text
    assert given.json()["via"] == "ticket"
    assert given.json()["contact"] is False  # never assumed
    assert tuple(await _current(pool, holder.candidate_id)) == (True, False)
    withdrawn = await send(False)
    assert withdrawn.status_code == 200
    assert tuple(await _current(pool, holder.candidate_id)) == (False, False)
    history = await pool.fetch(
        "select via, by_user, ticket_id from consent_history where candidate_id = $1 order by id",
        UUID(holder.candidate_id),
    )
    assert [(h["via"], h["by_user"]) for h in history] == [("ticket", None), ("ticket", None)]
    assert all(h["ticket_id"] is not None for h in history)
    audit = await pool.fetch(
        "select actor_id, on_behalf_of from audit_log "
        "where action = 'consent.change' and subject_id = $1",
        UUID(holder.candidate_id),
    )
    assert [(a["actor_id"], str(a["on_behalf_of"])) for a in audit] == [
        (None, holder.candidate_id)
    ] * 2


async def test_someone_elses_ticket_changes_nothing(
    client: AsyncClient, pool: Any, staff: Staff, event: dict[str, Any]
) -> None:
    holder = await _holder(client, staff, event["id"])
    other = await _holder(client, staff, event["id"])
    await consent(client, staff.coach, holder.candidate_id, recruiters=False)
    before = await skills_rows(pool, holder.candidate_id)
    for attempt in (
        {"headers": {"X-Ticket-Token": other.token}, "json": {"recruiters": True}},
        {"json": {"recruiters": True, "ticket_token": other.token}},
        # A staff bearer does not make someone else's ticket speak for this candidate.
        {"headers": {**staff.coach, "X-Ticket-Token": other.token}, "json": {"recruiters": True}},
    ):
        response = await client.post(holder.url, **attempt)  # type: ignore[arg-type]
        assert response.status_code == 404
        assert response.json()["code"] == "candidate_not_found"
    assert tuple(await _current(pool, holder.candidate_id)) == (False, False)
    assert await skills_rows(pool, holder.candidate_id) == before
    assert await _current(pool, other.candidate_id) is None


@pytest.mark.parametrize(
    "token",
    ["A" * 132, "not-a-token", "", "A" * 200],
)
async def test_forged_or_malformed_ticket_is_refused(
    client: AsyncClient, pool: Any, staff: Staff, event: dict[str, Any], token: str
) -> None:
    holder = await _holder(client, staff, event["id"])
    before = await skills_rows(pool, holder.candidate_id)
    response = await client.post(
        holder.url, headers={"X-Ticket-Token": token}, json={"recruiters": True}
    )
    if token:
        assert response.status_code == 422
        assert response.json()["code"] == "invalid_ticket"
    else:  # an empty header is no ticket at all, and there is no log-in either
        assert response.status_code == 401
        assert response.json()["code"] == "not_authenticated"
    assert await _current(pool, holder.candidate_id) is None
    assert await skills_rows(pool, holder.candidate_id) == before


async def test_altered_ticket_of_the_candidate_is_refused(
    client: AsyncClient, pool: Any, staff: Staff, event: dict[str, Any]
) -> None:
    holder = await _holder(client, staff, event["id"])
    last = holder.token[-1]
    altered = holder.token[:-1] + ("B" if last == "A" else "A")
    response = await client.post(
        holder.url, headers={"X-Ticket-Token": altered}, json={"recruiters": True}
    )
    assert (response.status_code, response.json()["code"]) == (422, "invalid_ticket")
    assert await _current(pool, holder.candidate_id) is None


async def test_replaced_ticket_no_longer_speaks_for_the_candidate(
    client: AsyncClient, pool: Any, staff: Staff, event: dict[str, Any]
) -> None:
    holder = await _holder(client, staff, event["id"])
    reissued = await client.post(
        f"/api/v1/registrations/{holder.registration['id']}/ticket/reissue",
        headers=staff.organiser,
    )
    assert reissued.status_code == 201, reissued.text
    old = await client.post(
        holder.url, headers={"X-Ticket-Token": holder.token}, json={"recruiters": True}
    )
    assert (old.status_code, old.json()["code"]) == (409, "ticket_revoked")
    assert await _current(pool, holder.candidate_id) is None
    new = await client.post(
        holder.url,
        headers={"X-Ticket-Token": reissued.json()["token"]},
        json={"recruiters": True},
    )
    assert new.status_code == 200


async def test_ticket_of_a_cancelled_registration_can_still_withdraw_consent(
    client: AsyncClient, pool: Any, staff: Staff, event: dict[str, Any]
) -> None:
    holder = await _holder(client, staff, event["id"])
    await consent(client, staff.coach, holder.candidate_id)
    cancelled = await client.post(
        f"/api/v1/registrations/{holder.registration['id']}/cancel", headers=staff.organiser
    )
    assert cancelled.status_code == 200
    response = await client.post(
        holder.url, headers={"X-Ticket-Token": holder.token}, json={"recruiters": False}
    )
    assert response.status_code == 200
    assert tuple(await _current(pool, holder.candidate_id)) == (False, False)


async def test_without_ticket_or_log_in_consent_is_refused(
    client: AsyncClient, pool: Any, staff: Staff, event: dict[str, Any]
) -> None:
    holder = await _holder(client, staff, event["id"])
    response = await client.post(holder.url, json={"recruiters": True})
    assert (response.status_code, response.json()["code"]) == (401, "not_authenticated")
    assert await _current(pool, holder.candidate_id) is None


async def test_recruiters_and_other_organisations_cannot_change_consent(
    client: AsyncClient, pool: Any, settings: Settings, staff: Staff, event: dict[str, Any]
) -> None:
    holder = await _holder(client, staff, event["id"])
    company_id = await make_company(client, staff.organiser)
    await register(client, staff.organiser, event["id"], company_id=company_id)
    recruiter = await make_recruiter(pool, settings, client, company_id)
    other = await make_staff(pool, settings, client)
    for headers in (recruiter, other.organiser, other.coach):
        response = await client.post(holder.url, headers=headers, json={"recruiters": True})
        assert (response.status_code, response.json()["code"]) == (404, "candidate_not_found")
        state = await client.get(holder.url, headers=headers)
        assert state.status_code == 404
    assert await _current(pool, holder.candidate_id) is None


@pytest.mark.parametrize(
    "body",
    [
        {"recruiters": False, "contact": True},
        {"contact": True},
        {"recruiters": "yes"},
        {"recruiters": True, "share": True},
    ],
)
async def test_invalid_consent_bodies_are_refused(
    client: AsyncClient, pool: Any, staff: Staff, event: dict[str, Any], body: dict[str, Any]
) -> None:
    holder = await _holder(client, staff, event["id"])
    response = await client.post(holder.url, headers=staff.coach, json=body)
    assert (response.status_code, response.json()["code"]) == (400, "invalid_input")
    assert await _current(pool, holder.candidate_id) is None


async def test_two_different_tickets_in_one_request_are_refused(
    client: AsyncClient, pool: Any, staff: Staff, event: dict[str, Any]
) -> None:
    holder = await _holder(client, staff, event["id"])
    other = await _holder(client, staff, event["id"])
    response = await client.post(
        holder.url,
        headers={"X-Ticket-Token": holder.token},
        json={"recruiters": True, "ticket_token": other.token},
    )
    assert (response.status_code, response.json()["code"]) == (400, "invalid_input")
    assert await _current(pool, holder.candidate_id) is None

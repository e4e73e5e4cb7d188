"""Registrations: capacity never exceeded, ordered waiting list, promotion on cancellation."""

from __future__ import annotations

import asyncio
from typing import Any

from httpx import AsyncClient

from events.settings import Settings
from tests.factories import log_in, make_staff, make_user
from tests.factories_registrations import (
    make_candidate,
    make_company,
    make_published_event,
    register,
)


async def _count(pool: Any, event_id: str, status: str) -> int:
    count: int = await pool.fetchval(
        "select count(*) from registrations where event_id = $1 and status = $2",
        event_id,
        status,
    )
    return count


async def test_200_concurrent_registrations_fill_50_places_and_waitlist_150_in_order(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser, candidates=50)
    candidates = await asyncio.gather(
        *(make_candidate(client, staff.organiser) for _ in range(200))
    )
    responses = await asyncio.gather(
        *(
            client.post(
                f"/api/v1/events/{event['id']}/registrations",
                headers=staff.coach,
                json={"candidate_id": candidate_id},
            )
            for candidate_id in candidates
        )
    )
    assert [r.status_code for r in responses] == [201] * 200
    bodies = [r.json() for r in responses]
    assert sum(b["status"] == "confirmed" for b in bodies) == 50
    waitlisted = [b for b in bodies if b["status"] == "waitlisted"]
    assert sorted(b["waitlist_position"] for b in waitlisted) == list(range(1, 151))
    assert await _count(pool, event["id"], "confirmed") == 50
    assert await _count(pool, event["id"], "waitlisted") == 150

    first_waiting = next(b for b in waitlisted if b["waitlist_position"] == 1)
    confirmed = next(b for b in bodies if b["status"] == "confirmed")
    cancelled = await client.post(
        f"/api/v1/registrations/{confirmed['id']}/cancel", headers=staff.organiser
    )
    assert cancelled.status_code == 200
    assert cancelled.json()["promoted_registration_id"] == first_waiting["id"]
    listed = await client.get(
        f"/api/v1/events/{event['id']}/registrations",
        params={"status": "waitlisted", "limit": 200},
        headers=staff.organiser,
    )
    positions = sorted(item["waitlist_position"] for item in listed.json()["items"])
    assert positions == list(range(1, 150))
    assert await _count(pool, event["id"], "confirmed") == 50


async def test_same_candidate_twice_is_refused_and_leaves_one_registration(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser)
    candidate_id = await make_candidate(client, staff.organiser)
    await register(client, staff.organiser, event["id"], candidate_id=candidate_id)
    again = await client.post(
        f"/api/v1/events/{event['id']}/registrations",
        headers=staff.coach,
        json={"candidate_id": candidate_id},
    )
    assert again.status_code == 409
    assert again.json()["code"] == "already_registered"
    assert await _count(pool, event["id"], "confirmed") == 1


async def test_a_cancelled_candidate_can_register_again_with_a_new_ticket(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser)
    candidate_id = await make_candidate(client, staff.organiser)
    first = await register(client, staff.organiser, event["id"], candidate_id=candidate_id)
    await client.post(f"/api/v1/registrations/{first['id']}/cancel", headers=staff.organiser)
    second = await register(client, staff.organiser, event["id"], candidate_id=candidate_id)
    assert second["status"] == "confirmed"
    assert second["ticket"]["token"] != first["ticket"]["token"]


async def test_registration_is_closed_unless_the_event_is_published(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser)
    await client.post(f"/api/v1/events/{event['id']}/cancel", headers=staff.organiser)
    candidate_id = await make_candidate(client, staff.organiser)
    refused = await client.post(
        f"/api/v1/events/{event['id']}/registrations",
        headers=staff.organiser,
        json={"candidate_id": candidate_id},
    )
    assert refused.status_code == 409
    assert refused.json()["code"] == "registration_closed"
    assert await _count(pool, event["id"], "confirmed") == 0


async def test_idempotency_key_replays_the_first_answer_and_refuses_another_body(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser)
    candidate_id = await make_candidate(client, staff.organiser)
    other_id = await make_candidate(client, staff.organiser)
    url = f"/api/v1/events/{event['id']}/registrations"
    headers = {**staff.organiser, "Idempotency-Key": "retry-42"}
    first, second = await asyncio.gather(
        client.post(url, headers=headers, json={"candidate_id": candidate_id}),
        client.post(url, headers=headers, json={"candidate_id": candidate_id}),
    )
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    reused = await client.post(url, headers=headers, json={"candidate_id": other_id})
    assert reused.status_code == 422
    assert reused.json()["code"] == "idempotency_key_reused"
    assert await _count(pool, event["id"], "confirmed") == 1


async def test_bulk_registration_reports_each_candidate(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser, candidates=1)
    first, second = [await make_candidate(client, staff.coach) for _ in range(2)]
    stranger = "00000000-0000-4000-8000-000000000000"
    response = await client.post(
        f"/api/v1/events/{event['id']}/registrations/bulk",
        headers=staff.coach,
        json={"candidate_ids": [first, second, first, stranger]},
    )
    assert response.status_code == 200
    items = response.json()
    assert [(i["ok"], i.get("code")) for i in items] == [
        (True, None),
        (True, None),
        (False, "already_registered"),
        (False, "candidate_not_found"),
    ]
    assert items[0]["registration"]["status"] == "confirmed"
    assert items[1]["registration"]["status"] == "waitlisted"
    assert await _count(pool, event["id"], "waitlisted") == 1


async def test_companies_have_their_own_capacity(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser, candidates=0, companies=1)
    companies = [await make_company(client, staff.organiser) for _ in range(2)]
    results = [
        await register(client, staff.organiser, event["id"], company_id=c) for c in companies
    ]
    assert [r["status"] for r in results] == ["confirmed", "waitlisted"]
    assert [r["role"] for r in results] == ["company", "company"]
    candidate = await make_candidate(client, staff.organiser)
    waiting = await register(client, staff.organiser, event["id"], candidate_id=candidate)
    assert waiting["status"] == "waitlisted" and waiting["waitlist_position"] == 1


async def test_who_may_register_whom(client: AsyncClient, pool: Any, settings: Settings) -> None:
    staff = await make_staff(pool, settings, client)
    prescriber = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser)
    url = f"/api/v1/events/{event['id']}/registrations"
    own = await make_candidate(client, prescriber.coach)
    referred = await client.post(url, headers=prescriber.coach, json={"candidate_id": own})
    assert referred.status_code == 201, "a prescriber refers its candidates to a published event"

    theirs = await make_candidate(client, staff.organiser)
    foreign = await client.post(url, headers=prescriber.coach, json={"candidate_id": theirs})
    assert foreign.status_code == 404
    assert foreign.json()["code"] == "candidate_not_found"

    company = await make_company(client, staff.organiser)
    company_by_outsider = await client.post(
        url, headers=prescriber.organiser, json={"company_id": company}
    )
    assert company_by_outsider.status_code == 403

    company_user = await make_user(pool, settings, role="recruiter", company_id=company)
    recruiter = await log_in(client, company_user.email)
    by_recruiter = await client.post(url, headers=recruiter, json={"candidate_id": own})
    assert by_recruiter.status_code == 403
    anonymous = await client.post(url, json={"candidate_id": own})
    assert anonymous.status_code == 401
    assert await _count(pool, event["id"], "confirmed") == 1


async def test_registration_body_needs_exactly_one_party(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser)
    url = f"/api/v1/events/{event['id']}/registrations"
    for body in ({}, {"candidate_id": "nope"}, {"candidate_id": None, "extra": 1}):
        response = await client.post(url, headers=staff.organiser, json=body)
        assert response.status_code == 400, body
        assert response.json()["code"] == "invalid_input"
    assert await _count(pool, event["id"], "confirmed") == 0


async def test_capacity_change_promotes_the_waiting_list_and_cannot_drop_below_confirmed(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser, candidates=2)
    candidates = [await make_candidate(client, staff.organiser) for _ in range(4)]
    results = [
        await register(client, staff.organiser, event["id"], candidate_id=c) for c in candidates
    ]
    assert [r["status"] for r in results] == ["confirmed"] * 2 + ["waitlisted"] * 2
    url = f"/api/v1/events/{event['id']}"
    lowered = await client.patch(
        url, headers=staff.organiser, json={"capacity": {"candidates": 1, "companies": 5}}
    )
    assert lowered.status_code == 409
    assert lowered.json()["code"] == "capacity_below_confirmed"
    assert (await client.get(url, headers=staff.organiser)).json()["capacity"]["candidates"] == 2
    raised = await client.patch(
        url, headers=staff.organiser, json={"capacity": {"candidates": 3, "companies": 5}}
    )
    assert raised.status_code == 200
    statuses = await pool.fetch(
        "select id, status from registrations where event_id = $1", event["id"]
    )
    by_id = {str(r["id"]): r["status"] for r in statuses}
    assert [by_id[r["id"]] for r in results] == ["confirmed"] * 3 + ["waitlisted"]


async def _listed(
    client: AsyncClient, headers: dict[str, str], event_id: str, **params: Any
) -> list[dict[str, Any]]:
    """Every registration the list gives, page after page of 5."""
    items: list[dict[str, Any]] = []
    cursor = None
    while True:
        page_params = {"limit": 5, **params, **({"cursor": cursor} if cursor else {})}
        response = await client.get(
            f"/api/v1/events/{event_id}/registrations", headers=headers, params=page_params
        )
        assert response.status_code == 200, response.text
        items += response.json()["items"]
        cursor = response.json()["next_cursor"]
        if cursor is None:
            return items


async def test_the_waiting_list_is_listed_in_position_order_even_for_a_group(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    # Issue 9, item 18: a group registered at once shares one instant, and was listed in the
    # order of its ids rather than its places on the waiting list.
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser, candidates=1)
    group = [await make_candidate(client, staff.coach) for _ in range(12)]
    response = await client.post(
        f"/api/v1/events/{event['id']}/registrations/bulk",
        headers=staff.coach,
        json={"candidate_ids": group},
    )
    assert response.status_code == 200, response.text
    registered = [item["registration"] for item in response.json()]
    assert [r["status"] for r in registered] == ["confirmed"] + ["waitlisted"] * 11
    assert [r["waitlist_position"] for r in registered[1:]] == list(range(1, 12))

    waiting = await _listed(client, staff.organiser, event["id"], status="waitlisted")
    assert [item["id"] for item in waiting] == [r["id"] for r in registered[1:]]
    assert [item["waitlist_position"] for item in waiting] == list(range(1, 12))
    everyone = await _listed(client, staff.organiser, event["id"])
    assert [item["id"] for item in everyone] == [r["id"] for r in registered]
    # The database agrees: the order listed is the order of the waiting list.
    stored = await pool.fetch(
        "select id from registrations where event_id = $1 and status = 'waitlisted'"
        " order by waitlist_seq",
        event["id"],
    )
    assert [str(row["id"]) for row in stored] == [item["id"] for item in waiting]


async def _promotions(pool: Any, event_id: str) -> list[tuple[str, dict[str, Any], int]]:
    """Each promoted registration of the event, what its audit row says, and how many
    promotion messages it has."""
    rows = await pool.fetch(
        """
        select a.subject_id, a.data,
            (select count(*) from outbox o
             where o.registration_id = a.subject_id and o.kind = 'registration_promoted') as sent
        from audit_log a
        join registrations r on r.id = a.subject_id
        where a.action = 'registration.promote' and r.event_id = $1
        order by a.id
        """,
        event_id,
    )
    return [(str(r["subject_id"]), r["data"], r["sent"]) for r in rows]


async def test_a_cancellation_and_a_capacity_raise_promote_in_order_audited_and_notified(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser, candidates=1)
    candidates = [await make_candidate(client, staff.organiser) for _ in range(5)]
    results = [
        await register(client, staff.organiser, event["id"], candidate_id=c) for c in candidates
    ]
    cancelled = await client.post(
        f"/api/v1/registrations/{results[0]['id']}/cancel", headers=staff.organiser
    )
    assert cancelled.status_code == 200
    assert cancelled.json()["promoted_registration_id"] == results[1]["id"]
    raised = await client.patch(
        f"/api/v1/events/{event['id']}",
        headers=staff.organiser,
        json={"capacity": {"candidates": 3, "companies": 5}},
    )
    assert raised.status_code == 200, raised.text
    assert await _promotions(pool, event["id"]) == [
        (results[1]["id"], {"freed_by": results[0]["id"]}, 1),
        (results[2]["id"], {"reason": "capacity"}, 1),
        (results[3]["id"], {"reason": "capacity"}, 1),
    ]
    statuses = await pool.fetch(
        "select id, status from registrations where event_id = $1", event["id"]
    )
    by_id = {str(r["id"]): r["status"] for r in statuses}
    assert [by_id[r["id"]] for r in results] == ["cancelled"] + ["confirmed"] * 3 + ["waitlisted"]
    # A waitlisted registration cancelled frees no place: nobody is promoted.
    withdrawn = await client.post(
        f"/api/v1/registrations/{results[4]['id']}/cancel", headers=staff.organiser
    )
    assert withdrawn.status_code == 200
    assert "promoted_registration_id" not in withdrawn.json()
    assert len(await _promotions(pool, event["id"])) == 3

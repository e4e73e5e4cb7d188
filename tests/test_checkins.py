"""The door: one success per ticket, every scan stored, offline batches reconciled."""

from __future__ import annotations

import asyncio
import base64
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from httpx import AsyncClient

from events.errors import InvalidTicket
from events.settings import Settings
from events.tickets import codes, tokens
from tests.factories import Staff, make_staff
from tests.factories_registrations import make_candidate, make_published_event, register


async def _scans(pool: Any, event_id: str) -> list[str]:
    rows = await pool.fetch("select result from scans where event_id = $1 order by id", event_id)
    return [r["result"] for r in rows]


async def _ticket(client: AsyncClient, staff: Staff, event: dict[str, Any]) -> dict[str, Any]:
    candidate_id = await make_candidate(client, staff.organiser)
    return await register(client, staff.organiser, event["id"], candidate_id=candidate_id)


async def test_two_simultaneous_scans_of_one_ticket_give_one_201_and_one_409(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser)
    registration = await _ticket(client, staff, event)
    url = f"/api/v1/events/{event['id']}/checkins"
    body = {"token": registration["ticket"]["token"]}
    first, second = await asyncio.gather(
        client.post(url, headers=staff.coach, json=body),
        client.post(url, headers=staff.organiser, json=body),
    )
    assert sorted([first.status_code, second.status_code]) == [201, 409]
    winner, loser = (first, second) if first.status_code == 201 else (second, first)
    assert loser.json()["code"] == "already_checked_in"
    assert loser.json()["extra"]["checked_in_at"] is not None
    assert winner.json()["registration_id"] == registration["id"]
    assert winner.json()["display_name"].startswith("Zoé ")
    assert sorted(await _scans(pool, event["id"])) == ["already_checked_in", "checked_in"]


async def test_refused_scans_get_their_own_code_and_are_all_stored(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser, candidates=1)
    other_event = await make_published_event(client, staff.organiser)
    confirmed = await _ticket(client, staff, event)
    waitlisted = await _ticket(client, staff, event)
    cancelled = await _ticket(client, staff, event)  # waitlisted, then cancelled
    await client.post(f"/api/v1/registrations/{cancelled['id']}/cancel", headers=staff.organiser)
    elsewhere = await _ticket(client, staff, other_event)
    token = confirmed["ticket"]["token"]
    tampered = token[:40] + ("A" if token[40] != "A" else "B") + token[41:]
    url = f"/api/v1/events/{event['id']}/checkins"
    cases = [
        (waitlisted["ticket"]["token"], 409, "not_confirmed"),
        (cancelled["ticket"]["token"], 409, "registration_cancelled"),
        (elsewhere["ticket"]["token"], 409, "wrong_event"),
        (tampered, 422, "invalid_ticket"),
        (token[:-5], 422, "invalid_ticket"),
        ("x" * 4000, 422, "invalid_ticket"),
        ("'; drop table scans; --", 422, "invalid_ticket"),
        ("ÉÉÉ-€€€", 422, "invalid_ticket"),
    ]
    for scanned, status, code in cases:
        response = await client.post(url, headers=staff.coach, json={"token": scanned})
        assert (response.status_code, response.json()["code"]) == (status, code), scanned[:20]
    assert await _scans(pool, event["id"]) == [code for _, _, code in cases]
    checked = await pool.fetchval(
        "select count(*) from registrations where event_id = $1 and checked_in_at is not null",
        event["id"],
    )
    assert checked == 0


async def test_a_token_too_long_for_the_field_is_a_clear_400(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser)
    response = await client.post(
        f"/api/v1/events/{event['id']}/checkins", headers=staff.coach, json={"token": "x" * 9000}
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_input"


async def test_short_code_typed_at_the_door_checks_in(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser)
    registration = await _ticket(client, staff, event)
    typed = codes.format_code(registration["ticket"]["short_code"]).lower().replace("-", " ")
    response = await client.post(
        f"/api/v1/events/{event['id']}/checkins", headers=staff.coach, json={"token": typed}
    )
    assert response.status_code == 201, response.text
    assert response.json()["registration_id"] == registration["id"]


async def test_a_retried_scan_with_its_nonce_gets_the_first_answer(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser)
    registration = await _ticket(client, staff, event)
    url = f"/api/v1/events/{event['id']}/checkins"
    body = {"token": registration["ticket"]["token"], "nonce": "scanner-7-0001"}
    first = await client.post(url, headers=staff.coach, json=body)
    retry = await client.post(url, headers=staff.coach, json=body)
    assert first.status_code == retry.status_code == 201
    assert first.json() == retry.json()
    assert await _scans(pool, event["id"]) == ["checked_in"]


async def test_offline_batch_keeps_the_first_scan_and_reports_duplicates(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser)
    registration = await _ticket(client, staff, event)
    token = registration["ticket"]["token"]
    early = datetime(2026, 11, 27, 9, 1, tzinfo=UTC)
    later = early + timedelta(minutes=4)
    response = await client.post(
        f"/api/v1/events/{event['id']}/checkins/batch",
        headers=staff.coach,
        json={
            "scans": [
                {"token": token, "scanned_at": later.isoformat(), "nonce": "door-b-1"},
                {"token": token, "scanned_at": early.isoformat(), "nonce": "door-a-1"},
                {"token": "garbage", "scanned_at": later.isoformat(), "nonce": "door-a-2"},
            ]
        },
    )
    assert response.status_code == 200, response.text
    results = {r["nonce"]: r for r in response.json()}
    assert results["door-a-1"]["result"] == "checked_in"
    assert datetime.fromisoformat(results["door-a-1"]["checked_in_at"]) == early
    assert results["door-b-1"]["result"] == "already_checked_in"
    assert results["door-b-1"]["duplicate"] is True
    assert results["door-a-2"]["result"] == "invalid_ticket"
    stored = await pool.fetchval(
        "select checked_in_at from registrations where id = $1", registration["id"]
    )
    assert stored == early
    assert sorted(await _scans(pool, event["id"])) == [
        "already_checked_in",
        "checked_in",
        "invalid_ticket",
    ]
    again = await client.post(
        f"/api/v1/events/{event['id']}/checkins/batch",
        headers=staff.coach,
        json={"scans": [{"token": token, "scanned_at": early.isoformat(), "nonce": "door-a-1"}]},
    )
    assert again.json()[0]["result"] == "checked_in"
    assert len(await _scans(pool, event["id"])) == 3


async def test_scanner_key_verifies_tickets_offline_and_lists_revoked_ones(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser)
    kept = await _ticket(client, staff, event)
    dropped = await _ticket(client, staff, event)
    await client.post(f"/api/v1/registrations/{dropped['id']}/cancel", headers=staff.organiser)
    response = await client.get(f"/api/v1/events/{event['id']}/checkin-key", headers=staff.coach)
    assert response.status_code == 200
    key = response.json()
    public_key = base64.urlsafe_b64decode(key["public_key"] + "=")
    claims = tokens.verify(public_key, kept["ticket"]["token"])
    assert str(claims.event_id) == event["id"]
    dropped_claims = tokens.verify(public_key, dropped["ticket"]["token"])
    assert key["revoked_ticket_ids"] == [str(dropped_claims.ticket_id)]
    other = await make_published_event(client, staff.organiser)
    foreign = await _ticket(client, staff, other)
    with pytest.raises(InvalidTicket):
        tokens.verify(public_key, foreign["ticket"]["token"])


async def test_annul_summary_and_no_shows(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    start = datetime.now(UTC) - timedelta(hours=1)
    event = await make_published_event(client, staff.organiser, candidates=2, starts_at=start)
    came, stayed_home, waiting = [await _ticket(client, staff, event) for _ in range(3)]
    url = f"/api/v1/events/{event['id']}"
    await client.post(
        f"{url}/checkins", headers=staff.coach, json={"token": came["ticket"]["token"]}
    )
    too_early = await client.post(f"{url}/no-shows", headers=staff.organiser)
    assert too_early.status_code == 409
    assert too_early.json()["code"] == "event_not_over"

    by_coach = await client.post(
        f"/api/v1/registrations/{came['id']}/checkin/annul", headers=staff.coach
    )
    assert by_coach.status_code == 403
    annulled = await client.post(
        f"/api/v1/registrations/{came['id']}/checkin/annul", headers=staff.organiser
    )
    assert annulled.status_code == 200
    assert annulled.json() == {"registration_id": came["id"], "checked_in": False}
    rescanned = await client.post(
        f"{url}/checkins", headers=staff.coach, json={"token": came["ticket"]["token"]}
    )
    assert rescanned.status_code == 201

    summary = await client.get(f"{url}/checkins/summary", headers=staff.coach)
    assert summary.json()["candidates"] == {
        "confirmed": 2,
        "checked_in": 1,
        "waitlisted": 1,
        "cancelled": 0,
        "no_show": 0,
    }
    assert stayed_home["status"] == "confirmed" and waiting["status"] == "waitlisted"


async def test_other_organisations_and_recruiters_cannot_use_the_door(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    outsider = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser)
    registration = await _ticket(client, staff, event)
    url = f"/api/v1/events/{event['id']}"
    body = {"token": registration["ticket"]["token"]}
    scan = await client.post(f"{url}/checkins", headers=outsider.coach, json=body)
    assert scan.status_code == 404 and scan.json()["code"] == "event_not_found"
    key = await client.get(f"{url}/checkin-key", headers=outsider.organiser)
    assert key.status_code == 404
    anonymous = await client.post(f"{url}/checkins", json=body)
    assert anonymous.status_code == 401
    assert await _scans(pool, event["id"]) == []


async def test_a_reissued_ticket_replaces_the_old_one_at_the_door(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser)
    registration = await _ticket(client, staff, event)
    reissued = await client.post(
        f"/api/v1/registrations/{registration['id']}/ticket/reissue", headers=staff.coach
    )
    assert reissued.status_code == 201
    new = reissued.json()
    assert new["token"] != registration["ticket"]["token"]
    assert new["short_code"] != registration["ticket"]["short_code"]
    url = f"/api/v1/events/{event['id']}/checkins"
    old = await client.post(
        url, headers=staff.coach, json={"token": registration["ticket"]["token"]}
    )
    assert (old.status_code, old.json()["code"]) == (409, "ticket_revoked")
    fresh = await client.post(url, headers=staff.coach, json={"token": new["token"]})
    assert fresh.status_code == 201
    key = await client.get(f"/api/v1/events/{event['id']}/checkin-key", headers=staff.coach)
    assert len(key.json()["revoked_ticket_ids"]) == 1

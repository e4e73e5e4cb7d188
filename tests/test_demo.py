"""``events demo``: one published event of each format, companies, about sixty candidates and a
waiting list, loaded through the domain rules; the printed accounts log in with the printed
password, and a second load adds nothing."""

from __future__ import annotations

import re
from typing import Any
from uuid import UUID

import pytest
from httpx import AsyncClient

from events import demo
from events.settings import Settings
from tests.factories import log_in

KINDS = {"sport_session", "food_festival", "e_forum", "job_dating"}


class Printed:
    """What a person reads in the output, found the way they would find it."""

    def __init__(self, text: str) -> None:
        self.text = text
        found = re.search(r"même mot de passe : (\S+)", text)
        assert found, text
        self.password = found[1]
        self.accounts = re.findall(
            r"^  (admin|organiser|coach|recruiter) +(\S+@\S+) ", text, re.MULTILINE
        )
        self.event_ids = [UUID(i) for i in re.findall(r"^    id ([0-9a-f-]{36}) ", text, re.M)]
        ticket = re.search(r"^  https?://\S+(/t/\S+)$", text, re.MULTILINE)
        assert ticket, text
        self.ticket_path = ticket[1]

    def email(self, role: str, index: int = 0) -> str:
        emails: list[str] = [email for r, email in self.accounts if r == role]
        return emails[index]


@pytest.fixture(scope="module")
async def printed(pool: Any, settings: Settings) -> Printed:
    return Printed(await demo.load(pool, settings=settings))


@pytest.fixture(scope="module")
async def organiser(client: AsyncClient, printed: Printed) -> dict[str, str]:
    return await log_in(client, printed.email("organiser"), printed.password)


async def _registrations(
    client: AsyncClient, headers: dict[str, str], event_id: UUID, status: str
) -> list[dict[str, Any]]:
    response = await client.get(
        f"/api/v1/events/{event_id}/registrations",
        params={"status": status, "limit": 200},
        headers=headers,
    )
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


async def _events(client: AsyncClient, headers: dict[str, str]) -> dict[str, dict[str, Any]]:
    """The organisation's own events, listed in full (other organisations' published events are
    listed too, in the public view, without ``organisation_id``)."""
    events: dict[str, dict[str, Any]] = {}
    cursor = None
    while True:
        params = {"limit": 200, **({"cursor": cursor} if cursor else {})}
        response = await client.get("/api/v1/events", params=params, headers=headers)
        assert response.status_code == 200, response.text
        own = [event for event in response.json()["items"] if "organisation_id" in event]
        events.update({event["kind"]: event for event in own})
        cursor = response.json()["next_cursor"]
        if cursor is None:
            return events


async def test_every_printed_account_logs_in_with_the_printed_password(
    client: AsyncClient, printed: Printed
) -> None:
    roles = {role for role, _ in printed.accounts}
    assert roles == {"admin", "organiser", "coach", "recruiter"}
    assert len([r for r, _ in printed.accounts if r == "coach"]) == 3
    for role, email in printed.accounts:
        response = await client.post(
            "/api/v1/auth/token", json={"email": email, "password": printed.password}
        )
        assert response.status_code == 200, (email, response.text)
        assert response.json()["role"] == role
    assert "POST /api/v1/auth/token" in printed.text
    assert "http://127.0.0.1:8000" in printed.text
    assert "jamais en production" in printed.text
    assert "never use it in production" in printed.text


async def test_one_published_event_of_each_format_with_the_printed_ids(
    client: AsyncClient, printed: Printed, organiser: dict[str, str]
) -> None:
    events = await _events(client, organiser)
    assert set(events) == KINDS
    assert {e["status"] for e in events.values()} == {"published"}
    assert {UUID(e["id"]) for e in events.values()} == set(printed.event_ids)
    sport = events["sport_session"]
    assert sport["venue"]["postcode"].startswith("93")
    assert all(a["skills"] for a in sport["details"]["activities"])
    assert len(sport["details"]["coach_ids"]) >= 2
    assert len(events["food_festival"]["details"]["restaurant_company_ids"]) == 3
    forum = events["e_forum"]
    assert forum["details"]["mode"] == "hybrid"
    assert forum["online_url"] and forum["venue"]
    assert len(forum["details"]["workshops"]) == 2
    dating = events["job_dating"]
    assert dating["starts_at"][:10] == sport["starts_at"][:10]
    assert dating["starts_at"][11:13] >= "13"  # in the afternoon, Paris time


async def test_sport_session_has_four_food_industry_companies_registered(
    client: AsyncClient, printed: Printed, organiser: dict[str, str]
) -> None:
    sport = (await _events(client, organiser))["sport_session"]
    confirmed = await _registrations(client, organiser, sport["id"], "confirmed")
    companies = [r for r in confirmed if r["role"] == "company"]
    assert len(companies) >= 4
    for registration in companies:
        response = await client.get(
            f"/api/v1/companies/{registration['company_id']}", headers=organiser
        )
        assert response.status_code == 200, response.text
        assert response.json()["sector"] == "agroalimentaire"
    assert len([r for r in confirmed if r["role"] == "candidate"]) >= 30


async def test_about_sixty_candidates_with_real_names_and_private_data_kept_for_staff(
    client: AsyncClient, printed: Printed, organiser: dict[str, str]
) -> None:
    prescriber = await log_in(client, printed.email("organiser", 2), printed.password)
    people: list[dict[str, Any]] = []
    for headers in (organiser, prescriber):
        response = await client.get("/api/v1/candidates", params={"limit": 200}, headers=headers)
        assert response.status_code == 200, response.text
        people += response.json()["items"]
    assert len(people) >= 55
    names = {f"{p['first_name']} {p['last_name']}" for p in people}
    assert {"Zoé N'Diaye-Lefèvre", "Ana-María O'Brien", "Kévin Da Silva"} <= names
    assert any(p["email"] is None and p["phone"] is None for p in people)
    found = await client.get("/api/v1/candidates", params={"q": "traore"}, headers=organiser)
    (fatoumata,) = found.json()["items"]
    detail = await client.get(f"/api/v1/candidates/{fatoumata['id']}", headers=organiser)
    assert detail.json()["private"]["refugee_status"] == "refugee"


async def test_a_full_event_has_a_waiting_list(
    client: AsyncClient, printed: Printed, organiser: dict[str, str]
) -> None:
    waiting: list[dict[str, Any]] = []
    for event_id in printed.event_ids:
        waiting += await _registrations(client, organiser, event_id, "waitlisted")
    assert waiting
    assert {r["waitlist_position"] for r in waiting} >= {1, 2}


async def test_the_printed_ticket_link_opens_a_printable_ticket(
    client: AsyncClient, printed: Printed
) -> None:
    page = await client.get(printed.ticket_path)
    assert page.status_code == 200, page.text
    assert "<svg" in page.text


def _printed_recruiter_call(printed: Printed) -> tuple[str, str, UUID]:
    """The recruiter and the candidates call the output tells a reader to use."""
    who = re.search(
        r"^Les voir comme un recruteur / See them as a recruiter: .* \((\S+@\S+)\)",
        printed.text,
        re.M,
    )
    call = re.search(
        r"^  curl -s \S+(/api/v1/events/([0-9a-f-]{36})/candidates) ", printed.text, re.M
    )
    assert who and call, printed.text
    return who[1], call[1], UUID(call[2])


async def test_a_printed_recruiter_sees_sport_session_candidates_with_reviewed_cards(
    client: AsyncClient, printed: Printed, organiser: dict[str, str]
) -> None:
    email, path, event_id = _printed_recruiter_call(printed)
    assert ("recruiter", email) in printed.accounts
    assert event_id == UUID((await _events(client, organiser))["sport_session"]["id"])
    recruiter = await log_in(client, email, printed.password)
    response = await client.get(path, params={"limit": 200}, headers=recruiter)
    assert response.status_code == 200, response.text
    seen = response.json()["items"]
    assert len(seen) >= 5
    for candidate in seen:
        card = candidate["skills_card"]
        assert card["reviewed_at"] is not None
        assert card["skills"] and all(line["evidence"] for line in card["skills"])
        assert "private" not in candidate
        if candidate["contact"] is None:
            assert re.fullmatch(r"\w\.", candidate["last_name"]), candidate["last_name"]
    assert any(c["contact"] is not None for c in seen)
    # Observed by both coaches: some skill rests on two observers.
    assert any(line["observers"] == 2 for c in seen for line in c["skills_card"]["skills"])
    # Some of them come with a CV on the uniform template.
    headlines = []
    for candidate in seen:
        cv = await client.get(f"/api/v1/candidates/{candidate['id']}/cv", headers=recruiter)
        assert cv.status_code == 200, cv.text
        if cv.json()["cv"] is not None:
            headlines.append(cv.json()["cv"]["structured"]["headline"])
    assert len(headlines) >= 2


async def test_observed_candidates_without_consent_or_review_stay_hidden_from_recruiters(
    client: AsyncClient, pool: Any, printed: Printed
) -> None:
    email, path, event_id = _printed_recruiter_call(printed)
    recruiter = await log_in(client, email, printed.password)
    shown = {
        UUID(c["id"])
        for c in (await client.get(path, params={"limit": 200}, headers=recruiter)).json()["items"]
    }
    observed = {
        r["candidate_id"]
        for r in await pool.fetch(
            "select distinct candidate_id from observations where event_id = $1", event_id
        )
    }
    assert len(observed) >= 20
    reviewed_and_consenting = {
        r["candidate_id"]
        for r in await pool.fetch(
            "select v.candidate_id from skills_card_reviews v"
            " join consents k on k.candidate_id = v.candidate_id and k.recruiters"
            " where v.candidate_id = any($1::uuid[])",
            list(observed),
        )
    }
    assert shown == reviewed_and_consenting
    assert len(observed - shown) >= 5
    observers = await pool.fetchval(
        "select count(distinct observer_id) from observations where event_id = $1", event_id
    )
    assert observers == 2


async def test_every_change_is_recorded_with_who_made_it(pool: Any, printed: Printed) -> None:
    rows = await pool.fetch(
        "select action, actor_role from audit_log where subject_id = any($1::uuid[])",
        printed.event_ids,
    )
    assert sorted(r["action"] for r in rows) == ["event.create"] * 4 + ["event.published"] * 4
    assert {r["actor_role"] for r in rows} == {"organiser"}
    registrations = await pool.fetchval(
        "select count(*) from registrations where event_id = any($1::uuid[])", printed.event_ids
    )
    audited = await pool.fetchval(
        "select count(*) from audit_log a join registrations r on r.id = a.subject_id"
        " where a.action = 'registration.create' and r.event_id = any($1::uuid[])"
        " and a.actor_id = r.registered_by",
        printed.event_ids,
    )
    assert registrations == audited > 80


async def test_a_second_load_adds_nothing_and_prints_the_same_accesses(
    client: AsyncClient, pool: Any, settings: Settings, printed: Printed
) -> None:
    counted = ("candidates", "observations", "skills_card_reviews", "consent_history", "cvs")
    before = [await pool.fetchval(f"select count(*) from {table}") for table in counted]  # noqa: S608
    again = await demo.load(pool, settings=settings)
    assert "déjà chargées" in again
    assert again.splitlines()[2:] == printed.text.splitlines()[2:]
    after = [await pool.fetchval(f"select count(*) from {table}") for table in counted]  # noqa: S608
    assert after == before

"""What recruiters see: only consenting candidates with a reviewed card, of events their
company attends; never the social situation; contact details only when agreed; every look
recorded for the candidate's coach to see."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

import pytest
from httpx import AsyncClient, Response

from events.settings import Settings
from tests.factories import Staff, log_in, make_staff, make_user
from tests.factories_cvs import structured_cv
from tests.factories_events import past_day
from tests.factories_registrations import make_candidate, make_company, register
from tests.factories_skills import (
    consent,
    make_coach,
    make_recruiter,
    make_sport_session,
    observe,
    review,
)


def _private(marker: str) -> dict[str, Any]:
    """A social situation whose every free text carries ``marker``."""
    return {
        "refugee_status": "subsidiary_protection",
        "benefits": ["aah", "cej"],
        "rqth": True,
        "disability_notes": f"Surdité partielle {marker}",
        "housing": "emergency_shelter",
        "qpv": True,
        "health_notes": f"Traitement en cours {marker}",
        "justice": True,
        "other_barriers": f"Dettes {marker}",
    }


# Keys and values of `private` that must never reach a recruiter, whatever the endpoint.
PRIVATE_WORDS = (
    "private",
    "refugee_status",
    "subsidiary_protection",
    "benefits",
    '"aah"',
    '"cej"',
    "rqth",
    "disability",
    "Surdité",
    "housing",
    "emergency_shelter",
    "qpv",
    "health",
    "Traitement",
    "justice",
    "Dettes",
)


class World:
    """A sport session of ``staff`` attended by company A (recruiter_a), not by company B
    (recruiter_b, whose company attends another event), and five candidates:

    - ``shown``: reviewed card, consents, no contact;
    - ``contact``: reviewed card, consents to recruiters and to be contacted;
    - ``draft``: consents, card never reviewed;
    - ``silent``: reviewed card, never consented;
    - ``withdrawn``: reviewed card, consented then withdrew.
    """

    staff: Staff
    event: dict[str, Any]
    recruiter_a: dict[str, str]
    recruiter_b: dict[str, str]
    company_a: str
    marker: str
    candidates: dict[str, str]
    emails: dict[str, str]
    phones: dict[str, str]
    last_names: dict[str, str]


@pytest.fixture
async def world(client: AsyncClient, pool: Any, settings: Settings) -> World:
    w = World()
    w.staff = await make_staff(pool, settings, client)
    w.event = await make_sport_session(client, w.staff.organiser, coach_ids=[w.staff.coach_user.id])
    other_event = await make_sport_session(
        client, w.staff.organiser, coach_ids=[w.staff.coach_user.id]
    )
    w.company_a = await make_company(client, w.staff.organiser)
    company_b = await make_company(client, w.staff.organiser)
    await register(client, w.staff.organiser, w.event["id"], company_id=w.company_a)
    await register(client, w.staff.organiser, other_event["id"], company_id=company_b)
    w.recruiter_a = await make_recruiter(pool, settings, client, w.company_a)
    w.recruiter_b = await make_recruiter(pool, settings, client, company_b)
    w.marker = f"SECRET-{secrets.token_hex(4)}"
    w.candidates, w.emails, w.phones, w.last_names = {}, {}, {}, {}
    for index, name in enumerate(("shown", "contact", "draft", "silent", "withdrawn")):
        w.emails[name] = f"{name}-{secrets.token_hex(3)}@example.org"
        w.phones[name] = f"+33 6 12 34 56 {index:02d}"
        w.last_names[name] = f"Lefèvre-{secrets.token_hex(3)}"
        candidate_id = await make_candidate(
            client,
            w.staff.organiser,
            last_name=w.last_names[name],
            email=w.emails[name],
            phone=w.phones[name],
            city="Villeurbanne",
            postcode="69100",
            private=_private(w.marker),
        )
        w.candidates[name] = candidate_id
        await register(client, w.staff.organiser, w.event["id"], candidate_id=candidate_id)
        # Candidate B's company attends the other event with the same candidates, but their
        # consent covers only reviewed cards, and company B is shown nothing of event A.
        await observe(
            client,
            w.staff.coach,
            w.event["id"],
            candidate_id,
            "perseverance",
            3,
            activity="Escalade",
            note="Termine la voie.",
        )
        if name != "draft":
            await review(client, w.staff.coach, candidate_id)
        if name != "silent":
            await consent(client, w.staff.coach, candidate_id, contact=(name == "contact"))
    await consent(client, w.staff.coach, w.candidates["withdrawn"], recruiters=False)
    return w


def _event_list(w: World) -> str:
    return f"/api/v1/events/{w.event['id']}/candidates"


def _ids(response: Response) -> set[str]:
    return {item["id"] for item in response.json()["items"]}


async def test_recruiter_of_an_attending_company_sees_only_consenting_reviewed_candidates(
    client: AsyncClient, world: World
) -> None:
    response = await client.get(_event_list(world), headers=world.recruiter_a)
    assert response.status_code == 200, response.text
    assert _ids(response) == {world.candidates["shown"], world.candidates["contact"]}
    items = {item["id"]: item for item in response.json()["items"]}
    shown = items[world.candidates["shown"]]
    assert shown["first_name"] == "Zoé"
    assert shown["last_name"] == "L."
    assert shown["city"] == "Villeurbanne" and shown["postcode"] == "69100"
    assert shown["contact"] is None
    assert shown["skills_card"]["skills"][0]["code"] == "perseverance"
    assert shown["skills_card"]["skills"][0]["evidence"] == ["Termine la voie."]
    assert "review" not in shown["skills_card"]  # no reviewer's id for recruiters
    contact = items[world.candidates["contact"]]
    assert contact["last_name"] == world.last_names["contact"]
    assert contact["contact"] == {
        "email": world.emails["contact"],
        "phone": world.phones["contact"],
    }


async def test_recruiter_of_another_company_finds_neither_the_event_nor_its_candidates(
    client: AsyncClient, world: World
) -> None:
    listed = await client.get(_event_list(world), headers=world.recruiter_b)
    assert (listed.status_code, listed.json()["code"]) == (404, "event_not_found")
    card = await client.get(
        f"/api/v1/candidates/{world.candidates['shown']}/skills-card", headers=world.recruiter_b
    )
    assert (card.status_code, card.json()["code"]) == (404, "candidate_not_found")
    found = await client.get("/api/v1/skills-cards/search", headers=world.recruiter_b)
    assert found.status_code == 200
    assert not _ids(found) & set(world.candidates.values())


async def test_a_cancelled_company_registration_closes_the_event_to_its_recruiters(
    client: AsyncClient, pool: Any, settings: Settings, world: World
) -> None:
    company = await make_company(client, world.staff.organiser)
    registration = await register(
        client, world.staff.organiser, world.event["id"], company_id=company
    )
    recruiter = await make_recruiter(pool, settings, client, company)
    assert (await client.get(_event_list(world), headers=recruiter)).status_code == 200
    await client.post(
        f"/api/v1/registrations/{registration['id']}/cancel", headers=world.staff.organiser
    )
    listed = await client.get(_event_list(world), headers=recruiter)
    assert (listed.status_code, listed.json()["code"]) == (404, "event_not_found")
    card = await client.get(
        f"/api/v1/candidates/{world.candidates['shown']}/skills-card", headers=recruiter
    )
    assert card.status_code == 404


async def test_staff_get_forbidden_on_the_recruiter_list_and_search(
    client: AsyncClient, world: World
) -> None:
    for url in (_event_list(world), "/api/v1/skills-cards/search"):
        response = await client.get(url, headers=world.staff.organiser)
        assert (response.status_code, response.json()["code"]) == (403, "forbidden")


async def test_card_alone_follows_the_same_visibility(client: AsyncClient, world: World) -> None:
    for name, status in (
        ("shown", 200),
        ("contact", 200),
        ("draft", 404),
        ("silent", 404),
        ("withdrawn", 404),
    ):
        response = await client.get(
            f"/api/v1/candidates/{world.candidates[name]}/skills-card", headers=world.recruiter_a
        )
        assert response.status_code == status, name
        if status == 200:
            assert response.json()["skills"][0]["level"] == 3
        else:
            assert response.json()["code"] == "candidate_not_found"
    # The candidate's own record stays closed to recruiters.
    direct = await client.get(
        f"/api/v1/candidates/{world.candidates['shown']}", headers=world.recruiter_a
    )
    assert direct.status_code == 404


async def test_withdrawal_hides_the_candidate_from_every_recruiter_view_at_once(
    client: AsyncClient, world: World
) -> None:
    shown = world.candidates["shown"]
    card_url = f"/api/v1/candidates/{shown}/skills-card"
    assert (await client.get(card_url, headers=world.recruiter_a)).status_code == 200
    await consent(client, world.staff.organiser, shown, recruiters=False)
    assert shown not in _ids(await client.get(_event_list(world), headers=world.recruiter_a))
    assert shown not in _ids(
        await client.get("/api/v1/skills-cards/search", headers=world.recruiter_a)
    )
    assert (await client.get(card_url, headers=world.recruiter_a)).status_code == 404
    await consent(client, world.staff.organiser, shown, recruiters=True)
    assert (await client.get(card_url, headers=world.recruiter_a)).status_code == 200


async def test_recruiters_keep_seeing_the_last_reviewed_version_until_the_next_review(
    client: AsyncClient, world: World
) -> None:
    shown = world.candidates["shown"]
    card_url = f"/api/v1/candidates/{shown}/skills-card"
    before = (await client.get(card_url, headers=world.recruiter_a)).json()
    await observe(
        client, world.staff.coach, world.event["id"], shown, "leadership", 4, note="Mène."
    )
    unchanged = (await client.get(card_url, headers=world.recruiter_a)).json()
    assert unchanged == before
    assert [line["code"] for line in unchanged["skills"]] == ["perseverance"]
    await review(client, world.staff.coach, shown)
    after = (await client.get(card_url, headers=world.recruiter_a)).json()
    assert after["version"] == before["version"] + 1
    assert [line["code"] for line in after["skills"]] == ["perseverance", "leadership"]


async def test_no_recruiter_response_carries_private_data_or_unagreed_contact_details(
    client: AsyncClient, world: World
) -> None:
    shown = world.candidates["shown"]
    responses = [
        await client.get(_event_list(world), headers=world.recruiter_a),
        await client.get(_event_list(world), headers=world.recruiter_a, params={"limit": 1}),
        await client.get("/api/v1/skills-cards/search", headers=world.recruiter_a),
        await client.get(
            "/api/v1/skills-cards/search",
            headers=world.recruiter_a,
            params={
                "skill": "perseverance",
                "min_level": 1,
                "sector": "logistique",
                "postcode": "69",
            },
        ),
        await client.get(f"/api/v1/candidates/{shown}/skills-card", headers=world.recruiter_a),
        await client.get(f"/api/v1/candidates/{shown}", headers=world.recruiter_a),
        await client.get(f"/api/v1/candidates/{shown}/consent", headers=world.recruiter_a),
        await client.get(f"/api/v1/candidates/{shown}/card-views", headers=world.recruiter_a),
        await client.get(f"/api/v1/candidates/{shown}/observations", headers=world.recruiter_a),
        await client.get(_event_list(world), headers=world.recruiter_b),
    ]
    assert [r.status_code for r in responses][:5] == [200] * 5
    assert world.candidates["contact"] in _ids(responses[0])  # the contact details are there…
    for response in responses:
        text = response.text
        assert world.marker not in text
        for word in PRIVATE_WORDS:
            assert word not in text, (str(response.request.url), word)
        # …but only for the candidate who agreed to be contacted.
        for name in ("shown", "draft", "silent", "withdrawn"):
            assert world.emails[name] not in text
            assert world.phones[name] not in text
            assert world.last_names[name] not in text


async def test_every_recruiter_view_is_recorded_and_listed_for_the_candidates_coach(
    client: AsyncClient, pool: Any, world: World
) -> None:
    shown = world.candidates["shown"]
    await client.get(_event_list(world), headers=world.recruiter_a)
    await client.get(
        "/api/v1/skills-cards/search",
        headers=world.recruiter_a,
        params={"skill": "perseverance"},
    )
    await client.get(f"/api/v1/candidates/{shown}/skills-card", headers=world.recruiter_a)
    # Refused looks are not views.
    await client.get(f"/api/v1/candidates/{shown}/skills-card", headers=world.recruiter_b)
    rows = await pool.fetch(
        "select actor_id, data from audit_log "
        "where action = 'recruiter.view_card' and subject_id = $1 order by id",
        UUID(shown),
    )
    assert [row["data"]["via"] for row in rows] == ["list_events", "search", "card"]
    hidden = await pool.fetchval(
        "select count(*) from audit_log where action = 'recruiter.view_card' "
        "and subject_id = any($1::uuid[])",
        [UUID(world.candidates[n]) for n in ("draft", "silent", "withdrawn")],
    )
    assert hidden == 0

    views = await client.get(f"/api/v1/candidates/{shown}/card-views", headers=world.staff.coach)
    assert views.status_code == 200, views.text
    items = views.json()["items"]
    assert [item["via"] for item in items] == ["card", "search", "list_events"]
    assert {item["company_id"] for item in items} == {world.company_a}
    assert items[2]["event_id"] == world.event["id"]
    assert all(item["company_name"].startswith("Boulangerie") for item in items)
    assert all(item["version"] == 1 for item in items)
    page = await client.get(
        f"/api/v1/candidates/{shown}/card-views", headers=world.staff.coach, params={"limit": 2}
    )
    assert len(page.json()["items"]) == 2
    rest = await client.get(
        f"/api/v1/candidates/{shown}/card-views",
        headers=world.staff.coach,
        params={"limit": 2, "cursor": page.json()["next_cursor"]},
    )
    assert [item["via"] for item in rest.json()["items"]] == ["list_events"]
    assert rest.json()["next_cursor"] is None
    refused = await client.get(f"/api/v1/candidates/{shown}/card-views", headers=world.recruiter_a)
    assert (refused.status_code, refused.json()["code"]) == (404, "candidate_not_found")


async def test_event_list_pages_through_every_visible_candidate(
    client: AsyncClient, world: World
) -> None:
    first = await client.get(_event_list(world), headers=world.recruiter_a, params={"limit": 1})
    assert len(first.json()["items"]) == 1
    second = await client.get(
        _event_list(world),
        headers=world.recruiter_a,
        params={"limit": 1, "cursor": first.json()["next_cursor"]},
    )
    assert second.json()["next_cursor"] is None
    assert _ids(first) | _ids(second) == {world.candidates["shown"], world.candidates["contact"]}


class Bank:
    """Company C attends two sport sessions (sectors "logistique" and "restauration"); five
    consenting candidates with reviewed cards, rated by two coaches."""

    recruiter: dict[str, str]
    ids: dict[str, str]
    coaches: list[dict[str, str]]
    logistics: dict[str, Any]


@pytest.fixture
async def bank(client: AsyncClient, pool: Any, settings: Settings) -> Bank:
    staff = await make_staff(pool, settings, client)
    coach_2, headers_2 = await make_coach(pool, settings, client, staff.organisation.id)
    coaches = [staff.coach_user.id, coach_2]
    logistics = await make_sport_session(
        client, staff.organiser, coach_ids=coaches, sectors=["Logistique"]
    )
    food = await make_sport_session(
        client, staff.organiser, coach_ids=coaches, sectors=["restauration"]
    )
    company = await make_company(client, staff.organiser)
    for event in (logistics, food):
        await register(client, staff.organiser, event["id"], company_id=company)
    b = Bank()
    b.recruiter = await make_recruiter(pool, settings, client, company)
    b.coaches = [staff.coach, headers_2]
    b.logistics = logistics
    # name: (postcode, event, [(coach headers, level), ...] for perseverance)
    plan: dict[str, tuple[str, dict[str, Any], list[tuple[dict[str, str], int]]]] = {
        "two_observers": ("69100", logistics, [(staff.coach, 3), (headers_2, 3)]),
        "three_by_one": ("69003", logistics, [(staff.coach, 2)] * 3),
        "one_at_4": ("75011", logistics, [(staff.coach, 4)]),
        "one_at_2": ("93100", logistics, [(headers_2, 2)]),
        "food": ("13001", food, [(staff.coach, 1)]),
    }
    b.ids = {}
    for name, (postcode, event, ratings) in plan.items():
        candidate_id = await make_candidate(client, staff.organiser, postcode=postcode)
        b.ids[name] = candidate_id
        await register(client, staff.organiser, event["id"], candidate_id=candidate_id)
        for headers, level in ratings:
            await observe(client, headers, event["id"], candidate_id, "perseverance", level)
        if name == "food":
            await observe(client, staff.coach, event["id"], candidate_id, "team_spirit", 4)
        await review(client, staff.coach, candidate_id)
        await consent(client, staff.organiser, candidate_id)
    return b


async def _search(client: AsyncClient, bank: Bank, **params: Any) -> list[str]:
    response = await client.get(
        "/api/v1/skills-cards/search", headers=bank.recruiter, params=params
    )
    assert response.status_code == 200, response.text
    names = {v: k for k, v in bank.ids.items()}
    return [names[item["id"]] for item in response.json()["items"]]


async def test_search_ranks_by_evidence_then_level(client: AsyncClient, bank: Bank) -> None:
    assert await _search(client, bank, skill="perseverance") == [
        "two_observers",  # 2 observations x 2 observers
        "three_by_one",  # 3 x 1
        "one_at_4",  # 1 x 1, level 4
        "one_at_2",  # 1 x 1, level 2
        "food",  # 1 x 1, level 1
    ]
    response = await client.get(
        "/api/v1/skills-cards/search", headers=bank.recruiter, params={"skill": "perseverance"}
    )
    first = response.json()["items"][0]
    assert (first["evidence"], first["level"]) == (4, 3)


async def test_search_without_a_skill_sums_the_evidence_of_every_skill(
    client: AsyncClient, bank: Bank
) -> None:
    assert (await _search(client, bank))[:3] == ["two_observers", "three_by_one", "food"]


async def test_search_filters_by_level_sector_and_postcode(client: AsyncClient, bank: Bank) -> None:
    assert await _search(client, bank, skill="perseverance", min_level=3) == [
        "two_observers",
        "one_at_4",
    ]
    assert await _search(client, bank, skill="team_spirit") == ["food"]
    assert await _search(client, bank, sector="RESTAURATION") == ["food"]
    assert set(await _search(client, bank, sector="logistique")) == {
        "two_observers",
        "three_by_one",
        "one_at_4",
        "one_at_2",
    }
    assert await _search(client, bank, postcode="69") == ["two_observers", "three_by_one"]
    assert await _search(client, bank, postcode="75011") == ["one_at_4"]
    assert await _search(client, bank, sector="bâtiment") == []


async def test_search_pages_keep_the_ranking(client: AsyncClient, bank: Bank) -> None:
    seen: list[str] = []
    cursor = None
    names = {v: k for k, v in bank.ids.items()}
    for _ in range(3):
        params: dict[str, Any] = {"skill": "perseverance", "limit": 2}
        if cursor:
            params["cursor"] = cursor
        page = (
            await client.get("/api/v1/skills-cards/search", headers=bank.recruiter, params=params)
        ).json()
        seen += [names[item["id"]] for item in page["items"]]
        cursor = page["next_cursor"]
    assert cursor is None
    assert seen == ["two_observers", "three_by_one", "one_at_4", "one_at_2", "food"]


@pytest.mark.parametrize(
    ("params", "status", "code"),
    [
        ({"skill": "juggling"}, 422, "unknown_skill"),
        ({"skill": "Perseverance"}, 400, "invalid_input"),
        ({"skill": "perseverance", "min_level": 5}, 400, "invalid_input"),
        ({"min_level": 0}, 400, "invalid_input"),
        ({"postcode": "69%"}, 400, "invalid_input"),
        ({"sector": "x" * 81}, 400, "invalid_input"),
        ({"cursor": "not-a-cursor"}, 400, "invalid_cursor"),
        ({"limit": 201}, 400, "invalid_input"),
    ],
)
async def test_bad_search_parameters_are_refused(
    client: AsyncClient, bank: Bank, params: dict[str, Any], status: int, code: str
) -> None:
    response = await client.get(
        "/api/v1/skills-cards/search", headers=bank.recruiter, params=params
    )
    assert (response.status_code, response.json()["code"]) == (status, code)


async def test_a_new_review_reranks_the_search_and_nothing_before_it(
    client: AsyncClient, bank: Bank
) -> None:
    before = await _search(client, bank)
    candidate_id = bank.ids["one_at_2"]
    event_id = bank.logistics["id"]
    await observe(client, bank.coaches[0], event_id, candidate_id, "perseverance", 4)
    await observe(client, bank.coaches[0], event_id, candidate_id, "leadership", 4)
    # Observed but not reviewed: recruiters still search the last reviewed card.
    assert await _search(client, bank) == before
    assert await _search(client, bank, skill="leadership") == []

    await review(client, bank.coaches[0], candidate_id)
    response = await client.get("/api/v1/skills-cards/search", headers=bank.recruiter)
    first = response.json()["items"][0]
    # perseverance: 2 observations x 2 observers at level 3, leadership: 1 x 1 at level 4.
    assert (first["id"], first["evidence"], first["level"]) == (candidate_id, 5, 4)
    assert await _search(client, bank, skill="leadership") == ["one_at_2"]
    # At level 4 only its leadership line counts: 1 x 1, level 4, like two others (then by id).
    at_4 = await client.get(
        "/api/v1/skills-cards/search", headers=bank.recruiter, params={"min_level": 4}
    )
    tied = [(bank.ids[name], 1, 4) for name in ("one_at_2", "one_at_4", "food")]
    assert _hits(at_4) == sorted(tied, key=lambda hit: UUID(hit[0]), reverse=True)


# --- the search against its rule, filter by filter and page by page -------------------------
#
# A market of candidates whose every attribute the search reads is known here; `_expected`
# states the rule in Python and every search answer, whole or page by page, must match it.

Rating = tuple[int, str, int]  # (coach index, skill, level)


@dataclass
class Person:
    postcode: str
    events: list[str]
    ratings: list[Rating]
    reviewed: bool = True
    consent: bool | None = True  # None: never asked; False: given, then withdrawn
    contact: bool = False
    cv: tuple[list[str], str] | None = None  # (sectors, postcode)
    later: list[Rating] = field(default_factory=list)  # observed after the review only
    reviewed_again: list[Rating] = field(default_factory=list)  # observed, then reviewed again
    cancelled: str | None = None  # the event whose registration is cancelled


# Sectors of the four sport sessions; company C attends the first three, company D the
# fourth. "care" is called off after the fact and "logistics" completed.
SECTORS = {
    "logistics": ["Logistique"],
    "food": ["restauration"],
    "care": ["aide à la personne"],
    "building": ["bâtiment"],
}
PERSEVERANCE_4 = [(0, "perseverance", 4)]
TWINS = [(1, "perseverance", 2), (1, "team_spirit", 2)]  # equal evidence and level: ties
PEOPLE = {
    "a": Person("69100", ["logistics"], [(0, "perseverance", 3), (1, "perseverance", 3)]),
    "b": Person("69003", ["logistics"], [(0, "perseverance", 2)] * 3 + [(1, "communication", 4)]),
    "c": Person(
        "75011",
        ["food", "building"],
        [(0, "perseverance", 4), (0, "team_spirit", 3), (1, "team_spirit", 4)],
        cancelled="building",
    ),
    "d": Person("93100", ["food"], TWINS),
    "e": Person("93200", ["logistics"], TWINS),
    "f": Person("69007", ["logistics"], TWINS),
    "g": Person("13001", ["food", "building"], [(0, "leadership", 4), (1, "leadership", 4)]),
    "h": Person("69001", ["food", "care"], [(0, "team_spirit", 1), (0, "perseverance", 1)]),
    "i": Person(
        "69007",
        ["food"],
        [(0, "perseverance", 3), (1, "perseverance", 2)],
        cv=(["Aide à la personne", "Logistique"], "2A004"),
    ),
    "j": Person("31000", ["logistics"], [(1, "self_confidence", 3)], contact=True),
    "late": Person("75019", ["logistics"], [(0, "perseverance", 3)], later=[(0, "leadership", 4)]),
    "again": Person(
        "59000",
        ["food"],
        [(0, "perseverance", 1)],
        reviewed_again=[(1, "perseverance", 4), (0, "leadership", 3)],
    ),
    "draft": Person("69100", ["logistics"], PERSEVERANCE_4, reviewed=False),
    "silent": Person("69100", ["logistics"], PERSEVERANCE_4, consent=None),
    "withdrawn": Person("69100", ["logistics"], PERSEVERANCE_4, consent=False),
    "elsewhere": Person("69100", ["building"], PERSEVERANCE_4),
    "cancelled": Person("69100", ["logistics"], PERSEVERANCE_4, cancelled="logistics"),
    "called_off": Person("69100", ["care"], PERSEVERANCE_4),
}
ATTENDS = {"C": {"logistics", "food", "care"}, "D": {"building"}}
CALLED_OFF = {"care"}


@dataclass
class Market:
    recruiters: dict[str, dict[str, str]]
    company_c: str
    ids: dict[str, str]
    # The lines of each candidate's last reviewed card, and its version.
    lines: dict[str, list[dict[str, Any]]]
    versions: dict[str, int]


@pytest.fixture(scope="module")
async def market(client: AsyncClient, pool: Any, settings: Settings) -> Market:
    staff = await make_staff(pool, settings, client)
    coach_2, headers_2 = await make_coach(pool, settings, client, staff.organisation.id)
    coaches = [staff.coach, headers_2]
    events = {
        key: await make_sport_session(
            client,
            staff.organiser,
            coach_ids=[staff.coach_user.id, coach_2],
            sectors=sectors,
            starts_at=past_day() if key == "logistics" else None,  # over: it is completed
        )
        for key, sectors in SECTORS.items()
    }
    companies = {name: await make_company(client, staff.organiser) for name in ATTENDS}
    for name, keys in ATTENDS.items():
        for key in keys:
            await register(client, staff.organiser, events[key]["id"], company_id=companies[name])
    m = Market(
        recruiters={
            name: await make_recruiter(pool, settings, client, company)
            for name, company in companies.items()
        },
        company_c=companies["C"],
        ids={},
        lines={},
        versions={},
    )

    async def rate(candidate_id: str, event_key: str, ratings: list[Rating]) -> None:
        for coach, skill, level in ratings:
            await observe(
                client, coaches[coach], events[event_key]["id"], candidate_id, skill, level
            )

    for name, person in PEOPLE.items():
        candidate_id = await make_candidate(client, staff.organiser, postcode=person.postcode)
        m.ids[name] = candidate_id
        registrations = {
            key: await register(
                client, staff.organiser, events[key]["id"], candidate_id=candidate_id
            )
            for key in person.events
        }
        await rate(candidate_id, person.events[0], person.ratings)
        if person.reviewed:
            card = await review(client, staff.coach, candidate_id)
            if person.reviewed_again:
                await rate(candidate_id, person.events[0], person.reviewed_again)
                card = await review(client, staff.coach, candidate_id)
            m.lines[name], m.versions[name] = card["skills"], card["version"]
        await rate(candidate_id, person.events[0], person.later)
        if person.consent is not None:
            await consent(client, staff.organiser, candidate_id, contact=person.contact)
        if person.consent is False:
            await consent(client, staff.organiser, candidate_id, recruiters=False)
        if person.cv is not None:
            sectors, postcode = person.cv
            response = await client.put(
                f"/api/v1/candidates/{candidate_id}/cv",
                headers=staff.organiser,
                json=structured_cv(sectors=sectors, postcode=postcode),
            )
            assert response.status_code == 200, response.text
        if person.cancelled is not None:
            cancelled = await client.post(
                f"/api/v1/registrations/{registrations[person.cancelled]['id']}/cancel",
                headers=staff.organiser,
            )
            assert cancelled.status_code == 200, cancelled.text
    for key in CALLED_OFF:
        called_off = await client.post(
            f"/api/v1/events/{events[key]['id']}/cancel", headers=staff.organiser
        )
        assert called_off.status_code == 200, called_off.text
    completed = await client.post(
        f"/api/v1/events/{events['logistics']['id']}/complete", headers=staff.organiser
    )
    assert completed.status_code == 200, completed.text
    return m


def _expected(
    m: Market,
    company: str,
    *,
    skill: str | None = None,
    min_level: int | None = None,
    sector: str | None = None,
    postcode: str | None = None,
) -> list[tuple[str, int, int]]:
    """The search rule: candidates consenting to recruiters, with a reviewed card, holding a
    live registration to a published or completed event the company attends; among them
    those with a reviewed line of ``skill`` (any skill if none) at ``min_level`` or above,
    whose postcode or CV postcode starts with ``postcode``, and who wish ``sector`` on their CV
    or hold a live registration to an event (whatever its status) of that sector. Ranked by
    evidence (observations x observers summed over those lines), then best level, then id."""
    hits = []
    for name, person in PEOPLE.items():
        live = [key for key in person.events if key != person.cancelled]
        if not (
            person.consent
            and person.reviewed
            and any(key in ATTENDS[company] and key not in CALLED_OFF for key in live)
        ):
            continue
        lines = [
            line
            for line in m.lines[name]
            if (skill is None or line["code"] == skill)
            and (min_level is None or line["level"] >= min_level)
        ]
        if not lines:
            continue
        cv_sectors, cv_postcode = person.cv or ([], "")
        if postcode is not None and not (
            person.postcode.startswith(postcode) or cv_postcode.startswith(postcode)
        ):
            continue
        sectors = {s.lower() for key in live for s in SECTORS[key]} | {
            s.lower() for s in cv_sectors
        }
        if sector is not None and sector.lower() not in sectors:
            continue
        evidence = sum(line["observations"] * line["observers"] for line in lines)
        hits.append((m.ids[name], evidence, max(line["level"] for line in lines)))
    return sorted(hits, key=lambda hit: (hit[1], hit[2], UUID(hit[0])), reverse=True)


SEARCHES: list[dict[str, Any]] = [
    *(
        {k: v for k, v in (("skill", skill), ("min_level", level)) if v is not None}
        for skill in (None, "perseverance", "team_spirit", "leadership")
        for level in (None, 2, 3, 4)
    ),
    *(
        {"sector": sector}
        for sector in ("logistique", "RESTAURATION", "Bâtiment", "aide à la personne")
    ),
    {"skill": "perseverance", "sector": "logistique"},
    {"skill": "team_spirit", "sector": "restauration"},
    *({"postcode": postcode} for postcode in ("69", "2A", "75011", "9", "13")),
    {"skill": "perseverance", "min_level": 2, "postcode": "69"},
    {"min_level": 3, "sector": "logistique", "postcode": "6"},
]


def _hits(response: Response) -> list[tuple[str, int, int]]:
    assert response.status_code == 200, response.text
    return [(item["id"], item["evidence"], item["level"]) for item in response.json()["items"]]


@pytest.mark.parametrize(
    "params", SEARCHES, ids=lambda p: "&".join(f"{k}={v}" for k, v in p.items()) or "none"
)
async def test_search_answers_its_rule_whole_and_page_by_page(
    client: AsyncClient, market: Market, params: dict[str, Any]
) -> None:
    expected = _expected(market, "C", **params)
    url, headers = "/api/v1/skills-cards/search", market.recruiters["C"]
    whole = await client.get(url, headers=headers, params={**params, "limit": 200})
    assert _hits(whole) == expected
    assert whole.json()["next_cursor"] is None

    paged: list[tuple[str, int, int]] = []
    cursor = None
    for _ in range(len(expected) // 2 + 1):
        page = await client.get(
            url,
            headers=headers,
            params={**params, "limit": 2, **({"cursor": cursor} if cursor else {})},
        )
        assert len(_hits(page)) <= 2
        paged += _hits(page)
        cursor = page.json()["next_cursor"]
        if cursor is None:
            break
    assert cursor is None
    assert paged == expected


async def test_the_market_has_ties_and_every_kind_of_hidden_candidate(market: Market) -> None:
    """The market tests what it means to: equal ranks split across pages, and every reason
    to be hidden (which would rank first if it leaked)."""
    ranks = [(evidence, level) for _, evidence, level in _expected(market, "C")]
    assert len(ranks) - len(set(ranks)) >= 3
    shown = {candidate_id for candidate_id, _, _ in _expected(market, "C")}
    hidden = ("draft", "silent", "withdrawn", "elsewhere", "cancelled", "called_off")
    assert not shown & {market.ids[name] for name in hidden}
    assert [hit[0] for hit in _expected(market, "D")] == [market.ids["g"], market.ids["elsewhere"]]


async def test_another_company_searches_only_the_candidates_of_its_own_events(
    client: AsyncClient, market: Market
) -> None:
    for params in ({}, {"skill": "perseverance"}, {"sector": "restauration"}):
        response = await client.get(
            "/api/v1/skills-cards/search", headers=market.recruiters["D"], params=params
        )
        assert _hits(response) == _expected(market, "D", **params)


async def test_search_hits_carry_the_last_reviewed_card_and_agreed_contact_only(
    client: AsyncClient, market: Market
) -> None:
    response = await client.get(
        "/api/v1/skills-cards/search", headers=market.recruiters["C"], params={"limit": 200}
    )
    items = {item["id"]: item for item in response.json()["items"]}
    for name, version in market.versions.items():
        if market.ids[name] in items:
            card = items[market.ids[name]]["skills_card"]
            assert card["version"] == version, name
            assert card["skills"] == market.lines[name], name
    # Observed after the review: not on the card recruiters see.
    assert [s["code"] for s in items[market.ids["late"]]["skills_card"]["skills"]] == [
        "perseverance"
    ]
    assert items[market.ids["j"]]["contact"] is not None
    assert all(item["contact"] is None for item in items.values() if item["id"] != market.ids["j"])


async def test_each_search_page_records_a_view_of_exactly_the_candidates_it_shows(
    client: AsyncClient, pool: Any, settings: Settings, market: Market
) -> None:
    user = await make_user(pool, settings, role="recruiter", company_id=UUID(market.company_c))
    headers = await log_in(client, user.email)
    shown: list[tuple[UUID, int]] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"skill": "perseverance", "limit": 3}
        if cursor:
            params["cursor"] = cursor
        page = (
            await client.get("/api/v1/skills-cards/search", headers=headers, params=params)
        ).json()
        shown += [(UUID(item["id"]), item["skills_card"]["version"]) for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    rows = await pool.fetch(
        "select subject_id, data from audit_log where actor_id = $1 "
        "and action = 'recruiter.view_card' order by id",
        user.id,
    )
    assert [(row["subject_id"], row["data"]["version"]) for row in rows] == shown
    assert {row["data"]["via"] for row in rows} == {"search"}
    assert {row["data"]["company_id"] for row in rows} == {market.company_c}
    assert len(shown) == len(_expected(market, "C", skill="perseverance"))

"""A query parameter an API address does not take is refused (issue 9, item 20): dropped, a
misspelt or unsupported filter (``departement``, ``q`` on the skills search) answered the whole
list as if it were the filtered one. The refusal names the unknown parameters and the ones the
address takes, in French and in English, and nothing is done (a search records no views, a
cancellation does not happen). Pages keep their lenient query strings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

import pytest
from httpx import AsyncClient

from events.settings import Settings
from tests.factories import Staff, make_staff
from tests.factories_cvs import make_card_world, observe, review_and_consent
from tests.factories_events import stored_event
from tests.factories_registrations import make_published_event
from tests.factories_state import table_counts


@dataclass(frozen=True)
class World:
    staff: Staff
    recruiter: dict[str, str]
    event_id: str


@pytest.fixture(scope="module")
async def world(client: AsyncClient, pool: Any, settings: Settings) -> World:
    """A recruiter whose search finds a consenting candidate with a reviewed card: a search
    that ran would record that the recruiter saw it."""
    cards = await make_card_world(client, pool, settings)
    await observe(client, cards, skill="motivation", level=3)
    await review_and_consent(client, cards)
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser)
    return World(staff=staff, recruiter=cards.attending.headers, event_id=event["id"])


class Case(NamedTuple):
    who: str
    method: str
    path: str
    query: dict[str, str]
    unknown: list[str]  # as the refusal names them
    known: list[str]  # some of the parameters the address takes


SEARCH, EVENTS = "/api/v1/skills-cards/search", "/api/v1/events"
UNKNOWN = [
    Case("recruiter", "GET", SEARCH, {"departement": "75"}, ["departement"], ["postcode"]),
    Case("recruiter", "GET", SEARCH, {"q": "Durand", "skill": "motivation"}, ["q"], ["skill"]),
    Case("organiser", "GET", EVENTS, {"kinds": "job_dating"}, ["kinds"], ["kind", "from", "to"]),
    Case("organiser", "GET", EVENTS, {"colour": "rouge", "page": "2"}, ["colour", "page"], []),
    Case("nobody", "GET", "/api/v1/calendar.ics", {"since": "2030-01-01"}, ["since"], ["from"]),
    Case("organiser", "GET", "/api/v1/candidates", {"name": "Durand"}, ["name"], ["q"]),
    Case(
        "organiser", "POST", "/api/v1/events/{event}/cancel", {"reason": "Inondée"}, ["reason"], []
    ),
]


def _headers(world: World, who: str) -> dict[str, str]:
    return {"organiser": world.staff.organiser, "recruiter": world.recruiter, "nobody": {}}[who]


@pytest.mark.parametrize(
    "case", UNKNOWN, ids=[f"{c.method}-{'-'.join(c.unknown)}" for c in UNKNOWN]
)
async def test_an_unknown_query_parameter_is_refused_naming_it_and_nothing_is_done(
    client: AsyncClient, pool: Any, world: World, case: Case
) -> None:
    path = case.path.replace("{event}", world.event_id)
    headers = _headers(world, case.who)
    event_before = await stored_event(pool, world.event_id)
    before = await table_counts(pool)
    french = await client.request(case.method, path, headers=headers, params=case.query)
    english = await client.request(
        case.method, path, headers={**headers, "Accept-Language": "en"}, params=case.query
    )
    for response in (french, english):
        assert response.status_code == 400, response.text
        assert response.json()["code"] == "unknown_parameter"
        assert response.json()["extra"]["unknown"] == case.unknown
        assert set(case.known) <= set(response.json()["extra"]["known"])
    unknown = ", ".join(case.unknown)
    assert french.json()["detail"].startswith(f"Paramètre inconnu à cette adresse : {unknown}.")
    assert english.json()["detail"].startswith(f"Unknown parameter at this address: {unknown}.")
    if case.method == "POST":
        assert french.json()["detail"].endswith("Paramètres possibles : aucun.")
    assert await table_counts(pool) == before
    assert await stored_event(pool, world.event_id) == event_before


async def test_the_filters_an_address_takes_are_still_read(
    client: AsyncClient, world: World
) -> None:
    response = await client.get(
        "/api/v1/skills-cards/search",
        headers=world.recruiter,
        params={"skill": "motivation", "min_level": "2", "limit": "10"},
    )
    assert response.status_code == 200, response.text
    assert response.json()["items"]


async def test_pages_keep_their_lenient_query_strings(client: AsyncClient) -> None:
    response = await client.get("/login", params={"utm_source": "affiche"})
    assert response.status_code == 200

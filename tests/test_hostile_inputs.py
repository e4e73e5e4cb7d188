"""Hostile input that used to reach a 500 (issue 9, item 8): crafted pagination cursors (numbers
past what the database holds, the years 1 and 9999 pushed past the calendar by their offset,
NUL), extreme ``from``/``to`` on the event list and the public feed, an extreme ``scanned_at`` in
a batch of offline scans, NUL in the log-in e-mail. Each is refused with a 4xx and its code, and
the database is left as it was."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from typing import Any, NamedTuple

import pytest
from httpx import AsyncClient

from events.settings import Settings
from tests.factories import Staff, make_admin, make_staff
from tests.factories_registrations import (
    make_candidate,
    make_company,
    make_published_event,
    register,
)
from tests.factories_skills import make_recruiter
from tests.factories_state import table_counts

SOME_ID = "00000000-0000-4000-8000-000000000000"
# The first and the last instant there is, pushed one day past by their UTC offset.
YEAR_1_PLUS_14 = "0001-01-01T00:00:00+14:00"
YEAR_9999_MINUS_14 = "9999-12-31T23:59:59-14:00"
PAST_BIGINT = 2**63
BELOW_BIGINT = -(2**63) - 1
HUGE = 10**30
PAST_INTEGER = 2**31


def cursor(*key: Any) -> str:
    """A cursor as a client could forge it: base64 of a JSON array."""
    return base64.urlsafe_b64encode(json.dumps(list(key)).encode()).decode().rstrip("=")


@dataclass(frozen=True)
class World:
    staff: Staff
    admin: dict[str, str]
    recruiter: dict[str, str]
    event_id: str
    candidate_id: str
    ticket: str

    def headers(self, who: str) -> dict[str, str]:
        return {
            "organiser": self.staff.organiser,
            "admin": self.admin,
            "recruiter": self.recruiter,
            "nobody": {},
        }[who]


@pytest.fixture(scope="module")
async def world(pool: Any, settings: Settings, client: AsyncClient) -> World:
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser)
    candidate_id = await make_candidate(client, staff.organiser)
    registration = await register(client, staff.organiser, event["id"], candidate_id=candidate_id)
    company_id = await make_company(client, staff.organiser)
    await register(client, staff.organiser, event["id"], company_id=company_id)
    return World(
        staff=staff,
        admin=await make_admin(pool, settings, client),
        recruiter=await make_recruiter(pool, settings, client, company_id),
        event_id=event["id"],
        candidate_id=candidate_id,
        ticket=registration["ticket"]["token"],
    )


class Case(NamedTuple):
    who: str
    method: str
    path: str
    sent: dict[str, Any]
    code: str
    field: str | None = None


def forged(who: str, path: str, *key: Any) -> Case:
    return Case(who, "GET", path, {"cursor": cursor(*key)}, "invalid_cursor")


def scans(*times: str) -> dict[str, Any]:
    return {
        "scans": [
            {"token": "{ticket}", "scanned_at": at, "nonce": f"hostile-{i}"}
            for i, at in enumerate(times)
        ]
    }


EVENTS, OUTBOX = "/api/v1/events", "/api/v1/outbox"
REGISTRATIONS = "/api/v1/events/{event}/registrations"
OBSERVATIONS = "/api/v1/candidates/{candidate}/observations"
CARD_VIEWS = "/api/v1/candidates/{candidate}/card-views"
SEARCH = "/api/v1/skills-cards/search"
A_TIME = "2030-01-01T00:00:00Z"
HOSTILE = [
    # cursors: instants whose time in UTC does not exist
    forged("organiser", EVENTS, YEAR_1_PLUS_14, SOME_ID),
    forged("organiser", EVENTS, YEAR_9999_MINUS_14, SOME_ID),
    forged("organiser", OUTBOX, YEAR_1_PLUS_14, SOME_ID),
    forged("organiser", OUTBOX, YEAR_9999_MINUS_14, SOME_ID),
    forged("organiser", REGISTRATIONS, 1, YEAR_1_PLUS_14, SOME_ID),
    # cursors: numbers past bigint, or past integer where the column is one
    forged("organiser", REGISTRATIONS, PAST_BIGINT, A_TIME, SOME_ID),
    forged("organiser", REGISTRATIONS, HUGE, A_TIME, SOME_ID),
    forged("organiser", REGISTRATIONS, BELOW_BIGINT, A_TIME, SOME_ID),
    forged("organiser", OBSERVATIONS, PAST_BIGINT),
    forged("organiser", OBSERVATIONS, HUGE),
    forged("organiser", CARD_VIEWS, PAST_BIGINT),
    forged("organiser", CARD_VIEWS, BELOW_BIGINT),
    forged("recruiter", SEARCH, PAST_INTEGER, 1, SOME_ID),
    forged("recruiter", SEARCH, 1, PAST_INTEGER, SOME_ID),
    forged("recruiter", SEARCH, HUGE, 1, SOME_ID),
    # cursors: NUL, which PostgreSQL text cannot hold
    forged("organiser", "/api/v1/companies", "\x00", SOME_ID),
    forged("admin", "/api/v1/organisations", "Asso\x00ciation", SOME_ID),
    # from / to past the calendar, on the list and on the public feed
    Case("organiser", "GET", EVENTS, {"from": YEAR_1_PLUS_14}, "invalid_input", "from"),
    Case("organiser", "GET", EVENTS, {"to": YEAR_9999_MINUS_14}, "invalid_input", "to"),
    Case(
        "nobody", "GET", "/api/v1/calendar.ics", {"from": YEAR_1_PLUS_14}, "invalid_input", "from"
    ),
    Case(
        "nobody", "GET", "/api/v1/calendar.ics", {"to": YEAR_9999_MINUS_14}, "invalid_input", "to"
    ),
    # offline scans made "before the first instant", or after the last
    Case(
        "organiser",
        "POST",
        "/api/v1/events/{event}/checkins/batch",
        scans(YEAR_1_PLUS_14),
        "invalid_input",
        "scans[0].scanned_at",
    ),
    Case(
        "organiser",
        "POST",
        "/api/v1/events/{event}/checkins/batch",
        scans("2030-01-01T09:00:00+01:00", YEAR_9999_MINUS_14),
        "invalid_input",
        "scans[1].scanned_at",
    ),
    # NUL in the log-in e-mail
    Case(
        "nobody",
        "POST",
        "/api/v1/auth/token",
        {"email": "zoe\x00@example.org", "password": "correct horse battery staple"},
        "invalid_input",
        "email",
    ),
]


def _fill(value: Any, world: World) -> Any:
    if isinstance(value, str):
        return (
            value.replace("{event}", world.event_id)
            .replace("{candidate}", world.candidate_id)
            .replace("{ticket}", world.ticket)
        )
    if isinstance(value, list):
        return [_fill(v, world) for v in value]
    if isinstance(value, dict):
        return {k: _fill(v, world) for k, v in value.items()}
    return value


@pytest.mark.parametrize(
    "case", HOSTILE, ids=[f"{c.path.rsplit('/', 1)[-1]}-{i}" for i, c in enumerate(HOSTILE)]
)
async def test_hostile_input_is_refused_with_its_code_and_changes_nothing(
    client: AsyncClient, pool: Any, world: World, case: Case
) -> None:
    before = await table_counts(pool)
    path, sent, headers = _fill(case.path, world), _fill(case.sent, world), world.headers(case.who)
    if case.method == "GET":
        response = await client.get(path, headers=headers, params=sent)
    else:
        response = await client.post(path, headers=headers, json=sent)
    assert response.status_code == 400, response.text
    assert response.json()["code"] == case.code
    if case.field is not None:
        assert response.json()["extra"]["field"] == case.field
    assert await table_counts(pool) == before

"""Garbage that used to be stored (issue 9, item 12): names of invisible characters only,
control characters, bidirectional overrides; time-zone files that are no place's zone (they end
up in invites); numbers and booleans written as text or as a float (msgspec coerced them); a body
sent as something other than JSON. Each is refused with its code and nothing is stored; real
names (accents, apostrophes, Arabic and Persian with their joiners) still are."""

from __future__ import annotations

from typing import Any

import msgspec
import pytest
from httpx import AsyncClient

from events.settings import Settings
from tests.factories import Staff, make_admin, make_staff, unique
from tests.factories_events import event_body, make_event, stored_event
from tests.factories_registrations import make_candidate
from tests.factories_state import table_counts
from tests.test_events_bad_input import with_value

# Text that shows nothing, or shows otherwise than it is stored.
GARBAGE_NAMES = {
    "zero-width-spaces": "\u200b\u200b",
    "hangul-filler": "\u3164",
    "soft-hyphen": "\u00ad",
    "byte-order-mark": "\ufeff",
    "no-break-spaces": "\u00a0\u2007",
    "tag-characters": "\U000e0041\U000e0042",
    "bell": "Zoé\u0007",
    "escape": "\u001b[31mZoé",
    "line-break": "Zoé\nDurand",
    "trailing-line-break": "Zoé\n",
    "right-to-left-override": "Zo\u202eé",
    "isolate": "\u2066Zoé\u2069",
    "line-separator": "Zoé\u2028",
}
REAL_NAMES = [
    "Zoé",
    "N'Diaye",
    "Jean-Pierre",
    "O\u2019Brien",  # a typographic apostrophe
    "Łukasz",
    "\u0645\u062d\u0645\u062f",  # Arabic: Mohamed
    # Persian, with the zero-width non-joiner its spelling needs
    "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",
    "\u1340\u130b\u12ed",  # Tigrinya, in Ge'ez script: Tsegay
]


@pytest.fixture(scope="module")
async def staff(pool: Any, settings: Settings, client: AsyncClient) -> Staff:
    return await make_staff(pool, settings, client)


@pytest.fixture(scope="module")
async def admin(pool: Any, settings: Settings, client: AsyncClient) -> dict[str, str]:
    return await make_admin(pool, settings, client)


def _where(kind: str) -> tuple[str, str, dict[str, Any]]:
    """(path, field, a valid body) of a creation that takes a name."""
    if kind == "candidate":
        return "/api/v1/candidates", "first_name", {"last_name": unique("Durand")}
    if kind == "company":
        body = {
            "sector": "logistique",
            "city": "Lyon",
            "postcode": "69003",
            "contact": {"name": "Claire Martin"},
        }
        return "/api/v1/companies", "name", body
    if kind == "organisation":
        return "/api/v1/organisations", "name", {}
    return "/api/v1/events", "title", event_body()


@pytest.mark.parametrize("kind", ["candidate", "company", "organisation", "event"])
@pytest.mark.parametrize("name", GARBAGE_NAMES.values(), ids=GARBAGE_NAMES.keys())
async def test_a_name_that_shows_nothing_or_hides_controls_is_refused_and_not_stored(
    client: AsyncClient,
    pool: Any,
    staff: Staff,
    admin: dict[str, str],
    kind: str,
    name: str,
) -> None:
    path, field, body = _where(kind)
    before = await table_counts(pool)
    response = await client.post(
        path,
        headers=admin if kind == "organisation" else staff.organiser,
        json={**body, field: name},
    )
    assert response.status_code == 400, response.text
    assert response.json()["code"] == "invalid_input"
    assert response.json()["extra"]["field"] == field
    assert await table_counts(pool) == before


@pytest.mark.parametrize(
    "path",
    ["venue.city", "venue.name", "sectors.0", "details.activities.0.name"],
)
async def test_a_nested_name_of_zero_width_spaces_is_refused_naming_it(
    client: AsyncClient, pool: Any, staff: Staff, path: str
) -> None:
    before = await table_counts(pool)
    body = with_value(event_body("sport_session"), path, "\u200b\u200b\u200b")
    response = await client.post("/api/v1/events", headers=staff.organiser, json=body)
    assert response.status_code == 400, response.text
    assert response.json()["code"] == "invalid_input"
    assert response.json()["extra"]["field"].replace("[0]", ".0") == path
    assert await table_counts(pool) == before


@pytest.mark.parametrize("name", REAL_NAMES)
async def test_real_names_in_any_script_are_stored_as_written(
    client: AsyncClient, pool: Any, staff: Staff, name: str
) -> None:
    candidate_id = await make_candidate(client, staff.organiser, first_name=name)
    stored = await pool.fetchval("select first_name from candidates where id = $1", candidate_id)
    assert stored == name


NOT_PLACES = ["localtime", "posixrules", "Factory", "right/Europe/Paris", "posix/Europe/Paris"]


@pytest.mark.parametrize("zone", NOT_PLACES)
async def test_a_time_zone_file_that_is_no_places_zone_is_refused_on_create(
    client: AsyncClient, pool: Any, staff: Staff, zone: str
) -> None:
    before = await table_counts(pool)
    response = await client.post(
        "/api/v1/events", headers=staff.organiser, json=event_body(timezone=zone)
    )
    assert response.status_code == 400, response.text
    assert response.json()["code"] == "invalid_input"
    assert response.json()["extra"]["field"] == "timezone"
    assert await table_counts(pool) == before


@pytest.mark.parametrize("zone", NOT_PLACES)
async def test_a_time_zone_file_that_is_no_places_zone_is_refused_on_change(
    client: AsyncClient, pool: Any, staff: Staff, zone: str
) -> None:
    event = await make_event(client, staff.organiser, status="published")
    before = await stored_event(pool, event["id"])
    response = await client.patch(
        f"/api/v1/events/{event['id']}", headers=staff.organiser, json={"timezone": zone}
    )
    assert response.status_code == 400, response.text
    assert response.json()["code"] == "invalid_input"
    assert response.json()["extra"]["field"] == "timezone"
    assert await stored_event(pool, event["id"]) == before


@pytest.mark.parametrize("zone", ["Europe/Paris", "Indian/Reunion", "America/Cayenne", "UTC"])
async def test_places_zones_are_accepted(client: AsyncClient, staff: Staff, zone: str) -> None:
    response = await client.post(
        "/api/v1/events", headers=staff.organiser, json=event_body(timezone=zone)
    )
    assert response.status_code == 201, response.text
    assert response.json()["timezone"] == zone


# (kind, path, value, field named): a number or a boolean written otherwise than JSON writes it.
NOT_STRICT = [
    ("job_dating", "capacity.candidates", "5", "capacity.candidates"),
    ("job_dating", "capacity.candidates", 5.0, "capacity.candidates"),
    ("job_dating", "capacity.companies", True, "capacity.companies"),
    ("job_dating", "reminder_hours_before", "24", "reminder_hours_before"),
    ("job_dating", "reminder_hours_before", 24.0, "reminder_hours_before"),
    ("job_dating", "details.interview_minutes", "10", "details.interview_minutes"),
    ("e_forum", "details.photo_shoot", 0, "details.photo_shoot"),
    ("e_forum", "details.photo_shoot", "true", "details.photo_shoot"),
    ("e_forum", "starts_at", 2_000_000_000, "starts_at"),
]


@pytest.mark.parametrize(("kind", "path", "value", "field"), NOT_STRICT)
async def test_numbers_and_booleans_are_not_coerced_on_create(
    client: AsyncClient, pool: Any, staff: Staff, kind: str, path: str, value: Any, field: str
) -> None:
    before = await table_counts(pool)
    body = with_value(event_body(kind), path, value)
    response = await client.post("/api/v1/events", headers=staff.organiser, json=body)
    assert response.status_code == 400, response.text
    assert response.json()["code"] == "invalid_input"
    assert response.json()["extra"]["field"] == field
    assert await table_counts(pool) == before


@pytest.mark.parametrize("value", [0, "false", "0", None])
async def test_consent_is_withdrawn_by_false_only_not_by_zero_or_text(
    client: AsyncClient, pool: Any, staff: Staff, value: Any
) -> None:
    candidate_id = await make_candidate(client, staff.organiser)
    given = await client.post(
        f"/api/v1/candidates/{candidate_id}/consent",
        headers=staff.organiser,
        json={"recruiters": True},
    )
    assert given.status_code == 200, given.text
    before = await table_counts(pool)
    response = await client.post(
        f"/api/v1/candidates/{candidate_id}/consent",
        headers=staff.organiser,
        json={"recruiters": value},
    )
    assert response.status_code == 400, response.text
    assert response.json()["code"] == "invalid_input"
    assert response.json()["extra"]["field"] == "recruiters"
    assert await table_counts(pool) == before


@pytest.mark.parametrize(
    "content_type",
    ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", None],
)
async def test_a_json_body_sent_as_another_media_type_is_refused_with_json_required(
    client: AsyncClient, pool: Any, staff: Staff, content_type: str | None
) -> None:
    before = await table_counts(pool)
    headers = dict(staff.organiser)
    if content_type is not None:
        headers["Content-Type"] = content_type
    response = await client.post(
        "/api/v1/events", headers=headers, content=msgspec.json.encode(event_body())
    )
    assert response.status_code == 415, response.text
    assert response.json()["code"] == "json_required"
    assert await table_counts(pool) == before


@pytest.mark.parametrize(
    "content_type", ["application/json; charset=utf-8", "application/merge-patch+json"]
)
async def test_json_with_parameters_or_a_json_suffix_is_read(
    client: AsyncClient, staff: Staff, content_type: str
) -> None:
    response = await client.post(
        "/api/v1/events",
        headers={**staff.organiser, "Content-Type": content_type},
        content=msgspec.json.encode(event_body()),
    )
    assert response.status_code == 201, response.text

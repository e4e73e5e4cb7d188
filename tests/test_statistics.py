"""Funders' statistics: the figures of an event counted by hand, small counts suppressed with the
differencing rule, frozen attributes equal to live ones, a programme's sums, and who may."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import msgspec
import pytest
from httpx import AsyncClient

from events import db
from events.actors import Actor
from events.settings import Settings
from events.statistics import figures, profiles
from events.statistics.figures import suppress
from tests.factories import Staff, make_admin, make_staff
from tests.factories_directory import make_candidate, make_company
from tests.factories_events import make_event, past_day

NOW = datetime.now(UTC)


def organiser_of(staff: Staff) -> Actor:
    return Actor(
        id=staff.organiser_user.id, role="organiser", organisation_id=staff.organisation.id
    )


async def _register(
    pool: Any,
    event_id: UUID,
    *,
    candidate_id: UUID | None = None,
    company_id: UUID | None = None,
    status: str = "confirmed",
    came: bool = False,
) -> UUID:
    value: UUID = await pool.fetchval(
        "insert into registrations (event_id, role, candidate_id, company_id, status, "
        "waitlist_seq, confirmed_at, checked_in_at) values ($1, $2, $3, $4, $5, $6, now(), $7) "
        "returning id",
        event_id,
        "candidate" if candidate_id else "company",
        candidate_id,
        company_id,
        status,
        1 if status == "waitlisted" else None,
        datetime.now(UTC) if came else None,
    )
    return value


async def _outcome(
    pool: Any, staff: Staff, event_id: UUID, candidate_id: UUID, kind: str, month: int | None
) -> None:
    await pool.execute(
        "insert into outcomes (candidate_id, event_id, kind, happened_on, follow_up_month, "
        "recorded_by, recorded_at) values ($1, $2, $3, current_date, $4, $5, now())",
        candidate_id,
        event_id,
        kind,
        month,
        staff.organiser_user.id,
    )


# The ten participants of the seeded event, one line each: what their private data says.
# Counted by hand: women 5 (rest 5), under 26 6 (rest 4), QPV 2, RSA/ASS/AAH 5, RQTH 0,
# refugee 5 (an asylum seeker is not counted), diploma none 5 and level 3 5.
def _participants(year: int) -> list[dict[str, Any]]:
    young, older = year - 20, year - 30
    return [
        {"gender": "woman", "birth_year": young, "qpv": True, "benefits": ["rsa"],
         "refugee_status": "refugee", "diploma_level": "none"},
        {"gender": "woman", "birth_year": young, "qpv": True, "benefits": ["rsa"],
         "refugee_status": "refugee", "diploma_level": "none"},
        {"gender": "woman", "birth_year": young, "qpv": False, "benefits": ["rsa"],
         "refugee_status": "refugee", "diploma_level": "none"},
        {"gender": "woman", "birth_year": young, "benefits": ["ass", "are"],
         "refugee_status": "subsidiary_protection", "diploma_level": "none"},
        {"gender": "woman", "birth_year": young, "benefits": ["aah"],
         "refugee_status": "subsidiary_protection", "diploma_level": "none"},
        {"gender": "man", "birth_year": young, "benefits": ["are"],
         "refugee_status": "asylum_seeker", "diploma_level": "level_3"},
        {"gender": "man", "birth_year": older, "rqth": False, "diploma_level": "level_3"},
        {"gender": "man", "birth_year": older, "diploma_level": "level_3"},
        {"birth_year": older, "diploma_level": "level_3"},
        {"birth_year": older, "diploma_level": "level_3"},
    ]  # fmt: skip


class Seeded(msgspec.Struct, kw_only=True):
    event_id: UUID
    candidates: list[UUID]


async def seed_event(pool: Any, client: AsyncClient, staff: Staff) -> Seeded:
    """A completed event long past: 15 candidates registered, 10 came (above), 5 did not (two
    marked absent, three never checked in), one on the waiting list and one cancelled (neither
    counted); 5 companies, all came. At 6 months: 3 permanent contracts, 2 trainings, an
    interview, a "nothing yet" (7 answers, 5 in work or training); nothing at 1 month."""
    start = past_day()
    event = await make_event(client, staff.organiser, status="completed", start=start)
    event_id = UUID(event["id"])
    year = start.year
    came: list[UUID] = []
    for private in _participants(year):
        candidate = await make_candidate(
            pool, organisation_id=staff.organisation.id, private=private
        )
        await _register(pool, event_id, candidate_id=candidate.id, came=True)
        came.append(candidate.id)
    # Those who did not come are all women under 26 in a QPV: none of it may count.
    absent_private = {"gender": "woman", "birth_year": year - 20, "qpv": True, "rqth": True}
    others: list[UUID] = []
    for status in ("no_show", "no_show", "confirmed", "confirmed", "confirmed", "waitlisted",
                   "cancelled"):  # fmt: skip
        candidate = await make_candidate(
            pool, organisation_id=staff.organisation.id, private=absent_private
        )
        await _register(pool, event_id, candidate_id=candidate.id, status=status)
        others.append(candidate.id)
    for _ in range(5):
        company = await make_company(pool)
        await _register(pool, event_id, company_id=company.id, came=True)
    for candidate_id, kind in zip(
        came,
        ["permanent", "permanent", "permanent", "training", "training", "interview", "nothing_yet"],
        strict=False,
    ):
        await _outcome(pool, staff, event_id, candidate_id, kind, 6)
    # Not counted: an answer of someone who did not come, an outcome answering no follow-up.
    await _outcome(pool, staff, event_id, others[0], "permanent", 6)
    await _outcome(pool, staff, event_id, came[9], "permanent", None)
    return Seeded(event_id=event_id, candidates=came + others)


async def event_figures(pool: Any, event_id: UUID, by: Actor) -> figures.EventFigures:
    async with db.transaction(pool) as conn:
        return await figures.event_figures(conn, event_id=event_id, by=by, now=NOW)


def shown(cell: figures.Cell) -> int | str:
    return "< 5" if cell.suppressed else cell.count if cell.count is not None else "?"


def by_key(items: list[figures.Share]) -> dict[str, tuple[int | str, float | None]]:
    return {s.key: (shown(s.count), s.rate.percent) for s in items}


# --- the suppression rule, alone ------------------------------------------------------------


def test_cells_under_five_are_suppressed_and_none_is_left_alone_in_a_group() -> None:
    values = {"total": 20, "a": 3, "b": 9, "c": 8}
    hidden = suppress(values, [("total", ["a", "b", "c"])])
    # a alone would be total - b - c: the smallest other part goes with it.
    assert hidden == {"a", "c"}
    assert suppress({"total": 20, "a": 10, "b": 10}, [("total", ["a", "b"])]) == set()
    # None is fewer than five too.
    assert suppress({"total": 12, "a": 0, "b": 12}, [("total", ["a", "b"])]) == {"a", "b"}


def test_the_rule_goes_on_until_no_group_holds_a_single_suppressed_cell() -> None:
    # Hiding b for the first group leaves it alone in the second: d follows.
    values = {"t1": 30, "a": 2, "b": 10, "c": 18, "t2": 25, "d": 15}
    hidden = suppress(values, [("t1", ["a", "b", "c"]), ("t2", ["b", "d"])])
    assert hidden == {"a", "b", "d"}
    for total, parts in [("t1", ["a", "b", "c"]), ("t2", ["b", "d"])]:
        assert sum(c in hidden for c in [total, *parts]) != 1


def test_cells_to_keep_are_hidden_last_and_fixed_ones_never_change() -> None:
    values = {"t": 20, "kept": 10, "small": 2, "other": 8}
    hidden = suppress(values, [("t", ["kept", "small", "other"])], keep=lambda c: c == "kept")
    assert hidden == {"small", "other"}
    # A programme's cell whose one event's cell is suppressed goes too (never the event's).
    values = {"p": 21, "e1": 3, "e2": 18}
    fixed = {"e1": True, "e2": False}
    assert suppress(values, [("p", ["e1", "e2"])], fixed=fixed) == {"e1", "p"}


def test_a_programme_hides_a_sum_that_would_give_back_one_events_small_count() -> None:
    def cells(qpv: int, participants: int) -> dict[str, int]:
        row = figures._empty_row()
        row = msgspec.structs.replace(
            row, registered_candidate=participants, present_candidate=participants, qpv=qpv
        )
        return figures._cells(row, {})

    small, large = cells(2, 20), cells(9, 20)
    assert "share.qpv" in figures.event_hidden(small)
    assert "share.qpv" not in figures.event_hidden(large)
    total = {k: small[k] + large[k] for k in small}
    # 11 is not small, but 11 - 9 would give back the first event's 2.
    assert "share.qpv" in figures.programme_hidden(total, [small, large])
    # With both events' counts shown, so is the programme's.
    both = cells(9, 20)
    total = {k: both[k] + large[k] for k in both}
    assert "share.qpv" not in figures.programme_hidden(total, [both, large])


# --- an event counted by hand ---------------------------------------------------------------


async def test_an_events_figures_are_those_counted_by_hand(
    pool: Any, settings: Settings, client: AsyncClient
) -> None:
    staff = await make_staff(pool, settings, client)
    seeded = await seed_event(pool, client, staff)
    result = (await event_figures(pool, seeded.event_id, organiser_of(staff))).figures

    roles = {r.role: r for r in result.roles}
    candidate, company, everyone = roles["candidate"], roles["company"], roles["all"]
    assert (shown(candidate.registered), shown(candidate.present), shown(candidate.absent)) == (
        15,
        10,
        5,
    )
    assert candidate.no_show_rate.percent == 33.3
    # 0 companies absent: suppressed, and present with it (5 registered = present + absent).
    assert (shown(company.registered), shown(company.present), shown(company.absent)) == (
        5,
        "< 5",
        "< 5",
    )
    assert company.no_show_rate.suppressed
    # Present in all = 10 + the companies': it would give them back, so it goes, and absent in
    # all with it (registered in all = present + absent).
    assert (shown(everyone.registered), shown(everyone.present), shown(everyone.absent)) == (
        20,
        "< 5",
        "< 5",
    )
    assert shown(result.participants) == 10

    assert by_key(result.shares) == {
        "woman": (5, 50.0),
        # 6 under 26, but 4 are not: 10 - 6 would give the 4 back.
        "under_26": ("< 5", None),
        "qpv": ("< 5", None),
        "rsa_ass_aah": (5, 50.0),
        "rqth": ("< 5", None),
        "refugee": (5, 50.0),
    }
    assert by_key(result.diplomas) == {
        "none": (5, 50.0),
        "level_3": (5, 50.0),
        "level_4": ("< 5", None),
        "level_5": ("< 5", None),
        "level_6": ("< 5", None),
        "level_7_8": ("< 5", None),
        "unknown": ("< 5", None),
    }

    months = {m.month: m for m in result.outcomes}
    six = months[6]
    assert six.reached and shown(six.due) == 10
    assert shown(six.in_work_or_training) == 5 and six.rate.percent == 50.0
    # 7 answered, 3 not: the 3 would come back from 10 - 7.
    assert shown(six.answered) == "< 5"
    assert all(k.count.suppressed for k in six.by_kind)
    one = months[1]
    assert shown(one.due) == 10 and one.in_work_or_training.suppressed and one.rate.suppressed

    # No personal data in the figures: no id but the event's, no name.
    text = msgspec.json.encode(result).decode()
    assert "Zoé" not in text and "N'Diaye" not in text
    assert not any(str(c) in text for c in seeded.candidates)


async def test_frozen_attributes_are_the_live_ones_and_survive_the_private_data(
    pool: Any, settings: Settings, client: AsyncClient
) -> None:
    staff = await make_staff(pool, settings, client)
    seeded = await seed_event(pool, client, staff)
    by = organiser_of(staff)
    live = await event_figures(pool, seeded.event_id, by)
    view = "select * from registration_attributes where event_id = $1 order by registration_id"
    live_rows = [dict(r) for r in await pool.fetch(view, seeded.event_id)]
    async with db.transaction(pool) as conn:
        frozen_now = [
            await profiles.freeze_profiles(conn, candidate_id=c) for c in seeded.candidates
        ]
    assert frozen_now == [1] * len(seeded.candidates)
    assert [dict(r) for r in await pool.fetch(view, seeded.event_id)] == live_rows
    assert await event_figures(pool, seeded.event_id, by) == live
    # The private data gone (as erasure and retention do), the figures stay.
    await pool.execute(
        "delete from candidate_private where candidate_id = any($1::uuid[])", seeded.candidates
    )
    assert await event_figures(pool, seeded.event_id, by) == live
    # Freezing again writes nothing over what was frozen.
    async with db.transaction(pool) as conn:
        assert await profiles.freeze_profiles(conn, candidate_id=seeded.candidates[0]) == 0
    assert await event_figures(pool, seeded.event_id, by) == live


async def test_who_may_see_an_events_statistics(
    pool: Any, settings: Settings, client: AsyncClient
) -> None:
    staff = await make_staff(pool, settings, client)
    other = await make_staff(pool, settings, client)
    admin = await make_admin(pool, settings, client)
    event = await make_event(client, staff.organiser, status="completed")
    path = f"/api/v1/events/{event['id']}/statistics"
    assert (await client.get(path, headers=staff.organiser)).status_code == 200
    assert (await client.get(path, headers=admin)).status_code == 200
    refused = await client.get(path, headers=staff.coach)
    assert refused.status_code == 403, refused.text
    assert (await client.get(path, headers=other.organiser)).status_code == 404
    assert (await client.get(path)).status_code == 401
    body = (await client.get(path, headers=staff.organiser)).json()
    assert body["event"]["id"] == event["id"]
    assert body["figures"]["participants"] == {"count": None, "suppressed": True}


@pytest.mark.parametrize("empty", [True, False])
async def test_a_programmes_figures_are_the_sums_of_its_events(
    pool: Any, settings: Settings, client: AsyncClient, empty: bool
) -> None:
    staff = await make_staff(pool, settings, client)
    response = await client.post(
        "/api/v1/programmes",
        headers=staff.organiser,
        json={"name": "Du stade vers l'emploi — 2027", "funder": "FSE+"},
    )
    assert response.status_code == 201, response.text
    programme_id = response.json()["id"]
    path = f"/api/v1/programmes/{programme_id}/statistics"
    if empty:
        body = (await client.get(path, headers=staff.organiser)).json()
        assert body["events"] == [] and body["figures"]["participants"]["suppressed"]
        return
    first = await seed_event(pool, client, staff)
    second = await seed_event(pool, client, staff)
    for seeded in (first, second):
        put = await client.put(
            f"/api/v1/programmes/{programme_id}/events/{seeded.event_id}", headers=staff.organiser
        )
        assert put.status_code == 200, put.text
    body = (await client.get(path, headers=staff.organiser)).json()
    assert {e["id"] for e in body["events"]} == {str(first.event_id), str(second.event_id)}
    result = msgspec.convert(body["figures"], figures.Figures)
    roles = {r.role: r for r in result.roles}
    assert shown(roles["candidate"].registered) == 30
    assert shown(roles["candidate"].present) == 20
    assert shown(roles["candidate"].absent) == 10
    assert roles["candidate"].no_show_rate.percent == 33.3
    # 10 companies, all present: 0 absent is suppressed, and present with it.
    assert shown(roles["company"].registered) == 10
    assert roles["company"].present.suppressed and roles["company"].absent.suppressed
    shares = by_key(result.shares)
    assert shares["woman"] == (10, 50.0) and shares["refugee"] == (10, 50.0)
    # Each event hides its 2 QPV: two hidden cells, the programme's 4 is small anyway.
    assert shares["qpv"] == ("< 5", None)
    # 12 under 26, 8 not: shown, though each event hid its 6 (two hidden cells in the sum).
    assert shares["under_26"] == (12, 60.0)
    six = {m.month: m for m in result.outcomes}[6]
    assert shown(six.due) == 20 and shown(six.in_work_or_training) == 10
    assert six.rate.percent == 50.0
    assert shown(six.answered) == 14
    kinds = by_key(six.by_kind)
    assert kinds["permanent"] == (6, 30.0)
    # 4 trainings: small; and with it the smallest other kind of work (0, which is small too).
    assert kinds["training"] == ("< 5", None)


async def test_programmes_belong_to_the_organisers_of_their_organisation(
    pool: Any, settings: Settings, client: AsyncClient
) -> None:
    staff = await make_staff(pool, settings, client)
    other = await make_staff(pool, settings, client)
    made = await client.post(
        "/api/v1/programmes", headers=staff.organiser, json={"name": "Île-de-France 2027"}
    )
    programme_id = made.json()["id"]
    path = f"/api/v1/programmes/{programme_id}"
    assert (await client.get(path, headers=staff.coach)).status_code == 403
    assert (await client.get(path, headers=other.organiser)).status_code == 404
    assert (await client.get(f"{path}/statistics", headers=staff.coach)).status_code == 403
    assert (await client.get(f"{path}/statistics", headers=other.organiser)).status_code == 404
    coach_made = await client.post(
        "/api/v1/programmes", headers=staff.coach, json={"name": "Autre"}
    )
    assert coach_made.status_code == 403
    # Another organisation's event cannot join it.
    foreign = await make_event(client, other.organiser)
    put = await client.put(f"{path}/events/{foreign['id']}", headers=staff.organiser)
    assert put.status_code == 404
    # The same name twice in one organisation, whatever the case: refused.
    again = await client.post(
        "/api/v1/programmes", headers=staff.organiser, json={"name": "île-de-france 2027"}
    )
    assert again.status_code == 409
    changed = await client.patch(
        path, headers=staff.organiser, json={"funder": "Département", "ends_on": "2027-12-31"}
    )
    assert changed.status_code == 200 and changed.json()["funder"] == "Département"
    wrong = await client.patch(path, headers=staff.organiser, json={"starts_on": "2028-01-01"})
    assert wrong.status_code == 400
    listed = await client.get("/api/v1/programmes", headers=staff.organiser)
    assert [p["id"] for p in listed.json()["items"]] == [programme_id]
    event = await make_event(client, staff.organiser)
    await client.put(f"{path}/events/{event['id']}", headers=staff.organiser)
    assert (await client.delete(path, headers=staff.organiser)).status_code == 204
    assert (await client.get(path, headers=staff.organiser)).status_code == 404
    stored = await pool.fetchval("select programme_id from events where id = $1", UUID(event["id"]))
    assert stored is None

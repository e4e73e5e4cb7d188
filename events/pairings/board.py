"""The rules of a food festival's pairings: the one place they live (the API and the back office
call these functions).

- Who: admins and the organisers of the event's organisation (``access.to_change``): another
  organisation's draft does not exist for them, a coach or a recruiter is forbidden.
- What: only a food festival has pairings (``not_a_food_festival``); a cancelled one no longer
  changes them (``pairings_closed``). A cook is a candidate whose place there is confirmed, a
  restaurant a company whose place is confirmed.
- A cook is in one pairing per festival: the database's key ``pairings_cook_key``.
- A restaurant never has more cooks than it takes: its ``pairing_restaurants`` row is locked
  before its pairings are counted, in every transaction that adds a cook to it or lowers its
  places; several restaurants are locked in the order of their ids.
- Days: service days fall within the festival, preparation days within the 60 days before it
  or during it (in the event's time zone).
- What came of a pairing: a hire or a training is also recorded as the person's outcome
  (``events.outcomes.records``, the one owner of outcomes), with the restaurant as its company;
  a referral or nothing stays on the pairing (a prior outcome it had recorded is removed).
- Every change leaves an audit row, on the cook's behalf where it is about them.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any, Final
from uuid import UUID
from zoneinfo import ZoneInfo

import msgspec

from events import audit, db
from events.actors import Actor
from events.catalog import access
from events.catalog.inputs import Kind, Status
from events.errors import (
    CookAlreadyPaired,
    CookNotConfirmed,
    InvalidInput,
    NotAFoodFestival,
    PairingNotFound,
    PairingsClosed,
    RestaurantFull,
    RestaurantNotConfirmed,
    SeatsBelowPairings,
    UnknownCompany,
)
from events.outcomes import records
from events.pairings import scoring
from events.pairings.structs import (
    Board,
    Cook,
    CookIn,
    Pairing,
    PairingIn,
    PairingPatch,
    PairingsIn,
    Restaurant,
    RestaurantIn,
    ResultIn,
    Sent,
    Suggestion,
)

PREPARATION_AHEAD: Final = timedelta(days=60)


class _Event(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    organisation_id: UUID
    kind: Kind
    status: Status
    title: str
    starts_at: datetime
    ends_at: datetime
    timezone: str

    def days(self) -> tuple[date, date]:
        zone = ZoneInfo(self.timezone)
        return self.starts_at.astimezone(zone).date(), self.ends_at.astimezone(zone).date()


class _Held(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    event_id: UUID
    candidate_id: UUID
    company_id: UUID
    preparation_days: list[date]
    service_days: list[date]
    result: str | None
    result_on: date | None
    referral_company_id: UUID | None
    outcome_id: UUID | None
    note: str | None


# --- who may, which event ----------------------------------------------------------------------


async def festival(conn: db.Conn, *, event_id: UUID, by: Actor, changing: bool) -> _Event:
    """The food festival, for those who organise it; ``changing``: not once cancelled."""
    event = access.to_change(
        by, await db.fetch_one(conn, "get_pairing_event", _Event, event_id=event_id)
    )
    if event.kind != "food_festival":
        raise NotAFoodFestival
    if changing and event.status == "cancelled":
        raise PairingsClosed(status=event.status, extra={"status": event.status})
    return event


async def _held(conn: db.Conn, *, pairing_id: UUID, by: Actor, changing: bool) -> _Held:
    """The pairing, locked, for those who organise its festival; to others it does not exist."""
    held = await db.fetch_one(conn, "lock_pairing", _Held, id=pairing_id)
    if held is None:
        raise PairingNotFound
    event = await db.fetch_one(conn, "get_pairing_event", _Event, event_id=held.event_id)
    if event is None or not access.may_change(by, event):
        raise PairingNotFound
    if changing and event.status == "cancelled":
        raise PairingsClosed(status=event.status, extra={"status": event.status})
    return held


# --- checks ------------------------------------------------------------------------------------


def _check_days(event: _Event, preparation: list[date], service: list[date]) -> None:
    first, last = event.days()
    if any(day < first or day > last for day in service):
        raise InvalidInput(
            field="service_days",
            reason_fr="Les jours de service sont pendant le festival.",
            reason_en="Service days fall within the festival.",
        )
    if any(day < first - PREPARATION_AHEAD or day > last for day in preparation):
        raise InvalidInput(
            field="preparation_days",
            reason_fr="Les jours de préparation sont pendant le festival ou dans les 60 jours "
            "avant.",
            reason_en="Preparation days fall within the festival or the 60 days before it.",
        )


async def _check_cook(conn: db.Conn, event_id: UUID, candidate_id: UUID) -> None:
    if not await db.fetch_value(
        conn, "check_pairing_party", event_id=event_id, candidate_id=candidate_id, company_id=None
    ):
        raise CookNotConfirmed(extra={"candidate_id": str(candidate_id)})


async def _check_restaurant(conn: db.Conn, event_id: UUID, company_id: UUID) -> None:
    if not await db.fetch_value(
        conn, "check_pairing_party", event_id=event_id, candidate_id=None, company_id=company_id
    ):
        raise RestaurantNotConfirmed(extra={"company_id": str(company_id)})


async def _lock_restaurant(
    conn: db.Conn, event_id: UUID, company_id: UUID, now: datetime
) -> tuple[int, int]:
    """The restaurant's places and cooks, its row held until the transaction ends."""
    await db.execute(
        conn, "insert_pairing_restaurant", event_id=event_id, company_id=company_id, now=now
    )
    seats: int = await db.fetch_value(
        conn, "lock_pairing_restaurant", event_id=event_id, company_id=company_id
    )
    taken: int = await db.fetch_value(
        conn, "count_restaurant_pairings", event_id=event_id, company_id=company_id
    )
    return seats, taken


def _days(days: list[date]) -> list[date]:
    return sorted(set(days))


# --- the sides ---------------------------------------------------------------------------------


async def set_cook(
    conn: db.Conn, *, event_id: UUID, candidate_id: UUID, side: CookIn, by: Actor, now: datetime
) -> Cook:
    """State a cook's cuisines, wishes and areas."""
    await festival(conn, event_id=event_id, by=by, changing=True)
    await _check_cook(conn, event_id, candidate_id)
    areas = sorted({a.strip().upper() for a in side.areas})
    await db.execute(
        conn,
        "upsert_pairing_cook",
        event_id=event_id,
        candidate_id=candidate_id,
        cuisines=_words(side.cuisines),
        wishes=_words(side.wishes),
        areas=areas,
        by=by.id,
        now=now,
    )
    await audit.record(
        conn,
        by=by,
        action="pairing.cook_set",
        subject_type="event",
        subject_id=event_id,
        on_behalf_of=candidate_id,
        data={"cuisines": _words(side.cuisines), "areas": areas, "wishes": len(side.wishes)},
    )
    cooks = await db.fetch_all(conn, "list_pairing_cooks", Cook, event_id=event_id)
    return next(c for c in cooks if c.candidate_id == candidate_id)


async def set_restaurant(
    conn: db.Conn,
    *,
    event_id: UUID,
    company_id: UUID,
    side: RestaurantIn,
    by: Actor,
    now: datetime,
) -> Restaurant:
    """State a restaurant's cuisines, places and address; never fewer places than its cooks."""
    await festival(conn, event_id=event_id, by=by, changing=True)
    await _check_restaurant(conn, event_id, company_id)
    _, taken = await _lock_restaurant(conn, event_id, company_id, now)
    if side.seats < taken:
        raise SeatsBelowPairings(taken=taken, extra={"taken": taken})
    address = (side.address or "").strip() or None
    await db.execute(
        conn,
        "update_pairing_restaurant",
        event_id=event_id,
        company_id=company_id,
        cuisines=_words(side.cuisines),
        seats=side.seats,
        address=address,
        by=by.id,
        now=now,
    )
    await audit.record(
        conn,
        by=by,
        action="pairing.restaurant_set",
        subject_type="event",
        subject_id=event_id,
        data={
            "company_id": str(company_id),
            "cuisines": _words(side.cuisines),
            "seats": side.seats,
            "address": address,
        },
    )
    restaurants = await db.fetch_all(
        conn, "list_pairing_restaurants", Restaurant, event_id=event_id
    )
    return next(r for r in restaurants if r.company_id == company_id)


def _words(words: list[str]) -> list[str]:
    """Each once (whatever its case and accents), trimmed, in the order given."""
    seen: dict[str, str] = {}
    for word in words:
        seen.setdefault(scoring.plain(word), " ".join(word.split()))
    return [w for key, w in seen.items() if key]


# --- reading -----------------------------------------------------------------------------------


def _sides(
    cooks: list[Cook], restaurants: list[Restaurant]
) -> tuple[dict[UUID, scoring.CookSide], dict[UUID, scoring.RestaurantSide]]:
    return (
        {
            c.candidate_id: scoring.CookSide(
                candidate_id=c.candidate_id,
                postcode=c.postcode,
                cuisines=c.cuisines,
                wishes=c.wishes,
                areas=c.areas,
            )
            for c in cooks
        },
        {
            r.company_id: scoring.RestaurantSide(
                company_id=r.company_id,
                name=r.name,
                city=r.city,
                postcode=r.postcode,
                cuisines=r.cuisines,
                free=max(r.seats - r.taken, 0),
            )
            for r in restaurants
        },
    )


async def board(conn: db.Conn, *, event_id: UUID, by: Actor) -> Board:
    """Both sides, the pairings, and the best assignment of the cooks not paired yet to the
    places still free (``scoring.suggest``)."""
    await festival(conn, event_id=event_id, by=by, changing=False)
    cooks = await db.fetch_all(conn, "list_pairing_cooks", Cook, event_id=event_id)
    restaurants = await db.fetch_all(
        conn, "list_pairing_restaurants", Restaurant, event_id=event_id
    )
    pairings = await db.fetch_all(conn, "list_pairings", Pairing, event_id=event_id)
    paired = {p.candidate_id for p in pairings}
    cook_sides, restaurant_sides = _sides(cooks, restaurants)
    suggested = scoring.suggest(
        [side for key, side in cook_sides.items() if key not in paired],
        list(restaurant_sides.values()),
    )
    return Board(
        event_id=event_id,
        cooks=cooks,
        restaurants=restaurants,
        pairings=pairings,
        suggestions=[
            Suggestion(
                candidate_id=s.candidate_id,
                company_id=s.company_id,
                score=s.score,
                reasons=s.reasons,
                cuisines=s.cuisines,
                wishes=s.wishes,
            )
            for s in suggested
        ],
        unsent=sum(1 for p in pairings if p.sent_version != p.version),
    )


async def _get(conn: db.Conn, pairing_id: UUID) -> Pairing:
    found = await db.fetch_one(conn, "get_pairing", Pairing, id=pairing_id)
    if found is None:  # pragma: no cover - written or locked in this transaction
        raise PairingNotFound
    return found


# --- pairing -----------------------------------------------------------------------------------


async def _score(conn: db.Conn, event_id: UUID, candidate_id: UUID, company_id: UUID) -> int | None:
    cooks = await db.fetch_all(conn, "list_pairing_cooks", Cook, event_id=event_id)
    restaurants = await db.fetch_all(
        conn, "list_pairing_restaurants", Restaurant, event_id=event_id
    )
    cook_sides, restaurant_sides = _sides(cooks, restaurants)
    cook, restaurant = cook_sides.get(candidate_id), restaurant_sides.get(company_id)
    if cook is None or restaurant is None:  # pragma: no cover - both checked confirmed before
        return None
    scored = scoring.score(cook, restaurant)
    return scored.score if scored else None


async def _pair(conn: db.Conn, event: _Event, pair: PairingIn, by: Actor, now: datetime) -> Pairing:
    await _check_cook(conn, event.id, pair.candidate_id)
    await _check_restaurant(conn, event.id, pair.company_id)
    preparation, service = _days(pair.preparation_days), _days(pair.service_days)
    _check_days(event, preparation, service)
    seats, taken = await _lock_restaurant(conn, event.id, pair.company_id, now)
    if taken >= seats:
        raise RestaurantFull(seats=seats, extra={"seats": seats})
    score = await _score(conn, event.id, pair.candidate_id, pair.company_id)
    pairing_id = await db.fetch_value(
        conn,
        "insert_pairing",
        event_id=event.id,
        candidate_id=pair.candidate_id,
        company_id=pair.company_id,
        preparation_days=preparation,
        service_days=service,
        source=pair.source,
        score=score,
        by=by.id,
        now=now,
    )
    if pairing_id is None:
        raise CookAlreadyPaired(extra={"candidate_id": str(pair.candidate_id)})
    written = await _get(conn, pairing_id)
    await audit.record(
        conn,
        by=by,
        action="pairing.create",
        subject_type="pairing",
        subject_id=pairing_id,
        on_behalf_of=pair.candidate_id,
        data={"event_id": str(event.id), **_facts(written)},
    )
    return written


def _facts(pairing: Pairing | _Held) -> dict[str, Any]:
    return {
        "company_id": str(pairing.company_id),
        "preparation_days": [d.isoformat() for d in pairing.preparation_days],
        "service_days": [d.isoformat() for d in pairing.service_days],
    }


async def pair(
    conn: db.Conn, *, event_id: UUID, pairing: PairingIn, by: Actor, now: datetime
) -> Pairing:
    """Pair a cook with a restaurant (see the module's rules)."""
    event = await festival(conn, event_id=event_id, by=by, changing=True)
    return await _pair(conn, event, pairing, by, now)


async def pair_all(
    conn: db.Conn, *, event_id: UUID, pairings: PairingsIn, by: Actor, now: datetime
) -> list[Pairing]:
    """Several pairings at once, all or none; restaurants locked in the order of their ids."""
    event = await festival(conn, event_id=event_id, by=by, changing=True)
    ordered = sorted(pairings.pairs, key=lambda p: (p.company_id, p.candidate_id))
    return [await _pair(conn, event, p, by, now) for p in ordered]


async def change(
    conn: db.Conn, *, pairing_id: UUID, patch: PairingPatch, by: Actor, now: datetime
) -> Pairing:
    """Another restaurant or other days: a new version of the pairing, to be sent again."""
    held = await _held(conn, pairing_id=pairing_id, by=by, changing=True)
    event = await festival(conn, event_id=held.event_id, by=by, changing=True)
    company_id = (
        held.company_id if isinstance(patch.company_id, msgspec.UnsetType) else patch.company_id
    )
    preparation = _days(
        held.preparation_days
        if isinstance(patch.preparation_days, msgspec.UnsetType)
        else patch.preparation_days
    )
    service = _days(
        held.service_days
        if isinstance(patch.service_days, msgspec.UnsetType)
        else patch.service_days
    )
    _check_days(event, preparation, service)
    if company_id != held.company_id:
        await _check_restaurant(conn, event.id, company_id)
        seats, taken = await _lock_restaurant(conn, event.id, company_id, now)
        if taken >= seats:
            raise RestaurantFull(seats=seats, extra={"seats": seats})
    if (company_id, preparation, service) == (
        held.company_id,
        held.preparation_days,
        held.service_days,
    ):
        return await _get(conn, pairing_id)
    await db.execute(
        conn,
        "update_pairing",
        id=pairing_id,
        company_id=company_id,
        preparation_days=preparation,
        service_days=service,
        score=await _score(conn, event.id, held.candidate_id, company_id),
        by=by.id,
        now=now,
    )
    if company_id != held.company_id and held.outcome_id is not None:
        # The hire or training it recorded was with the restaurant: it follows the cook.
        await records.correct(
            conn,
            outcome_id=held.outcome_id,
            change=records.OutcomePatch(company_id=company_id),
            by=by,
            now=now,
        )
    written = await _get(conn, pairing_id)
    await audit.record(
        conn,
        by=by,
        action="pairing.change",
        subject_type="pairing",
        subject_id=pairing_id,
        on_behalf_of=held.candidate_id,
        data={"event_id": str(event.id), **_facts(written), "replaced": _facts(held)},
    )
    return written


async def unpair(conn: db.Conn, *, pairing_id: UUID, by: Actor) -> UUID:
    """Undo a pairing; an outcome it recorded stays the person's. Returns its event."""
    held = await _held(conn, pairing_id=pairing_id, by=by, changing=True)
    await db.execute(conn, "delete_pairing", id=pairing_id)
    await audit.record(
        conn,
        by=by,
        action="pairing.delete",
        subject_type="pairing",
        subject_id=pairing_id,
        on_behalf_of=held.candidate_id,
        data={"event_id": str(held.event_id), **_facts(held), "result": held.result},
    )
    return held.event_id


async def record_result(
    conn: db.Conn, *, pairing_id: UUID, result: ResultIn, by: Actor, now: datetime
) -> Pairing:
    """What came of a pairing (see the module's rules on outcomes)."""
    held = await _held(conn, pairing_id=pairing_id, by=by, changing=False)
    if result.referral_company_id is not None and not await db.fetch_value(
        conn, "check_company_exists", id=result.referral_company_id
    ):
        raise UnknownCompany(extra={"company_id": str(result.referral_company_id)})
    note = (result.note or "").strip() or None
    kind: records.Kind | None = None
    if result.result == "hired":
        kind = result.contract
    elif result.result == "training":
        kind = "training"
    outcome_id = held.outcome_id
    if kind is not None and result.happened_on is not None:
        if outcome_id is None:
            outcome = await records.record(
                conn,
                event_id=held.event_id,
                outcome=records.OutcomeIn(
                    candidate_id=held.candidate_id,
                    kind=kind,
                    happened_on=result.happened_on,
                    company_id=held.company_id,
                    note=note,
                ),
                by=by,
                now=now,
            )
        else:
            outcome = await records.correct(
                conn,
                outcome_id=outcome_id,
                change=records.OutcomePatch(
                    kind=kind,
                    happened_on=result.happened_on,
                    company_id=held.company_id,
                    note=note,
                ),
                by=by,
                now=now,
            )
        outcome_id = outcome.id
    elif outcome_id is not None:
        await records.delete(conn, outcome_id=outcome_id, by=by)
        outcome_id = None
    await db.execute(
        conn,
        "update_pairing_result",
        id=pairing_id,
        result=result.result,
        result_on=result.happened_on if result.result else None,
        referral_company_id=result.referral_company_id,
        outcome_id=outcome_id,
        note=note,
        by=by.id,
        now=now,
    )
    await audit.record(
        conn,
        by=by,
        action="pairing.result",
        subject_type="pairing",
        subject_id=pairing_id,
        on_behalf_of=held.candidate_id,
        data={
            "event_id": str(held.event_id),
            "result": result.result,
            "happened_on": result.happened_on.isoformat() if result.happened_on else None,
            "referral_company_id": str(result.referral_company_id)
            if result.referral_company_id
            else None,
            "outcome_id": str(outcome_id) if outcome_id else None,
            "replaced": {"result": held.result, "note": held.note},
        },
    )
    return await _get(conn, pairing_id)


async def send(conn: db.Conn, *, event_id: UUID, by: Actor, now: datetime) -> Sent:
    """Send the schedules of the pairings not sent as they are now: each cook (mail and text
    message) and each of their restaurants (mail); the pages show them from then on."""
    await festival(conn, event_id=event_id, by=by, changing=True)
    messages: int = await db.fetch_value(conn, "enqueue_pairing_schedules", event_id=event_id)
    marked: int = await db.fetch_value(conn, "mark_pairings_sent", event_id=event_id, now=now)
    await audit.record(
        conn,
        by=by,
        action="pairing.send",
        subject_type="event",
        subject_id=event_id,
        data={"pairings": marked, "messages": messages},
    )
    return Sent(pairings=marked, messages=messages)

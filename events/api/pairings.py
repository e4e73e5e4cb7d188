"""Food festival pairings (``events.pairings``): each side's frame, the board with its
suggestions, pairing by hand or by accepting suggestions, changes, what came of a pairing, and
sending the schedules."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, delete, get, patch, post, put
from litestar.params import FromPath, JSONBody

from events.api.contract import BEARER, JSON_BODY, LOGGED_IN, PARAMETERS, refusals
from events.api.deps import Ctx
from events.errors import (
    CandidateNotRegistered,
    CookAlreadyPaired,
    CookNotConfirmed,
    EventNotFound,
    Forbidden,
    NotAFoodFestival,
    OutcomeNotFound,
    OutcomesClosed,
    PairingNotFound,
    PairingsClosed,
    RestaurantFull,
    RestaurantNotConfirmed,
    SeatsBelowPairings,
    UnknownCompany,
)
from events.pairings import board
from events.pairings.structs import (
    Board,
    Cook,
    CookIn,
    Pairing,
    PairingIn,
    PairingList,
    PairingPatch,
    PairingsIn,
    Restaurant,
    RestaurantIn,
    ResultIn,
    Sent,
)

_WHO = (
    "For admins and the organisers of the event's organisation (others: 403, or 404 for an "
    "event they may not see); the event must be a food festival (409 `not_a_food_festival`)."
)
_PAIRING = (
    "A cook (a candidate whose place is confirmed) is in one pairing per festival "
    "(`cook_already_paired`); a restaurant (a company whose place is confirmed) never has more "
    "cooks than its `seats` (`restaurant_full`), whatever the concurrency. Service days fall "
    "within the festival, preparation days within it or the 60 days before (in its time zone)."
)
_CHANGE = (*LOGGED_IN, *JSON_BODY, Forbidden, EventNotFound, NotAFoodFestival, PairingsClosed)


class PairingsController(Controller):
    tags = ("pairings",)

    @get(
        "/api/v1/events/{event_id:uuid}/pairings",
        security=BEARER,
        summary="A food festival's pairings, both sides and the suggestions",
        description=f"{_WHO} The cooks (confirmed candidates) with their cuisines, wishes and "
        "areas; the restaurants (confirmed companies) with their cuisines, places (`seats`), "
        "address and cooks (`taken`); the pairings; and the suggested pairings of the cooks not "
        "paired yet: the assignment pairing the most cooks to the places still free and, among "
        "those, with the greatest total score (a shared cuisine 100, the same postcode 40 or "
        "department 25 as the cook's areas or home, 30 per wish the restaurant answers, at most "
        "two; a restaurant outside the areas a cook named is never suggested). `unsent`: "
        "pairings whose schedule was not sent as they are now.",
        responses=refusals(*LOGGED_IN, *PARAMETERS, Forbidden, EventNotFound, NotAFoodFestival),
    )
    async def show_board(self, ctx: Ctx, event_id: FromPath[UUID]) -> Board:
        return await board.board(ctx.conn, event_id=event_id, by=ctx.actor)

    @put(
        "/api/v1/events/{event_id:uuid}/pairing-cooks/{candidate_id:uuid}",
        security=BEARER,
        summary="State a cook's cuisines, wishes and where they can go",
        description=f"{_WHO} `areas`: departments (93, 2A, 974) or postcodes (75011), or "
        "their start; empty: anywhere, nearer home preferred. Wishes are the cook's own words "
        "(a restaurant, a town, a cuisine); organisers see them, restaurants never do.",
        responses=refusals(*_CHANGE, CookNotConfirmed),
    )
    async def set_cook(
        self,
        ctx: Ctx,
        event_id: FromPath[UUID],
        candidate_id: FromPath[UUID],
        data: JSONBody[CookIn],
    ) -> Cook:
        return await board.set_cook(
            ctx.conn,
            event_id=event_id,
            candidate_id=candidate_id,
            side=data,
            by=ctx.actor,
            now=ctx.now,
        )

    @put(
        "/api/v1/events/{event_id:uuid}/pairing-restaurants/{company_id:uuid}",
        security=BEARER,
        summary="State a restaurant's cuisines, places and address",
        description=f"{_WHO} `seats` (1 to 20, default 1): how many cooks it takes, never fewer "
        "than it has (`seats_below_pairings`). `address`: the street where cooks go (their "
        "schedule gives it with the company's postcode and town).",
        responses=refusals(*_CHANGE, RestaurantNotConfirmed, SeatsBelowPairings),
    )
    async def set_restaurant(
        self,
        ctx: Ctx,
        event_id: FromPath[UUID],
        company_id: FromPath[UUID],
        data: JSONBody[RestaurantIn],
    ) -> Restaurant:
        return await board.set_restaurant(
            ctx.conn,
            event_id=event_id,
            company_id=company_id,
            side=data,
            by=ctx.actor,
            now=ctx.now,
        )

    @post(
        "/api/v1/events/{event_id:uuid}/pairings",
        security=BEARER,
        summary="Pair a cook with a restaurant",
        description=f"{_WHO} {_PAIRING} `source`: `suggested` when accepting a suggestion, "
        "`by_hand` otherwise.",
        status_code=201,
        responses=refusals(
            *_CHANGE, CookNotConfirmed, RestaurantNotConfirmed, CookAlreadyPaired, RestaurantFull
        ),
    )
    async def pair(self, ctx: Ctx, event_id: FromPath[UUID], data: JSONBody[PairingIn]) -> Pairing:
        return await board.pair(
            ctx.conn, event_id=event_id, pairing=data, by=ctx.actor, now=ctx.now
        )

    @post(
        "/api/v1/events/{event_id:uuid}/pairings/batch",
        security=BEARER,
        summary="Pair several cooks at once (accept the suggestions)",
        description=f"{_WHO} {_PAIRING} All the pairs, or none (the first refusal is "
        "answered). Answers the pairings made, as a list (`items`).",
        status_code=201,
        responses=refusals(
            *_CHANGE, CookNotConfirmed, RestaurantNotConfirmed, CookAlreadyPaired, RestaurantFull
        ),
    )
    async def pair_all(
        self, ctx: Ctx, event_id: FromPath[UUID], data: JSONBody[PairingsIn]
    ) -> PairingList:
        made = await board.pair_all(
            ctx.conn, event_id=event_id, pairings=data, by=ctx.actor, now=ctx.now
        )
        return PairingList(items=made)

    @patch(
        "/api/v1/pairings/{pairing_id:uuid}",
        security=BEARER,
        summary="Change a pairing's restaurant or days",
        description="For admins and the organisers of its festival (to others it does not "
        "exist). A key left out keeps its value; a change makes a new version of the pairing, "
        "whose schedule is sent again by the next send.",
        responses=refusals(
            *LOGGED_IN,
            *JSON_BODY,
            PairingNotFound,
            PairingsClosed,
            RestaurantNotConfirmed,
            RestaurantFull,
        ),
    )
    async def change(
        self, ctx: Ctx, pairing_id: FromPath[UUID], data: JSONBody[PairingPatch]
    ) -> Pairing:
        return await board.change(
            ctx.conn, pairing_id=pairing_id, patch=data, by=ctx.actor, now=ctx.now
        )

    @delete(
        "/api/v1/pairings/{pairing_id:uuid}",
        security=BEARER,
        summary="Undo a pairing",
        description="For admins and the organisers of its festival. An outcome its result "
        "recorded stays the person's; the audit keeps the pairing.",
        responses=refusals(*LOGGED_IN, *PARAMETERS, PairingNotFound, PairingsClosed),
    )
    async def unpair(self, ctx: Ctx, pairing_id: FromPath[UUID]) -> None:
        await board.unpair(ctx.conn, pairing_id=pairing_id, by=ctx.actor)

    @put(
        "/api/v1/pairings/{pairing_id:uuid}/result",
        security=BEARER,
        summary="Record what came of a pairing",
        description="For admins and the organisers of its festival. `result`: `hired` (with "
        "its `contract`), `training`, `referral` (to another establishment, "
        "`referral_company_id`) or `nothing`; `null` clears it. A hire or a training is also "
        "recorded as the person's outcome (see `/api/v1/events/{id}/outcomes`) with the "
        "restaurant as its company (`outcome_id`), corrected or removed when the result "
        "changes; the event must then be published or completed (`outcomes_closed`).",
        responses=refusals(
            *LOGGED_IN,
            *JSON_BODY,
            PairingNotFound,
            UnknownCompany,
            OutcomesClosed,
            OutcomeNotFound,
            CandidateNotRegistered,
        ),
    )
    async def record_result(
        self, ctx: Ctx, pairing_id: FromPath[UUID], data: JSONBody[ResultIn]
    ) -> Pairing:
        return await board.record_result(
            ctx.conn, pairing_id=pairing_id, result=data, by=ctx.actor, now=ctx.now
        )

    @post(
        "/api/v1/events/{event_id:uuid}/pairings/send",
        security=BEARER,
        summary="Send the pairings' schedules",
        description=f"{_WHO} For each pairing not sent as it is now: the cook gets their "
        "restaurant, its address and their days by mail and text message (those they can be "
        "reached by), the restaurant's contact a mail with its cooks (first name and initial, "
        "cuisines, days); the ticket page and the recruiter's event page show them from then "
        "on. Sending again writes nothing for what did not change. Answers how many pairings "
        "were marked sent and how many messages were written.",
        status_code=200,
        responses=refusals(
            *LOGGED_IN, *PARAMETERS, Forbidden, EventNotFound, NotAFoodFestival, PairingsClosed
        ),
    )
    async def send(self, ctx: Ctx, event_id: FromPath[UUID]) -> Sent:
        return await board.send(ctx.conn, event_id=event_id, by=ctx.actor, now=ctx.now)

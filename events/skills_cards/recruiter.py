"""What recruiters see of candidates, and the record of every look.

A recruiter sees a candidate only while (1) the candidate consents to recruiters, (2) their
card has been reviewed, and (3) the recruiter's company holds a live registration to a published
or completed event the candidate is registered to. They then see the first name, the initial
of the last name, city and postcode, and the last reviewed card; the full last name, e-mail and
phone only if the candidate agreed to be contacted. Never the social situation: no query here
reads it. The rule and what it shows are written once, in SQL: ``recruiter_visible_candidates``
(migration 0011), which every recruiter query reads.

On the card, a recruiter sees named only the events of (3) (``card_for_company``): the title of
another event the candidate was observed at can tell what the company must not know.

Every candidate shown (in a list, a search or alone) writes an audit row ``recruiter.view_card``,
which those who follow the candidate can list.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec

from events import audit, db, pagination
from events.actors import Actor
from events.directory import accounts
from events.directory.accounts import Bearer
from events.errors import (
    CandidateNotFound,
    EventNotFound,
    Forbidden,
    InvalidCursor,
    NotAuthenticated,
    UnknownSkill,
)
from events.skills_cards import access
from events.skills_cards.card import SkillLine, SkillsCard, recruiter_may_see

Via = Literal["list_events", "search", "card", "cv"]
PostcodePrefix = Annotated[str, msgspec.Meta(pattern=r"^(?:[0-9]{1,5}|2[AB][0-9]{0,3})$")]


class CardForRecruiter(msgspec.Struct, frozen=True, kw_only=True):
    """The last reviewed card, without who reviewed it."""

    version: int
    updated_at: datetime
    reviewed_at: datetime | None
    skills: list[SkillLine]


class Contact(msgspec.Struct, frozen=True, kw_only=True):
    email: str | None
    phone: str | None


class CandidateForRecruiter(msgspec.Struct, frozen=True, kw_only=True):
    """``last_name`` is the initial ("N.") unless the candidate agreed to be contacted;
    ``contact`` is null unless they did."""

    id: UUID
    first_name: str
    last_name: str
    city: str | None
    postcode: str | None
    contact: Contact | None
    skills_card: CardForRecruiter


class SearchHit(CandidateForRecruiter, frozen=True, kw_only=True):
    """``evidence``: observations x distinct observers, summed over the matching skills;
    ``level``: the best level among them."""

    evidence: int
    level: int


class CandidatePage(msgspec.Struct, frozen=True, kw_only=True):
    items: list[CandidateForRecruiter]
    next_cursor: str | None


class SearchPage(msgspec.Struct, frozen=True, kw_only=True):
    items: list[SearchHit]
    next_cursor: str | None


class CardView(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    at: datetime
    recruiter_id: UUID | None
    recruiter_name: str | None
    company_id: UUID | None
    company_name: str | None
    via: str | None
    event_id: UUID | None
    version: int | None


class CardViewPage(msgspec.Struct, frozen=True, kw_only=True):
    items: list[CardView]
    next_cursor: str | None


class _Row(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    first_name: str
    last_name: str
    city: str | None
    postcode: str | None
    contact: bool
    email: str | None
    phone: str | None
    card: SkillsCard
    # The events the company attends with the candidate: the only ones named to its recruiters.
    shared_events: list[UUID]


class _SearchRow(_Row, frozen=True, kw_only=True):
    evidence: int
    level: int


def card_for_company(card: SkillsCard, *, shared_events: Collection[UUID]) -> SkillsCard:
    """The reviewed card as a company's recruiters may read it: each skill names only the events
    the company attends with the candidate (``shared_events``), never another one, whose title
    can tell what the company must not know (a refugee food festival, seen by a bakery).
    Levels, counts, activities and notes stay as reviewed."""
    shared = set(shared_events)
    return msgspec.structs.replace(
        card,
        skills=[
            msgspec.structs.replace(line, events=[e for e in line.events if e.id in shared])
            for line in card.skills
        ],
    )


def for_recruiter(card: SkillsCard) -> CardForRecruiter:
    """A reviewed card as recruiters see it, once ``card_for_company`` kept only the events
    they may see named."""
    return CardForRecruiter(
        version=card.version,
        updated_at=card.updated_at,
        reviewed_at=card.review.at,
        skills=card.skills,
    )


def _candidate(row: _Row) -> CandidateForRecruiter:
    return CandidateForRecruiter(
        id=row.id,
        first_name=row.first_name,
        last_name=row.last_name,
        city=row.city,
        postcode=row.postcode,
        contact=Contact(email=row.email, phone=row.phone) if row.contact else None,
        skills_card=for_recruiter(card_for_company(row.card, shared_events=row.shared_events)),
    )


def _require_recruiter(by: Actor) -> UUID:
    if by.role != "recruiter" or by.company_id is None:
        raise Forbidden
    return by.company_id


async def record_views(
    conn: db.Conn,
    *,
    by: Actor,
    seen: list[tuple[UUID, int]],
    via: Via,
    event_id: UUID | None = None,
) -> None:
    """One ``recruiter.view_card`` audit row per (candidate, card version) shown to ``by``, all
    written at once."""
    await audit.record_each(
        conn,
        by=by,
        action="recruiter.view_card",
        subject_type="candidate",
        subjects=[
            (
                candidate_id,
                {
                    "via": via,
                    "company_id": str(by.company_id) if by.company_id else None,
                    "event_id": str(event_id) if event_id else None,
                    "version": version,
                },
            )
            for candidate_id, version in seen
        ],
    )


async def event_candidates(
    conn: db.Conn, *, event_id: UUID, by: Actor, limit: int, cursor: str | None
) -> CandidatePage:
    """An event's consenting candidates with a reviewed card, for recruiters of a company
    registered to it; to other recruiters the event does not exist. At an anonymous session,
    only those whose interest with the company is mutual (``events.bibs``): the others are
    bibs there (``events.bibs.interests.for_recruiter``)."""
    company_id = _require_recruiter(by)
    if not await db.fetch_value(
        conn, "check_recruiter_company_attends", event_id=event_id, company_id=company_id
    ):
        raise EventNotFound
    after = pagination.decode_cursor(cursor, tuple[UUID])
    rows = await db.fetch_all(
        conn,
        "list_event_candidates_for_recruiter",
        _Row,
        company_id=company_id,
        event_id=event_id,
        after_id=after[0] if after else None,
        limit=limit + 1,
    )
    shown, next_cursor = pagination.split_page(rows, limit, lambda r: [str(r.id)])
    await record_views(
        conn,
        by=by,
        seen=[(r.id, r.card.version) for r in shown],
        via="list_events",
        event_id=event_id,
    )
    return CandidatePage(items=[_candidate(r) for r in shown], next_cursor=next_cursor)


class _Found(msgspec.Struct, frozen=True, kw_only=True):
    """A row of ``search_cards_for_recruiter``: the first says whether the session stands and
    the skill is known; each hit comes as ``item``, the JSON of its ``SearchHit`` written by
    PostgreSQL, or, when its card names an event the company does not attend, as
    ``to_filter`` (a ``_SearchRow``) for ``card_for_company``."""

    session_ok: bool
    skill_known: bool
    id: UUID | None
    version: int | None
    evidence: int | None
    level: int | None
    item: str | None
    to_filter: str | None


def _filtered(row: _Found) -> SearchHit:
    found = msgspec.json.decode(row.to_filter or "", type=_SearchRow)
    return SearchHit(
        **msgspec.structs.asdict(_candidate(found)), evidence=found.evidence, level=found.level
    )


async def _search(
    conn: db.Conn,
    *,
    by: Actor,
    skill: str | None,
    min_level: int | None,
    sector: str | None,
    postcode: str | None,
    limit: int,
    cursor: str | None,
    session_id: UUID | None = None,
    now: datetime | None = None,
) -> tuple[list[_Found], str | None]:
    """The page's hits, whose views the same statement records (its ``viewed`` rows, as
    ``record_views`` writes them); ``session_id`` when the search runs alone and checks the
    session itself."""
    company_id = _require_recruiter(by)
    after = pagination.decode_cursor(cursor, tuple[pagination.Int4, pagination.Int4, UUID])
    rows = await db.fetch_all(
        conn,
        "search_cards_for_recruiter",
        _Found,
        session_id=session_id,
        actor_id=by.id,
        now=now,
        company_id=company_id,
        skill=skill,
        min_level=min_level,
        sector=sector,
        postcode=postcode,
        after_evidence=after[0] if after else None,
        after_level=after[1] if after else None,
        after_id=after[2] if after else None,
        limit=limit + 1,
    )
    if not rows[0].session_ok:
        raise NotAuthenticated
    if not rows[0].skill_known:
        raise UnknownSkill(extra={"skills": [skill]})
    hits = [row for row in rows if row.id is not None]
    shown, next_cursor = pagination.split_page(
        hits, limit, lambda r: [r.evidence, r.level, str(r.id)]
    )
    return shown, next_cursor


async def search(
    conn: db.Conn,
    *,
    by: Actor,
    skill: str | None,
    min_level: int | None,
    sector: str | None,
    postcode: str | None,
    limit: int,
    cursor: str | None,
) -> SearchPage:
    """Candidates a recruiter may see (see the module), filtered by skill and minimum level on
    the reviewed card, by a sector of the events they attended and by postcode prefix; best
    evidence first, then best level. In the caller's transaction, which checked the session."""
    shown, next_cursor = await _search(
        conn,
        by=by,
        skill=skill,
        min_level=min_level,
        sector=sector,
        postcode=postcode,
        limit=limit,
        cursor=cursor,
    )
    items = [
        msgspec.json.decode(r.item, type=SearchHit) if r.item is not None else _filtered(r)
        for r in shown
    ]
    return SearchPage(items=items, next_cursor=next_cursor)


async def search_answer(
    pool: Any,
    *,
    bearer: Bearer,
    now: datetime,
    skill: str | None,
    min_level: int | None,
    sector: str | None,
    postcode: str | None,
    limit: int,
    cursor: str | None,
) -> bytes:
    """``search`` as the API answers it: the ``SearchPage`` as JSON bytes, the hits as
    PostgreSQL wrote them (none decoded, none encoded again). One statement, alone
    (``db.statement_alone``): the search, which checks the token's session too and writes the
    audit rows of the hits shown; the page is sent only once they are written."""
    by = bearer.actor
    async with db.statement_alone(pool) as conn:
        try:
            if by.role != "recruiter" or by.company_id is None:
                raise Forbidden
            pagination.decode_cursor(cursor, tuple[pagination.Int4, pagination.Int4, UUID])
        except (Forbidden, InvalidCursor):
            await accounts.check_session(conn, bearer=bearer, now=now)  # 401 before the rest
            raise
        shown, next_cursor = await _search(
            conn,
            by=by,
            skill=skill,
            min_level=min_level,
            sector=sector,
            postcode=postcode,
            limit=limit,
            cursor=cursor,
            session_id=bearer.session_id,
            now=now,
        )
    items = ",".join(
        r.item if r.item is not None else msgspec.json.encode(_filtered(r)).decode() for r in shown
    )
    return b"".join(
        (
            b'{"items":[',
            items.encode(),
            b'],"next_cursor":',
            msgspec.json.encode(next_cursor),
            b"}",
        )
    )


async def candidate(
    conn: db.Conn, *, candidate_id: UUID, by: Actor, via: Via = "card"
) -> CandidateForRecruiter:
    """One candidate with their reviewed card, if ``recruiter_may_see``; else they do not
    exist for this recruiter."""
    company_id = _require_recruiter(by)
    if not await recruiter_may_see(conn, candidate_id=candidate_id, by=by):
        raise CandidateNotFound
    row = await db.fetch_one(
        conn, "get_candidate_for_recruiter", _Row, candidate_id=candidate_id, company_id=company_id
    )
    if row is None:  # consent withdrawn since recruiter_may_see, in another transaction
        raise CandidateNotFound
    await record_views(conn, by=by, seen=[(row.id, row.card.version)], via=via)
    return _candidate(row)


async def card_views(
    conn: db.Conn, *, candidate_id: UUID, by: Actor, limit: int, cursor: str | None
) -> CardViewPage:
    """Who looked at the candidate's card, newest first, for those who follow the candidate."""
    await access.require_follower(conn, candidate_id=candidate_id, by=by)
    after = pagination.decode_cursor(cursor, tuple[int])
    rows = await db.fetch_all(
        conn,
        "list_card_views",
        CardView,
        candidate_id=candidate_id,
        after_id=after[0] if after else None,
        limit=limit + 1,
    )
    items, next_cursor = pagination.split_page(rows, limit, lambda r: [r.id])
    return CardViewPage(items=items, next_cursor=next_cursor)

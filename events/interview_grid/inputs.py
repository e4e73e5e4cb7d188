"""The frame of an event's interview grid as the organiser states it: k (the fewest interviews
every present candidate should get) and the breaks; each confirmed company's tables, hours,
needs and meeting-room links; each confirmed candidate's hours and wished sectors; the wishes
"must meet" / "prefer not" of both sides.

Who (``grid_event``): admins and the organisers of the event's organisation, on a job dating or
an e-forum. Those who may not see the event are told it does not exist; those who see it but may
not change it (its coaches, recruiters of a published one) are refused (403).

Every hour lies within the event; a side's leaving time comes after its arrival; breaks do not
overlap; a company has at most one link per table; the skills wanted are in the vocabulary,
each once, at a level of 1 to 4. A refusal names its field and changes nothing; every change
leaves an audit row (on the candidate's behalf for their frame and wishes).
"""

from __future__ import annotations

import itertools
from datetime import datetime
from typing import Annotated, Any, Final, Literal
from uuid import UUID

import msgspec

from events import audit, db
from events.actors import Actor
from events.catalog import access
from events.catalog.inputs import Kind, Status
from events.errors import (
    CandidateNotRegistered,
    CompanyNotRegistered,
    Forbidden,
    GridNotForThisKind,
    InvalidInput,
    UnknownSkill,
    WishNotFound,
)
from events.fields import AwareDatetime, Name, Sector, Url
from events.skills_cards import vocabulary

GRID_KINDS: Final = ("job_dating", "e_forum")
WishKind = Literal["must_meet", "prefer_not"]
SaidBy = Literal["candidate", "company", "organiser"]
Level = Annotated[int, msgspec.Meta(ge=1, le=4)]


class _Strict(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    pass


class Break(_Strict, frozen=True, kw_only=True):
    starts_at: AwareDatetime
    ends_at: AwareDatetime


class SettingsIn(_Strict, frozen=True, kw_only=True):
    """k (``min_interviews``, 0 to 50) and the breaks, during which no slot starts."""

    min_interviews: Annotated[int, msgspec.Meta(ge=0, le=50)] = 2
    breaks: Annotated[list[Break], msgspec.Meta(max_length=10)] = []


class NeedIn(_Strict, frozen=True, kw_only=True):
    skill: vocabulary.SkillCode
    min_level: Level


class CompanyFrameIn(_Strict, frozen=True, kw_only=True):
    """A company's side: ``arrives_at``/``leaves_at`` null mean the whole event;
    ``video_urls[n]`` is the meeting room of table n + 1 (online interviews)."""

    tables: Annotated[int, msgspec.Meta(ge=1, le=50)] = 1
    arrives_at: AwareDatetime | None = None
    leaves_at: AwareDatetime | None = None
    occupations: Annotated[list[Name], msgspec.Meta(max_length=20)] = []
    skills_wanted: Annotated[list[NeedIn], msgspec.Meta(max_length=12)] = []
    hires: Annotated[int, msgspec.Meta(ge=0, le=1000)] = 1
    video_urls: Annotated[list[Url], msgspec.Meta(max_length=50)] = []


class CandidateFrameIn(_Strict, frozen=True, kw_only=True):
    """A candidate's side: their hours (childcare, transport; null: the whole event) and the
    sectors they wish (empty: those of their CV)."""

    arrives_at: AwareDatetime | None = None
    leaves_at: AwareDatetime | None = None
    sectors: Annotated[list[Sector], msgspec.Meta(max_length=10)] = []


class WishIn(_Strict, frozen=True, kw_only=True):
    candidate_id: UUID
    company_id: UUID
    wish: WishKind
    said_by: SaidBy


# --- what is read --------------------------------------------------------------------------


class GridEvent(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    organisation_id: UUID
    kind: Kind
    status: Status
    title: str
    starts_at: datetime
    ends_at: datetime
    timezone: str
    details: dict[str, Any]
    online_url: str | None

    @property
    def interview_minutes(self) -> int:
        return int(self.details.get("interview_minutes") or 0)


class Settings(msgspec.Struct, frozen=True, kw_only=True):
    min_interviews: int
    breaks: list[Break]


class CompanyFrame(msgspec.Struct, frozen=True, kw_only=True):
    """A confirmed company with its frame; ``stated``: whether the organiser set it (else the
    defaults: one table, the whole event)."""

    company_id: UUID
    name: str
    sector: str
    tables: int
    arrives_at: datetime | None
    leaves_at: datetime | None
    occupations: list[str]
    skills_wanted: list[NeedIn]
    hires: int
    video_urls: list[str]
    stated: bool


class CandidateFrame(msgspec.Struct, frozen=True, kw_only=True):
    """A confirmed candidate with their frame, whether they came in, and what their CV says."""

    candidate_id: UUID
    first_name: str
    last_name: str
    arrives_at: datetime | None
    leaves_at: datetime | None
    sectors: list[str]
    cv_sectors: list[str]
    cv_occupations: list[str]
    came: bool


class Wish(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    candidate_id: UUID
    first_name: str
    last_name: str
    company_id: UUID
    company_name: str
    wish: WishKind
    said_by: SaidBy
    source: Literal["stated", "mutual_interest"]
    created_at: datetime


class Inputs(msgspec.Struct, frozen=True, kw_only=True):
    """Everything the solver reads of the event, as the organiser sees and edits it."""

    event_id: UUID
    interview_minutes: int
    settings: Settings
    companies: list[CompanyFrame]
    candidates: list[CandidateFrame]
    wishes: list[Wish]


class _Level(msgspec.Struct, frozen=True, kw_only=True):
    candidate_id: UUID
    skill: str
    level: int


class _Removed(msgspec.Struct, frozen=True, kw_only=True):
    candidate_id: UUID
    company_id: UUID
    wish: str
    said_by: str
    source: str


DEFAULT_SETTINGS: Final = Settings(min_interviews=2, breaks=[])


# --- who may -------------------------------------------------------------------------------


async def grid_event(conn: db.Conn, *, event_id: UUID, by: Actor) -> GridEvent:
    """The event, if ``by`` may set its grid (see the module's rule), on a format that has one."""
    event = access.to_see(
        by, await db.fetch_one(conn, "get_grid_event", GridEvent, event_id=event_id)
    )
    if not access.may_change(by, event):
        raise Forbidden
    if event.kind not in GRID_KINDS:
        raise GridNotForThisKind
    return event


# --- reading -------------------------------------------------------------------------------


async def settings_of(conn: db.Conn, event_id: UUID) -> Settings:
    found = await db.fetch_one(conn, "get_grid_settings", Settings, event_id=event_id)
    return found or DEFAULT_SETTINGS


async def companies_of(conn: db.Conn, event_id: UUID) -> list[CompanyFrame]:
    return await db.fetch_all(conn, "list_grid_companies", CompanyFrame, event_id=event_id)


async def candidates_of(conn: db.Conn, event_id: UUID) -> list[CandidateFrame]:
    return await db.fetch_all(conn, "list_grid_candidates", CandidateFrame, event_id=event_id)


async def wishes_of(conn: db.Conn, event_id: UUID) -> list[Wish]:
    return await db.fetch_all(conn, "list_grid_wishes", Wish, event_id=event_id)


async def levels_of(conn: db.Conn, event_id: UUID) -> dict[UUID, dict[str, int]]:
    """Each confirmed candidate's reviewed skill levels (their card as a coach reviewed it)."""
    found: dict[UUID, dict[str, int]] = {}
    for line in await db.fetch_all(conn, "list_grid_levels", _Level, event_id=event_id):
        found.setdefault(line.candidate_id, {})[line.skill] = line.level
    return found


async def get(conn: db.Conn, *, event_id: UUID, by: Actor) -> Inputs:
    """The grid's frame: settings, confirmed companies and candidates with theirs, wishes."""
    event = await grid_event(conn, event_id=event_id, by=by)
    return Inputs(
        event_id=event.id,
        interview_minutes=event.interview_minutes,
        settings=await settings_of(conn, event_id),
        companies=await companies_of(conn, event_id),
        candidates=await candidates_of(conn, event_id),
        wishes=await wishes_of(conn, event_id),
    )


# --- checks --------------------------------------------------------------------------------


def _refuse(field: str, fr: str, en: str) -> InvalidInput:
    return InvalidInput(field=field, reason_fr=fr, reason_en=en)


def check_hours(
    event: GridEvent, arrives_at: datetime | None, leaves_at: datetime | None, *, prefix: str = ""
) -> None:
    """Hours within the event, leaving after arriving."""
    for name, value in (("arrives_at", arrives_at), ("leaves_at", leaves_at)):
        if value is not None and not event.starts_at <= value <= event.ends_at:
            raise _refuse(
                prefix + name,
                "L'heure doit être pendant la rencontre, entre son début et sa fin.",
                "The time must be during the event, between its start and its end.",
            )
    if arrives_at is not None and leaves_at is not None and leaves_at <= arrives_at:
        raise _refuse(
            prefix + "leaves_at",
            "L'heure de départ doit venir après l'heure d'arrivée.",
            "The leaving time must come after the arrival time.",
        )


def _check_breaks(event: GridEvent, breaks: list[Break]) -> None:
    for index, pause in enumerate(breaks):
        field = f"breaks[{index}]"
        if pause.ends_at <= pause.starts_at:
            raise _refuse(
                field,
                "Une pause doit finir après son début.",
                "A break must end after it starts.",
            )
        if pause.starts_at < event.starts_at or pause.ends_at > event.ends_at:
            raise _refuse(
                field,
                "Une pause doit être pendant la rencontre.",
                "A break must be during the event.",
            )
    ordered = sorted(breaks, key=lambda b: b.starts_at)
    for before, after in itertools.pairwise(ordered):
        if after.starts_at < before.ends_at:
            raise _refuse(
                "breaks",
                "Deux pauses se chevauchent : gardez-en une seule.",
                "Two breaks overlap: keep only one.",
            )


async def _check_needs(conn: db.Conn, needs: list[NeedIn]) -> None:
    codes = [need.skill for need in needs]
    if len(set(codes)) != len(codes):
        raise _refuse(
            "skills_wanted",
            "Chaque compétence ne peut être demandée qu'une fois.",
            "Each skill can be asked for only once.",
        )
    missing = await vocabulary.unknown(conn, codes)
    if missing:
        raise UnknownSkill(extra={"field": "skills_wanted", "skills": missing})


# --- writing -------------------------------------------------------------------------------


async def set_settings(
    conn: db.Conn, *, event_id: UUID, settings: SettingsIn, by: Actor, now: datetime
) -> Settings:
    """Set k and the breaks."""
    event = await grid_event(conn, event_id=event_id, by=by)
    _check_breaks(event, settings.breaks)
    breaks = sorted(settings.breaks, key=lambda b: b.starts_at)
    await db.execute(
        conn,
        "upsert_grid_settings",
        event_id=event_id,
        min_interviews=settings.min_interviews,
        breaks=msgspec.to_builtins(breaks),
        by=by.id,
        now=now,
    )
    await audit.record(
        conn,
        by=by,
        action="interview_grid.settings",
        subject_type="event",
        subject_id=event_id,
        data={"min_interviews": settings.min_interviews, "breaks": msgspec.to_builtins(breaks)},
    )
    return Settings(min_interviews=settings.min_interviews, breaks=breaks)


async def set_company(
    conn: db.Conn,
    *,
    event_id: UUID,
    company_id: UUID,
    frame: CompanyFrameIn,
    by: Actor,
    now: datetime,
) -> CompanyFrame:
    """Set a confirmed company's side of the grid."""
    event = await grid_event(conn, event_id=event_id, by=by)
    if not await db.fetch_value(
        conn, "check_grid_company", event_id=event_id, company_id=company_id
    ):
        raise CompanyNotRegistered
    check_hours(event, frame.arrives_at, frame.leaves_at)
    if len(frame.video_urls) > frame.tables:
        raise _refuse(
            "video_urls",
            "Un lien de visioconférence par table au plus : ajoutez des tables ou retirez des "
            "liens.",
            "At most one video link per table: add tables or remove links.",
        )
    await _check_needs(conn, frame.skills_wanted)
    occupations = list(dict.fromkeys(o.strip() for o in frame.occupations))
    await db.execute(
        conn,
        "upsert_interview_company",
        event_id=event_id,
        company_id=company_id,
        tables=frame.tables,
        arrives_at=frame.arrives_at,
        leaves_at=frame.leaves_at,
        occupations=occupations,
        skills_wanted=msgspec.to_builtins(frame.skills_wanted),
        hires=frame.hires,
        video_urls=list(frame.video_urls),
        by=by.id,
        now=now,
    )
    await audit.record(
        conn,
        by=by,
        action="interview_grid.company",
        subject_type="event",
        subject_id=event_id,
        data={"company_id": str(company_id), **msgspec.to_builtins(frame)},
    )
    written = next(
        (c for c in await companies_of(conn, event_id) if c.company_id == company_id), None
    )
    if written is None:  # pragma: no cover - checked above, in this transaction
        raise CompanyNotRegistered
    return written


async def set_candidate(
    conn: db.Conn,
    *,
    event_id: UUID,
    candidate_id: UUID,
    frame: CandidateFrameIn,
    by: Actor,
    now: datetime,
) -> CandidateFrame:
    """Set a confirmed candidate's hours and wished sectors, on their behalf."""
    event = await grid_event(conn, event_id=event_id, by=by)
    if not await db.fetch_value(
        conn, "check_grid_candidate", event_id=event_id, candidate_id=candidate_id
    ):
        raise CandidateNotRegistered
    check_hours(event, frame.arrives_at, frame.leaves_at)
    sectors = list(dict.fromkeys(s.strip() for s in frame.sectors))
    await db.execute(
        conn,
        "upsert_interview_candidate",
        event_id=event_id,
        candidate_id=candidate_id,
        arrives_at=frame.arrives_at,
        leaves_at=frame.leaves_at,
        sectors=sectors,
        by=by.id,
        now=now,
    )
    await audit.record(
        conn,
        by=by,
        action="interview_grid.candidate",
        subject_type="event",
        subject_id=event_id,
        on_behalf_of=candidate_id,
        data=msgspec.to_builtins(frame),
    )
    written = next(
        (c for c in await candidates_of(conn, event_id) if c.candidate_id == candidate_id), None
    )
    if written is None:  # pragma: no cover - checked above, in this transaction
        raise CandidateNotRegistered
    return written


async def add_wish(
    conn: db.Conn, *, event_id: UUID, wish: WishIn, by: Actor, now: datetime
) -> Wish:
    """Record a wish between a confirmed candidate and a confirmed company; the same side's
    second word about the same pair takes the place of the first."""
    await grid_event(conn, event_id=event_id, by=by)
    if not await db.fetch_value(
        conn, "check_grid_candidate", event_id=event_id, candidate_id=wish.candidate_id
    ):
        raise CandidateNotRegistered(extra={"field": "candidate_id"})
    if not await db.fetch_value(
        conn, "check_grid_company", event_id=event_id, company_id=wish.company_id
    ):
        raise CompanyNotRegistered(extra={"field": "company_id"})
    wish_id = await db.fetch_value(
        conn,
        "upsert_interview_wish",
        event_id=event_id,
        candidate_id=wish.candidate_id,
        company_id=wish.company_id,
        wish=wish.wish,
        said_by=wish.said_by,
        by=by.id,
        now=now,
    )
    await audit.record(
        conn,
        by=by,
        action="interview_grid.wish",
        subject_type="interview_wish",
        subject_id=wish_id,
        on_behalf_of=wish.candidate_id,
        data={"event_id": str(event_id), **msgspec.to_builtins(wish)},
    )
    found = next((w for w in await wishes_of(conn, event_id) if w.id == wish_id), None)
    if found is None:  # pragma: no cover - written in this transaction
        raise WishNotFound
    return found


async def delete_wish(conn: db.Conn, *, event_id: UUID, wish_id: UUID, by: Actor) -> None:
    """Remove a wish; the audit keeps what it said."""
    await grid_event(conn, event_id=event_id, by=by)
    removed = await db.fetch_one(
        conn, "delete_interview_wish", _Removed, wish_id=wish_id, event_id=event_id
    )
    if removed is None:
        raise WishNotFound
    await audit.record(
        conn,
        by=by,
        action="interview_grid.wish_delete",
        subject_type="interview_wish",
        subject_id=wish_id,
        on_behalf_of=removed.candidate_id,
        data={"event_id": str(event_id), **msgspec.to_builtins(removed)},
    )

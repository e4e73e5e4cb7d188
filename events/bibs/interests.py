"""A company's interest in a bib, the candidate's answer, and what each side sees meanwhile.

Recruiters of a company registered to an anonymous event see its bibs: the number and the skills
observed at this event on the last reviewed card (level, how many observations and observers,
the activities), of the candidates who consent to recruiters; never a name, a contact, a place,
a CV, an evidence note (a coach's words may name the person) nor the candidate's id (which
another event could name). They mark interest in a bib, once per company: a second recruiter of
the company saying it again changes nothing.

The candidate answers on their own page with their ticket, or a coach or organiser who follows
them answers for them (recorded as such). A yes is final: from then on the company sees the
candidate as at any other event (``recruiter_shared_events``, migration 0031: first name, CV,
contact as consented), and the pair is offered a slot at the next job dating of the
organisation that the company attends (an ``interview_wishes`` row, "must meet", said by the
organiser, following a mutual interest). A no may become a yes later."""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

import msgspec

from events import audit, db
from events.actors import Actor
from events.errors import (
    BibAnswerFinal,
    BibInterestNotFound,
    BibNotFound,
    CandidateNotFound,
    EventNotFound,
    Forbidden,
)
from events.skills_cards import access
from events.skills_cards.card import SkillsCard
from events.tickets import by_token

Answer = Literal["yes", "no"]
State = Literal["waiting", "declined", "mutual"]


class BibSkill(msgspec.Struct, frozen=True, kw_only=True):
    code: str
    label_fr: str
    label_en: str
    level: int
    observations: int
    observers: int
    activities: list[str]


class InterestShown(msgspec.Struct, frozen=True, kw_only=True):
    """The company's interest in a bib: ``waiting`` for the candidate's answer, ``declined``,
    or ``mutual`` (the candidate is then among the event's candidates, by name)."""

    id: UUID
    number: int
    created_at: datetime
    state: State


class BibForRecruiter(msgspec.Struct, frozen=True, kw_only=True):
    """A bib as recruiters see it: ``reviewed`` false before the coach reviewed the card (no
    skill is shown until then); ``skills``: those observed at this event."""

    number: int
    reviewed: bool
    skills: list[BibSkill]
    interest: InterestShown | None


class BibsForRecruiter(msgspec.Struct, frozen=True, kw_only=True):
    """``anonymous`` false: the event is not anonymous (its candidates are listed by name, as
    at any event) and ``items`` is empty."""

    event_id: UUID
    anonymous: bool
    items: list[BibForRecruiter]


class Expressed(msgspec.Struct, frozen=True, kw_only=True):
    """``created``: false when the company's interest already stood."""

    interest: InterestShown
    created: bool


class CandidateInterest(msgspec.Struct, frozen=True, kw_only=True):
    """A company's interest in the candidate's bib, as the candidate sees it."""

    id: UUID
    event_title: str
    event_starts_at: datetime
    timezone: str
    number: int | None
    company_name: str
    created_at: datetime
    answer: Answer | None
    answered_at: datetime | None
    job_dating_title: str | None
    job_dating_starts_at: datetime | None


class Answered(msgspec.Struct, frozen=True, kw_only=True):
    """``mutual``: both said yes; ``job_dating_id``: where the pair is offered a slot (null:
    no coming job dating of the organisation that the company attends)."""

    id: UUID
    event_id: UUID
    answer: Answer
    mutual: bool
    job_dating_id: UUID | None


class _BibRow(msgspec.Struct, frozen=True, kw_only=True):
    number: int
    card: SkillsCard | None
    interest_id: UUID | None
    interest_at: datetime | None
    answer: Answer | None


class _InterestRow(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    number: int
    created_at: datetime
    answer: Answer | None


class _Interest(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    event_id: UUID
    organisation_id: UUID
    company_id: UUID
    candidate_id: UUID
    answer: Answer | None


class _Set(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    event_id: UUID
    company_id: UUID
    candidate_id: UUID
    answer: Answer


class _EventSwitch(msgspec.Struct, frozen=True, kw_only=True):
    anonymous: bool


def _state(answer: Answer | None) -> State:
    return "mutual" if answer == "yes" else "declined" if answer == "no" else "waiting"


def _skills(card: SkillsCard | None, event_id: UUID) -> list[BibSkill]:
    if card is None:
        return []
    return [
        BibSkill(
            code=line.code,
            label_fr=line.label_fr,
            label_en=line.label_en,
            level=line.level,
            observations=line.observations,
            observers=line.observers,
            activities=line.activities,
        )
        for line in card.skills
        if any(e.id == event_id for e in line.events)
    ]


def _company(by: Actor) -> UUID:
    if by.role != "recruiter" or by.company_id is None:
        raise Forbidden
    return by.company_id


async def _attending(conn: db.Conn, *, event_id: UUID, company_id: UUID) -> bool:
    """The company attends the event (else, to its recruiters, the event does not exist), and
    whether the event is anonymous."""
    if not await db.fetch_value(
        conn, "check_recruiter_company_attends", event_id=event_id, company_id=company_id
    ):
        raise EventNotFound
    event = await db.fetch_one(conn, "get_event_for_bibs", _EventSwitch, event_id=event_id)
    return event is not None and event.anonymous


async def for_recruiter(conn: db.Conn, *, event_id: UUID, by: Actor) -> BibsForRecruiter:
    """The event's bibs as the recruiter's company sees them (see the module)."""
    company_id = _company(by)
    if not await _attending(conn, event_id=event_id, company_id=company_id):
        return BibsForRecruiter(event_id=event_id, anonymous=False, items=[])
    rows = await db.fetch_all(
        conn, "list_bibs_for_recruiter", _BibRow, event_id=event_id, company_id=company_id
    )
    return BibsForRecruiter(
        event_id=event_id,
        anonymous=True,
        items=[
            BibForRecruiter(
                number=row.number,
                reviewed=row.card is not None,
                skills=_skills(row.card, event_id),
                interest=InterestShown(
                    id=row.interest_id,
                    number=row.number,
                    created_at=row.interest_at,
                    state=_state(row.answer),
                )
                if row.interest_id is not None and row.interest_at is not None
                else None,
            )
            for row in rows
        ],
    )


async def express(
    conn: db.Conn, *, event_id: UUID, number: int, by: Actor, now: datetime
) -> Expressed:
    """The recruiter's company would like to meet the person behind the bib: a bib of a
    candidate whose registration stands and who consents to recruiters (else it does not
    exist), at an event the company attends (else the event does not exist). Said again (by
    any recruiter of the company), the first interest stands."""
    company_id = _company(by)
    if not await _attending(conn, event_id=event_id, company_id=company_id):
        raise BibNotFound  # the event is not anonymous
    candidate_id: UUID | None = await db.fetch_value(
        conn, "get_bib_candidate_for_recruiter", event_id=event_id, number=number
    )
    if candidate_id is None:
        raise BibNotFound
    new_id = await db.fetch_value(
        conn,
        "insert_bib_interest",
        event_id=event_id,
        company_id=company_id,
        candidate_id=candidate_id,
        recruiter_id=by.id,
        now=now,
    )
    if new_id is not None:
        await audit.record(
            conn,
            by=by,
            action="bibs.interest",
            subject_type="candidate",
            subject_id=candidate_id,
            data={
                "interest_id": str(new_id),
                "event_id": str(event_id),
                "company_id": str(company_id),
                "number": number,
            },
        )
    row = await db.fetch_one(
        conn,
        "get_bib_interest_for_company",
        _InterestRow,
        event_id=event_id,
        company_id=company_id,
        candidate_id=candidate_id,
    )
    if row is None:  # pragma: no cover - inserted or already there
        raise BibNotFound
    return Expressed(
        interest=InterestShown(
            id=row.id, number=row.number, created_at=row.created_at, state=_state(row.answer)
        ),
        created=new_id is not None,
    )


async def _answer(
    conn: db.Conn,
    *,
    found: _Interest,
    answer: Answer,
    by: Actor | None,
    now: datetime,
) -> Answered:
    if found.answer == "yes":
        if answer == "yes":
            return Answered(
                id=found.id, event_id=found.event_id, answer="yes", mutual=True, job_dating_id=None
            )
        raise BibAnswerFinal
    changed = await db.fetch_one(
        conn,
        "set_bib_answer",
        _Set,
        id=found.id,
        answer=answer,
        now=now,
        by=by.id if by is not None else None,
    )
    if changed is None:  # a yes came first, in another transaction
        if answer == "yes":
            return Answered(
                id=found.id, event_id=found.event_id, answer="yes", mutual=True, job_dating_id=None
            )
        raise BibAnswerFinal
    job_dating_id: UUID | None = None
    if answer == "yes":
        job_dating_id = await db.fetch_value(
            conn, "get_next_job_dating", event_id=changed.event_id, company_id=changed.company_id
        )
        if job_dating_id is not None:
            await db.execute(
                conn,
                "insert_mutual_interest_wish",
                event_id=job_dating_id,
                candidate_id=changed.candidate_id,
                company_id=changed.company_id,
                by=by.id if by is not None else None,
                now=now,
            )
            await db.execute(
                conn, "set_bib_interest_job_dating", id=changed.id, job_dating_id=job_dating_id
            )
    await audit.record(
        conn,
        by=by,
        action="bibs.answer",
        subject_type="candidate",
        subject_id=changed.candidate_id,
        on_behalf_of=changed.candidate_id if by is not None else None,
        data={
            "interest_id": str(changed.id),
            "answer": answer,
            "proxy": by is not None,
            "job_dating_id": str(job_dating_id) if job_dating_id else None,
        },
    )
    return Answered(
        id=changed.id,
        event_id=changed.event_id,
        answer=answer,
        mutual=answer == "yes",
        job_dating_id=job_dating_id,
    )


async def answer_for(
    conn: db.Conn, *, interest_id: UUID, answer: Answer, by: Actor, now: datetime
) -> Answered:
    """A coach or organiser who follows the candidate (``access.require_follower``) answers for
    them, recorded as such; to anyone else the request does not exist."""
    found = await db.fetch_one(conn, "get_bib_interest", _Interest, id=interest_id)
    if found is None or by.role not in ("organiser", "coach", "admin"):
        raise BibInterestNotFound
    try:
        await access.require_follower(conn, candidate_id=found.candidate_id, by=by)
    except CandidateNotFound as error:
        raise BibInterestNotFound from error
    return await _answer(conn, found=found, answer=answer, by=by, now=now)


async def answer_by_token(
    conn: db.Conn, *, token: str, interest_id: UUID, answer: Answer, now: datetime
) -> Answered:
    """The candidate answers with one of their ticket tokens."""
    ticket = await by_token.find_for_holder(conn, token=token)
    found = await db.fetch_one(conn, "get_bib_interest", _Interest, id=interest_id)
    if found is None or ticket.candidate_id is None or found.candidate_id != ticket.candidate_id:
        raise BibInterestNotFound
    return await _answer(conn, found=found, answer=answer, by=None, now=now)


async def for_candidate_token(conn: db.Conn, *, token: str) -> list[CandidateInterest]:
    """The companies interested in the holder's bibs, newest first (a company's ticket: none)."""
    ticket = await by_token.find_for_holder(conn, token=token)
    if ticket.candidate_id is None:
        return []
    return await for_ticket(conn, candidate_id=ticket.candidate_id)


async def for_ticket(conn: db.Conn, *, candidate_id: UUID) -> list[CandidateInterest]:
    """As ``for_candidate_token``, for a caller that holds the candidate's ticket already (the
    ticket page's part)."""
    return await db.fetch_all(
        conn, "list_candidate_bib_interests", CandidateInterest, candidate_id=candidate_id
    )

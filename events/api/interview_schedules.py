"""Everyone's interview schedule over HTTP: the organiser sends the latest plan (mail and SMS to
each candidate and company with interviews), and a recruiter downloads their company's
interviews as calendar entries (``events.interview_grid.schedules``)."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, Response, get, post
from litestar.params import FromPath

from events.api.contract import BEARER, LOGGED_IN, PARAMETERS, refusals
from events.api.deps import Ctx
from events.errors import EventNotFound, Forbidden, InvalidTransition, NoInterviewPlan
from events.interview_grid import schedule_ics, schedules


class InterviewScheduleController(Controller):
    tags = ("interview grid",)
    security = BEARER

    @post(
        "/api/v1/events/{event_id:uuid}/interview-grid/send",
        status_code=200,
        summary="Send everyone their interview schedule (the event's latest plan)",
        description="Organisers of the event's organisation (and admins), for a published "
        "event. Marks the latest plan sent (`sent_at`, `sent_by`) and writes one message per "
        "way to reach each candidate with interviews in it (mail and SMS, outbox kind "
        "`interview_schedule`) and one mail per recruiter of each company with interviews (its "
        "contact when it has no recruiter account). After a re-plan, only the people whose "
        "interviews changed since the plan sent before are told. Once sent, the interviews "
        "show on the candidates' tickets and the recruiters' pages. Sending a plan already "
        "sent writes nothing (`already_sent`: true, `messages`: 0). 409 `no_interview_plan` "
        "before any plan was worked out.",
        responses=refusals(
            *LOGGED_IN, *PARAMETERS, Forbidden, EventNotFound, InvalidTransition, NoInterviewPlan
        ),
    )
    async def send(self, ctx: Ctx, event_id: FromPath[UUID]) -> schedules.SendResult:
        return await schedules.send(ctx.conn, event_id=event_id, by=ctx.actor, now=ctx.now)

    @get(
        "/api/v1/events/{event_id:uuid}/interviews.ics",
        media_type="text/calendar",
        summary="A recruiter's interviews at an event, as calendar entries",
        description="Recruiters of a company registered to the event (bearer, or the session "
        "cookie of a logged-in browser); to any other recruiter the event does not exist. "
        "`METHOD:PUBLISH`, one VEVENT per interview of the recruiter's company, no attendee: "
        "each candidate by first name and initial of the last name, the table, the room link "
        "of an online table. A meeting keeps its UID; its SEQUENCE rises when a re-plan sent "
        "moves it. Empty until the event's latest plan was sent.",
        responses=refusals(*LOGGED_IN, *PARAMETERS, Forbidden, EventNotFound),
    )
    async def interviews_ics(self, ctx: Ctx, event_id: FromPath[UUID]) -> Response[bytes]:
        schedule = await schedules.of_company(ctx.conn, event_id=event_id, by=ctx.actor)
        body = schedule_ics.render(
            schedule, language=ctx.language, public_url=ctx.settings.public_url
        )
        return Response(
            body,
            media_type="text/calendar; method=PUBLISH",
            headers={
                "Referrer-Policy": "no-referrer",
                "Content-Disposition": 'inline; filename="entretiens.ics"',
            },
        )

"""The Litestar application, built from its settings."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime

from litestar import Litestar, Router
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin, YamlRenderPlugin
from litestar.openapi.spec import Components
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.template.config import TemplateConfig

from events import db
from events.api import errors
from events.api.auth import AuthController
from events.api.bibs import BibsController, BibTicketController
from events.api.body import JsonRequest
from events.api.calendar import calendar_ics
from events.api.candidates import CandidateController
from events.api.checkins import CheckinController
from events.api.companies import CompanyController
from events.api.contract import PRIVATE_ANSWERS, SECURITY_SCHEMES
from events.api.credentials import CredentialController
from events.api.cvs import CvController
from events.api.data_export import DataExportController
from events.api.deps import DEPENDENCIES, check_handlers
from events.api.erasure import ErasureController
from events.api.events import EventsController
from events.api.health import health
from events.api.interview_grid import InterviewGridController, InterviewGridFilesController
from events.api.interview_schedules import InterviewScheduleController
from events.api.invites import staff_invite_ics
from events.api.organisations import OrganisationController
from events.api.outbox import OutboxController
from events.api.outcomes import OutcomesController
from events.api.pairings import PairingsController
from events.api.params import refuse_unknown_parameters
from events.api.programmes import ProgrammeController
from events.api.recruiters import RecruiterController
from events.api.registrations import RegistrationController
from events.api.retention import RetentionController
from events.api.skills import list_skills
from events.api.skills_cards import SkillsCardController
from events.api.statistics import StatisticsController
from events.api.tickets import TicketController
from events.api.users import UserController
from events.api.workshops import WorkshopsController
from events.embedded import EmbeddedServer, keep_running
from events.errors import LoginRequired
from events.messages import worker
from events.settings import Settings
from events.web import admin, pages
from events.web.bib_answers import BibAnswerPageController
from events.web.candidate import CandidatePageController
from events.web.cards import CardPageController
from events.web.coach import CoachPageController
from events.web.compression import compressed
from events.web.door import DoorPageController
from events.web.interview_schedules import InterviewSchedulePagesController
from events.web.passwords import PasswordPagesController
from events.web.public import EventPageController, TicketPageController
from events.web.recruiter import RecruiterPagesController
from events.web.session import SessionController, to_login
from events.web.skills_pages import SkillsPageController
from events.web.swagger import LocalSwagger
from events.web.verify_page import VerifyPageController
from events.web.workshop_signups import WorkshopSignupPageController


def _wall_clock() -> datetime:
    return datetime.now(UTC)


def create_app(
    settings: Settings,
    *,
    clock: Callable[[], datetime] = _wall_clock,
    embedded: EmbeddedServer | None = None,
) -> Litestar:
    """The service; ``clock`` gives every request its instant (tests pass a fixed one).
    ``embedded`` is the embedded PostgreSQL the CLI started, which the service then keeps
    running (``events.embedded.keep_running``)."""
    if not settings.database_url:
        raise ValueError("create_app needs settings.database_url (the CLI starts one if unset)")
    db.queries()  # a package without its SQL fails here, not on the first request

    @asynccontextmanager
    async def pool(app: Litestar) -> AsyncIterator[None]:
        """The pool, whose waits are bounded (a request answers 503 rather than hang), and the
        watch that restarts the embedded PostgreSQL if it dies."""
        app.state.pool = await db.create_pool(
            str(settings.database_url),
            min_size=settings.pool_min_size,
            max_size=settings.pool_max_size,
            wait_seconds=settings.database_wait_seconds,
            statement_seconds=settings.statement_timeout_seconds,
        )
        app.state.embedded = embedded
        stop = asyncio.Event()
        watch = None
        if embedded is not None:
            watch = asyncio.create_task(keep_running(embedded, stop=stop))
        try:
            yield
        finally:
            stop.set()
            if watch is not None:
                await watch
            try:
                await asyncio.wait_for(app.state.pool.close(), settings.database_wait_seconds)
            except TimeoutError:  # a connection that no longer answers must not hold the exit
                app.state.pool.terminate()

    @asynccontextmanager
    async def delivery(app: Litestar) -> AsyncIterator[None]:
        """The outbox worker, unless the settings turn it off: in one process only of all those
        serving on this database (``serve --workers N``, several machines), the one holding the
        delivery lock (``worker.run_as_leader``)."""
        if not settings.worker:
            yield
            return
        channels = worker.Channels(settings)  # a wrong channel setting stops the start here
        stop = asyncio.Event()
        task = asyncio.create_task(
            worker.run_as_leader(
                str(settings.database_url), app.state.pool, channels=channels, stop=stop
            )
        )
        try:
            yield
        finally:
            stop.set()
            await task

    app = Litestar(
        route_handlers=[
            health,
            AuthController,
            EventsController,
            calendar_ics,
            RegistrationController,
            CheckinController,
            TicketController,
            staff_invite_ics,
            OrganisationController,
            CompanyController,
            CandidateController,
            ErasureController,
            RetentionController,
            CvController,
            DataExportController,
            UserController,
            OutboxController,
            list_skills,
            SkillsCardController,
            CredentialController,
            OutcomesController,
            PairingsController,
            RecruiterController,
            BibsController,
            BibTicketController,
            ProgrammeController,
            StatisticsController,
            InterviewGridController,
            InterviewGridFilesController,
            InterviewScheduleController,
            WorkshopsController,
            Router(
                path="/",
                route_handlers=[
                    SessionController,
                    DoorPageController,
                    PasswordPagesController,
                    TicketPageController,
                    CandidatePageController,
                    BibAnswerPageController,
                    EventPageController,
                    SkillsPageController,
                    VerifyPageController,
                    CardPageController,
                    CoachPageController,
                    RecruiterPagesController,
                    InterviewSchedulePagesController,
                    WorkshopSignupPageController,
                    admin.router(),
                    # Scripts and styles gzip-compressed; pages never (events.web.compression).
                    compressed(pages.static_files()),
                ],
                # Pages answer HTML: a page without a log-in sends the browser to the log-in
                # form, any other refusal is a page in plain words (the rest answer JSON).
                exception_handlers={Exception: pages.error_page, LoginRequired: to_login},
            ),
        ],
        dependencies=DEPENDENCIES,
        lifespan=[pool, delivery],
        exception_handlers={Exception: errors.handle},
        # JSON bodies read strictly, into the handler's type; unknown query parameters refused.
        request_class=JsonRequest,
        before_request=refuse_unknown_parameters,
        # Private unless a handler says otherwise (``events.api.contract``).
        cache_control=PRIVATE_ANSWERS,
        request_max_body_size=settings.max_body_bytes,
        template_config=TemplateConfig(directory=pages.TEMPLATES, engine=JinjaTemplateEngine),
        openapi_config=OpenAPIConfig(
            title="Rencontres",
            version="1.0.0",
            description="Rencontres de recrutement atypiques — atypical recruitment meetings.",
            path="/schema",
            # /schema/swagger: Swagger UI from this site's own copy of the npm package (never a
            # CDN), started by a file of ours under the pages' policy (events.web.swagger).
            render_plugins=[JsonRenderPlugin(), YamlRenderPlugin(), LocalSwagger()],
            components=Components(security_schemes=dict(SECURITY_SCHEMES)),
        ),
        debug=False,
    )
    check_handlers(app.routes)  # a handler given the wrong request context fails here
    app.state.settings = settings
    app.state.clock = clock
    return app

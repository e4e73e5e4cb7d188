"""The Litestar application, built from its settings."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime

from litestar import Litestar
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin, YamlRenderPlugin
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.template.config import TemplateConfig

from events import db
from events.api import errors
from events.api.auth import AuthController
from events.api.calendar import calendar_ics
from events.api.candidates import CandidateController
from events.api.checkins import CheckinController
from events.api.companies import CompanyController
from events.api.cvs import CardPageController, CvController
from events.api.deps import DEPENDENCIES
from events.api.events import EventsController
from events.api.health import health
from events.api.invites import staff_invite_ics
from events.api.organisations import OrganisationController
from events.api.outbox import OutboxController
from events.api.recruiters import RecruiterController
from events.api.registrations import RegistrationController
from events.api.skills import list_skills
from events.api.skills_cards import SkillsCardController
from events.api.tickets import TEMPLATES, TicketController
from events.api.users import UserController
from events.errors import LoginRequired
from events.messages import worker
from events.settings import Settings
from events.web.session import SessionController, to_login


def _wall_clock() -> datetime:
    return datetime.now(UTC)


def create_app(settings: Settings, *, clock: Callable[[], datetime] = _wall_clock) -> Litestar:
    """The service; ``clock`` gives every request its instant (tests pass a fixed one)."""
    if not settings.database_url:
        raise ValueError("create_app needs settings.database_url (the CLI starts one if unset)")
    db.queries()  # a package without its SQL fails here, not on the first request

    @asynccontextmanager
    async def pool(app: Litestar) -> AsyncIterator[None]:
        app.state.pool = await db.create_pool(
            str(settings.database_url),
            min_size=settings.pool_min_size,
            max_size=settings.pool_max_size,
        )
        try:
            yield
        finally:
            await app.state.pool.close()

    @asynccontextmanager
    async def delivery(app: Litestar) -> AsyncIterator[None]:
        """The outbox worker, in this process, unless the settings turn it off."""
        if not settings.worker:
            yield
            return
        channels = worker.Channels(settings)  # a wrong channel setting stops the start here
        stop = asyncio.Event()
        task = asyncio.create_task(worker.run(app.state.pool, channels=channels, stop=stop))
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
            CvController,
            CardPageController,
            UserController,
            OutboxController,
            list_skills,
            SkillsCardController,
            RecruiterController,
            SessionController,
        ],
        dependencies=DEPENDENCIES,
        lifespan=[pool, delivery],
        # A page without a log-in sends the browser to the log-in form; the rest answer JSON.
        exception_handlers={Exception: errors.handle, LoginRequired: to_login},
        request_max_body_size=settings.max_body_bytes,
        template_config=TemplateConfig(directory=TEMPLATES, engine=JinjaTemplateEngine),
        openapi_config=OpenAPIConfig(
            title="Rencontres",
            version="1.0.0",
            description="Rencontres de recrutement atypiques — atypical recruitment meetings.",
            path="/schema",
            # No browser UI: they all load scripts from a CDN, and nothing may download at run time.
            render_plugins=[JsonRenderPlugin(), YamlRenderPlugin()],
        ),
        debug=False,
    )
    app.state.settings = settings
    app.state.clock = clock
    return app

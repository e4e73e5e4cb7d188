"""The organisers' back office, under ``/admin/``: server-rendered forms for what the API lets
an organiser do, each page making the same domain call as the API controller beside it.

- ``home``: the organiser's home (coming events and how full they are, what needs doing).
- ``events``: the list of events, the creation form of each format, one event with its
  registrations and waiting list, and the forms that publish, cancel and register.
- ``users``: the accounts one looks after, the form opening one (its welcome mail), the
  forms that mail a reset link and deactivate an account.
- ``common``: who may enter (organisers and admins), the CSRF check before a form's session
  cookie is trusted (``events.web.session.csrf_ok``), and the page helper.
- ``texts``: every word of these pages, in French and English.

Templates live in ``events/web/templates/admin/``; the style sheet in ``static/css/admin.css``."""

from __future__ import annotations

from litestar import Router

from events.web.admin.bibs import AdminBibsController
from events.web.admin.candidates import AdminCandidatesController
from events.web.admin.companies import AdminCompaniesController
from events.web.admin.credentials import AdminCredentialsController
from events.web.admin.data_export import AdminDataExportController
from events.web.admin.documents import AdminDocumentsController
from events.web.admin.erasure import AdminErasureController
from events.web.admin.erasure_retention import AdminRetentionController
from events.web.admin.event_page import AdminEventController
from events.web.admin.event_registrations import AdminEventRegistrationsController
from events.web.admin.events import AdminEventsController
from events.web.admin.home import AdminHomeController
from events.web.admin.imports import AdminImportsController
from events.web.admin.interview_grid import AdminInterviewGridController
from events.web.admin.outbox import AdminOutboxController
from events.web.admin.outcomes import AdminOutcomesController
from events.web.admin.pairings import AdminPairingsController
from events.web.admin.programmes import AdminProgrammesController
from events.web.admin.statistics import AdminStatisticsController
from events.web.admin.users import AdminUsersController
from events.web.admin.workshops import AdminWorkshopsController


def router() -> Router:
    """Every back office page, to be served among the pages (HTML refusals, log-in redirect)."""
    return Router(
        path="/",
        route_handlers=[
            AdminHomeController,
            AdminEventsController,
            AdminEventController,
            AdminEventRegistrationsController,
            AdminCandidatesController,
            AdminErasureController,
            AdminRetentionController,
            AdminImportsController,
            AdminDocumentsController,
            AdminUsersController,
            AdminCompaniesController,
            AdminOutboxController,
            AdminOutcomesController,
            AdminPairingsController,
            AdminProgrammesController,
            AdminStatisticsController,
            AdminDataExportController,
            AdminCredentialsController,
            AdminWorkshopsController,
            AdminInterviewGridController,
            AdminBibsController,
        ],
    )

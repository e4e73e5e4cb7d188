"""The least possible work for some back office pages: the baseline of ``bench.admin_pages``.

Each page is ONE SQL statement on an asyncpg pool (no transaction around it, no session read:
the signed session cookie is checked, as the service checks it before its own session read,
and the organisation it names scopes the statement) and a trivial Jinja template of the same
table the service's page shows. Same framework (Litestar), driver and uvicorn settings as the
service (``python -m bench.admin_baseline --port N [--access-log]``, the settings of
``bench.serve``), at the same paths, so that the bench asks both servers the same requests.

- ``/admin/``: the organisation's coming events with their places taken, in one grouped query;
- ``/admin/events/{id}``: the event's registrations, the waiting list last, with names;
- ``/admin/events``, ``/admin/candidates``, ``/admin/companies``, ``/admin/users``: the first
  ``?rows=`` rows of the list (the bench passes the number of rows the service's page showed).

Nothing else (menus, filters, forms other than each row's cancel button, words in two
languages) is the baseline's job: it is the floor under the same data on the same wire.
"""

from __future__ import annotations

import argparse
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any, Final
from uuid import UUID

import asyncpg
from jinja2 import DictLoader, Environment, select_autoescape
from litestar import Litestar, MediaType, Request, Response, get

from events.directory import accounts
from events.errors import NotAuthenticated
from events.settings import Settings

SESSION_COOKIE: Final = "rencontres_session"
CSRF_COOKIE: Final = "rencontres_csrf"

_REGISTRATIONS: Final = """
select r.id, r.role, r.status, r.checked_in_at is not null as checked_in,
    coalesce(c.first_name || ' ' || c.last_name, co.name) as display_name
from registrations r
join events e on e.id = r.event_id and e.organisation_id = $2
left join candidates c on c.id = r.candidate_id
left join companies co on co.id = r.company_id
where r.event_id = $1
order by coalesce(r.waitlist_seq, 0), r.created_at, r.id
"""
_HOME: Final = """
select e.id, e.title, e.starts_at, e.capacity_candidates, e.capacity_companies,
    count(*) filter (where r.role = 'candidate' and r.status = 'confirmed') as candidates,
    count(*) filter (where r.role = 'company' and r.status = 'confirmed') as companies,
    count(*) filter (where r.status = 'waitlisted') as waitlisted
from events e left join registrations r on r.event_id = e.id
where e.organisation_id = $1 and e.starts_at >= now() and e.status in ('draft', 'published')
group by e.id order by e.starts_at, e.id limit 20
"""
# Each list: its statement ($1 the organisation, $2 the rows) and the columns it shows.
_LISTS: Final[dict[str, tuple[str, tuple[str, ...]]]] = {
    "events": (
        "select id, title, starts_at, kind, status from events where organisation_id = $1"
        " order by starts_at, id limit $2",
        ("title", "starts_at", "kind", "status"),
    ),
    "candidates": (
        "select id, first_name, last_name, city, email, phone from candidates"
        " where organisation_id = $1 order by last_name, first_name, id limit $2",
        ("first_name", "last_name", "city", "email", "phone"),
    ),
    "companies": (
        "select id, name, sector, city, postcode from companies where $1::uuid is not null"
        " order by name, id limit $2",
        ("name", "sector", "city", "postcode"),
    ),
    "users": (
        "select id, name, email, role from users where organisation_id = $1"
        " order by name, id limit $2",
        ("name", "email", "role"),
    ),
}

_TEMPLATES: Final = {
    "page.html": """<!doctype html><html lang="fr"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{{ title }}</title>
<link rel="stylesheet" href="/static/css/admin.css"></head><body><main><h1>{{ title }}</h1>
{% block content %}{% endblock %}</main></body></html>""",
    "event.html": """{% extends "page.html" %}{% block content %}
<table><caption>Inscriptions</caption><thead><tr><th scope="col">Nom</th>
<th scope="col">Rôle</th><th scope="col">État</th><th scope="col">Arrivé</th>
<th scope="col">Action</th></tr></thead><tbody>
{% for r in registrations %}<tr><td>{{ r.display_name }}</td><td>{{ r.role }}</td>
<td>{{ r.status }}</td><td>{{ "oui" if r.checked_in else "non" }}</td>
<td>{% if r.status == "confirmed" and not r.checked_in %}
<form method="post" action="/admin/events/{{ event_id }}/registrations/{{ r.id }}/cancel">
<input type="hidden" name="csrf_token" value="{{ csrf }}">
<button type="submit">Annuler</button></form>{% endif %}</td></tr>
{% endfor %}</tbody></table>
<ol>{% for r in waitlist %}<li>{{ r.display_name }} ({{ r.role }})</li>{% endfor %}</ol>
{% endblock %}""",
    "list.html": """{% extends "page.html" %}{% block content %}
<table><caption>{{ title }}</caption><thead><tr>
{% for c in columns %}<th scope="col">{{ c }}</th>{% endfor %}</tr></thead><tbody>
{% for row in rows %}<tr>{% for c in columns %}<td>
{% if loop.first %}<a href="{{ base }}/{{ row.id }}">{{ row[c] }}</a>
{% else %}{{ row[c] if row[c] is not none }}{% endif %}</td>{% endfor %}</tr>
{% endfor %}</tbody></table>{% endblock %}""",
    "home.html": """{% extends "page.html" %}{% block content %}
<table><caption>À venir</caption><thead><tr><th scope="col">Rencontre</th>
<th scope="col">Date</th><th scope="col">Candidats</th><th scope="col">Entreprises</th>
<th scope="col">En attente</th></tr></thead><tbody>
{% for e in events %}<tr><td><a href="/admin/events/{{ e.id }}">{{ e.title }}</a></td>
<td>{{ e.starts_at }}</td><td>{{ e.candidates }} / {{ e.capacity_candidates }}</td>
<td>{{ e.companies }} / {{ e.capacity_companies }}</td><td>{{ e.waitlisted }}</td></tr>
{% endfor %}</tbody></table>{% endblock %}""",
}


class AdminBaseline:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.pool: Any = None
        self.jinja = Environment(loader=DictLoader(_TEMPLATES), autoescape=select_autoescape())

    def organisation(self, request: Request[Any, Any, Any]) -> UUID:
        """The cookie check: the session token's signature and expiry (cached per token, as
        the service caches it), and the organisation it names."""
        token = request.cookies.get(SESSION_COOKIE, "")
        actor = accounts.actor_from_token(token, settings=self.settings, now=datetime.now(UTC))
        if actor.organisation_id is None:
            raise NotAuthenticated
        return actor.organisation_id

    def render(self, request: Request[Any, Any, Any], name: str, **context: Any) -> Response[str]:
        csrf = request.cookies.get(CSRF_COOKIE) or secrets.token_urlsafe(32)
        html = self.jinja.get_template(name).render(csrf=csrf, **context)
        return Response(html, media_type=MediaType.HTML)


def create_admin_baseline(settings: Settings) -> Litestar:
    baseline = AdminBaseline(settings)

    @asynccontextmanager
    async def pool(app: Litestar) -> AsyncIterator[None]:
        baseline.pool = await asyncpg.create_pool(
            str(settings.database_url),
            min_size=settings.pool_min_size,
            max_size=settings.pool_max_size,
        )
        try:
            yield
        finally:
            await baseline.pool.close()

    @get("/health", sync_to_thread=False)
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @get("/admin/")
    async def home(request: Request[Any, Any, Any]) -> Response[str]:
        rows = await baseline.pool.fetch(_HOME, baseline.organisation(request))
        return baseline.render(request, "home.html", title="Accueil", events=rows)

    @get("/admin/events/{event_id:uuid}")
    async def event(request: Request[Any, Any, Any], event_id: UUID) -> Response[str]:
        rows = await baseline.pool.fetch(_REGISTRATIONS, event_id, baseline.organisation(request))
        return baseline.render(
            request,
            "event.html",
            title="Rencontre",
            event_id=event_id,
            registrations=[r for r in rows if r["status"] != "waitlisted"],
            waitlist=[r for r in rows if r["status"] == "waitlisted"],
        )

    def listing(name: str) -> Any:
        statement, columns = _LISTS[name]

        @get(f"/admin/{name}", name=f"list_{name}")
        async def listed(request: Request[Any, Any, Any], rows: int = 50) -> Response[str]:
            found = await baseline.pool.fetch(statement, baseline.organisation(request), rows)
            return baseline.render(
                request, "list.html", title=name, base=f"/admin/{name}", columns=columns, rows=found
            )

        return listed

    return Litestar(
        route_handlers=[health, home, event, *(listing(name) for name in _LISTS)],
        lifespan=[pool],
        exception_handlers={NotAuthenticated: lambda _r, _e: Response("", status_code=401)},
        openapi_config=None,
    )


# The service's pages under this baseline's paths: the bench compares these only.
PATHS: Final = ("/admin", "/admin/events/{event_id:uuid}", *(f"/admin/{n}" for n in _LISTS))


def main() -> None:
    import uvicorn

    from bench.serve import settings_from_env

    parser = argparse.ArgumentParser(description="Serve the back office pages' baseline")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--access-log", action="store_true", help="a line per request")
    args = parser.parse_args()
    uvicorn.run(
        create_admin_baseline(settings_from_env()),
        host="127.0.0.1",
        port=args.port,
        log_level="info" if args.access_log else "warning",
        access_log=args.access_log,
    )


if __name__ == "__main__":
    main()

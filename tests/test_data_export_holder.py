"""The person's own way to their data (issue 12 §3): their ticket token AND its short code typed
in a form. Without the code nothing personal is shown or sent; a wrong code is refused, kept and,
after five, the ticket waits; the pass the right code gives opens only that ticket's data; each
export is audited as made with the ticket. And the page's "who saw my card": every view, with
date and time, page by page."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import httpx
from httpx import AsyncClient
from litestar import Litestar

from events.settings import Settings
from tests.admin_http import client_of, field
from tests.factories_registrations import make_candidate, make_company, register
from tests.pages import error_code, text_of
from tests.test_data_export import Rich, pdf_text, seed_rich

PASS = "rencontres_donnees"


def _data(r: Rich) -> str:
    return f"/t/{r.token}/moi/donnees"


async def _type_code(http: httpx.AsyncClient, r: Rich, code: str) -> httpx.Response:
    form = await http.get(_data(r))
    assert form.status_code == 200, form.text
    return await http.post(
        _data(r), data={"code": code, "csrf_token": field(form.text, "csrf_token")}
    )


async def _failures(pool: Any, r: Rich) -> int:
    count: int = await pool.fetchval(
        "select count(*) from data_access_failures f join tickets t on t.id = f.ticket_id"
        " where t.registration_id = $1",
        UUID(r.registration["id"]),
    )
    return count


async def _holder_exports(pool: Any, r: Rich) -> list[str]:
    rows = await pool.fetch(
        "select data ->> 'format' as format from audit_log where action = 'data_rights.export'"
        " and subject_id = $1 and data ->> 'via' = 'ticket' and actor_id is null order by id",
        UUID(r.candidate_id),
    )
    return [row["format"] for row in rows]


def _personal(r: Rich) -> tuple[str, ...]:
    return (r.last_name, r.email, r.marker, "Termine la voie", "Vénissieux")


async def test_without_the_code_nothing_personal_is_shown_or_sent(
    app: Litestar, client: AsyncClient, pool: Any, settings: Settings
) -> None:
    r = await seed_rich(client, pool, settings)
    async with client_of(app) as http:
        form = await http.get(_data(r))
        assert form.status_code == 200
        assert 'id="code-form"' in form.text and 'method="post"' in form.text
        for path in (f"{_data(r)}.json", f"{_data(r)}.pdf"):
            answer = await http.get(path)
            assert answer.status_code == 303 and answer.headers["location"].startswith(_data(r))
            assert all(word not in answer.text for word in _personal(r))
        comment = await http.post(
            f"/t/{r.token}/moi/commentaire",
            data={
                "observation_id": r.corrected_id,
                "body": "Sans code",
                "csrf_token": field(form.text, "csrf_token"),
            },
        )
        assert comment.status_code == 303
    words = text_of(form.text)
    assert all(word not in words for word in _personal(r))
    assert await _holder_exports(pool, r) == []
    assert (
        await pool.fetchval(
            "select count(*) from observation_comments where body = 'Sans code'",
        )
        == 0
    )


async def test_a_wrong_code_is_refused_kept_and_leaks_nothing_then_the_right_one_opens(
    app: Litestar, client: AsyncClient, pool: Any, settings: Settings
) -> None:
    r = await seed_rich(client, pool, settings)
    async with client_of(app) as http:
        wrong = await _type_code(http, r, "AAAA-AAAA")
        assert wrong.status_code == 400, wrong.text
        words = text_of(wrong.text)
        assert "Ce n'est pas le bon code" in words and "Essais restants : 4" in words
        assert all(word not in words for word in _personal(r))
        assert PASS not in wrong.headers.get("set-cookie", "")
        assert await _failures(pool, r) == 1
        # Dashes, spaces and case do not matter.
        right = await _type_code(http, r, " " + r.short_code.lower().replace("-", " ") + " ")
        assert right.status_code == 303, right.text
        assert right.headers["location"] == _data(r)
        cookie = right.headers["set-cookie"]
        assert cookie.startswith(f"{PASS}=") and "HttpOnly" in cookie
        assert "SameSite=strict" in cookie or "SameSite=Strict" in cookie
        assert "Path=/t/" in cookie
        # The code never went into an address.
        assert r.short_code not in str(right.url) and r.short_code not in right.headers["location"]
        page = await http.get(_data(r))
        assert page.status_code == 200, page.text
        # The corrected version is the one shown (level 2), with the comment beside it.
        assert "Niveau 2 sur 4" in text_of(page.text) and "Niveau 3 sur 4" not in page.text
        assert "Je suis allée au bout de la voie." in text_of(page.text)
        as_json = await http.get(f"{_data(r)}.json")
        assert as_json.status_code == 200, as_json.text
        assert as_json.json()["person"]["last_name"] == r.last_name
        assert r.token not in as_json.text
        as_pdf = await http.get(f"{_data(r)}.pdf?lang=en")
        assert as_pdf.status_code == 200
        assert "My data" in pdf_text(as_pdf.content)
    assert await _holder_exports(pool, r) == ["json", "pdf"]


async def test_five_wrong_codes_make_the_ticket_wait_even_for_the_right_one(
    app: Litestar, client: AsyncClient, pool: Any, settings: Settings
) -> None:
    r = await seed_rich(client, pool, settings)
    async with client_of(app) as http:
        for left in (4, 3, 2, 1, 0):
            wrong = await _type_code(http, r, "BBBB-BBBB")
            assert wrong.status_code == 400
            assert f"Essais restants : {left}" in text_of(wrong.text)
        waiting = await _type_code(http, r, r.short_code)
        assert waiting.status_code == 429, waiting.text
        assert "Trop d'essais" in text_of(waiting.text)
        assert PASS not in waiting.headers.get("set-cookie", "")
        assert (await http.get(f"{_data(r)}.json")).status_code == 303
    assert await _failures(pool, r) == 5
    # A quarter of an hour later, the right code opens again.
    await pool.execute(
        "update data_access_failures set failed_at = failed_at - interval '16 minutes'"
        " where ticket_id in (select id from tickets where registration_id = $1)",
        UUID(r.registration["id"]),
    )
    async with client_of(app) as http:
        assert (await _type_code(http, r, r.short_code)).status_code == 303


async def test_a_pass_opens_only_its_own_ticket_and_cannot_be_forged(
    app: Litestar, client: AsyncClient, pool: Any, settings: Settings
) -> None:
    mine = await seed_rich(client, pool, settings)
    other = await seed_rich(client, pool, settings)
    async with client_of(app) as http:
        assert (await _type_code(http, mine, mine.short_code)).status_code == 303
        # The same browser, with mine's pass, on the other person's ticket: the form.
        theirs = await http.get(f"{_data(other)}.json")
        assert theirs.status_code == 303
        assert other.last_name not in theirs.text
        kept = http.cookies.get(PASS, path="/t/")
        assert kept
        ticket_hex, expires, _ = kept.split(".")
        http.cookies.clear()
        for forged in (
            f"{ticket_hex}.{int(expires) + 3600}.{'0' * 64}",
            f"{ticket_hex}.{expires}",
            "",
        ):
            http.cookies.set(PASS, forged, path="/t/")
            assert (await http.get(f"{_data(mine)}.json")).status_code == 303
            http.cookies.clear()
    assert await _holder_exports(pool, other) == []


async def test_a_company_ticket_opens_no_data(
    app: Litestar, client: AsyncClient, pool: Any, settings: Settings
) -> None:
    r = await seed_rich(client, pool, settings)
    company = await make_company(client, r.staff.organiser)
    registration = await register(client, r.staff.organiser, r.event["id"], company_id=company)
    token = registration["ticket"]["token"]
    async with client_of(app) as http:
        form = await http.get(f"/t/{token}/moi/donnees")
        assert form.status_code == 404
        assert error_code(form) == "candidate_not_found"
        mine = await http.get(_data(r))  # a candidate's form, for its CSRF token
        answer = await http.post(
            f"/t/{token}/moi/donnees",
            data={
                "code": registration["ticket"]["short_code"],
                "csrf_token": field(mine.text, "csrf_token"),
            },
        )
    assert answer.status_code == 404
    assert error_code(answer) == "candidate_not_found"


async def test_the_page_lists_every_view_with_date_and_time_page_by_page(
    app: Litestar, client: AsyncClient, pool: Any, settings: Settings
) -> None:
    r = await seed_rich(client, pool, settings)
    company_id = await pool.fetchval(
        "select company_id from registrations where event_id = $1 and role = 'company'",
        UUID(r.event["id"]),
    )
    first = datetime(2026, 3, 2, 13, 5, tzinfo=UTC)  # 14 h 05 in Paris
    for n in reversed(range(55)):  # the newest written last, as they happen
        await pool.execute(
            "insert into audit_log (at, actor_role, action, subject_type, subject_id, data)"
            " values ($1, 'recruiter', 'recruiter.view_card', 'candidate', $2, $3)",
            first - timedelta(days=n),
            UUID(r.candidate_id),
            {"company_id": str(company_id), "via": "list", "version": 1},
        )
    async with client_of(app) as http:
        page = await http.get(f"/t/{r.token}/moi")
        assert page.status_code == 200, page.text
        rows = page.text.split('<section aria-labelledby="h-views"')[1].split("</section>")[0]
        # The seeded views are the oldest: the page's own (the recruiter's list) comes first.
        assert rows.count("<tr><td>") == 50
        assert "2 mars 2026 à 14 h 05" in text_of(rows)
        assert "Heure de Paris" in text_of(rows)
        more = _href(page.text, "views-more")
        assert more.startswith("?views=")
        second = await http.get(f"/t/{r.token}/moi{more.split('#')[0]}")
        assert second.status_code == 200
        rest = second.text.split('<section aria-labelledby="h-views"')[1].split("</section>")[0]
        assert rest.count("<tr><td>") == 55 + 1 - 50
        assert 'id="views-more"' not in rest and 'id="views-first"' in rest
        bad = await http.get(f"/t/{r.token}/moi?views=not-a-cursor")
        assert bad.status_code == 400


def _href(page: str, element_id: str) -> str:
    found = re.search(rf'<a href="([^"]+)" id="{element_id}"', page)
    assert found, f"no link {element_id}"
    return html.unescape(found.group(1))


async def test_a_person_without_views_reads_that_nobody_saw_their_card(
    app: Litestar, client: AsyncClient, pool: Any, settings: Settings
) -> None:
    r = await seed_rich(client, pool, settings)
    alone = await make_candidate(client, r.staff.organiser, first_name="Inès")
    registration = await register(client, r.staff.organiser, r.event["id"], candidate_id=alone)
    async with client_of(app) as http:
        page = await http.get(f"/t/{registration['ticket']['token']}/moi")
    assert page.status_code == 200
    assert 'id="views-none"' in page.text and 'id="data-link"' in page.text

"""The back office's statistics and programmes pages over HTTP: the figures as the API gives
them, charts beside tables, the CSV/XLSX/PDF downloads without personal data, the programmes'
forms, and who may."""

from __future__ import annotations

import io
from typing import Any
from uuid import UUID

from httpx import AsyncClient
from litestar import Litestar
from openpyxl import load_workbook  # type: ignore[import-untyped]

from events.settings import Settings
from tests.admin_http import client_of, csrf_of, field, log_in
from tests.factories import make_staff, make_user
from tests.factories_cvs import pages_text
from tests.factories_events import make_event
from tests.test_statistics import seed_event


async def test_an_events_statistics_page_shows_each_chart_beside_its_table(
    app: Litestar, pool: Any, settings: Settings, client: AsyncClient
) -> None:
    staff = await make_staff(pool, settings, client)
    seeded = await seed_event(pool, client, staff)
    names = [
        r["last_name"]
        for r in await pool.fetch(
            "select last_name from candidates where id = any($1::uuid[])", seeded.candidates
        )
    ]
    path = f"/admin/events/{seeded.event_id}/statistics"
    async with client_of(app) as http:
        await log_in(http, staff.organiser_user.email)
        page = await http.get(path)
        assert page.status_code == 200, page.text
        text = page.text
        # Four charts, each an SVG image named by its caption, each with its table.
        assert text.count('<svg xmlns="http://www.w3.org/2000/svg" role="img"') == 4
        for key in ("attendance", "shares", "diplomas", "outcomes"):
            assert f'id="chart-{key}"' in text and f'id="table-{key}"' in text
        assert "Taux d&#39;absence" in text or "Taux d'absence" in text
        assert "&lt; 5" in text
        assert "33,3\u00a0%" in text  # the candidates' no-show rate, as counted by hand
        assert not any(name in text for name in names)
        english = await http.get(f"{path}?lang=en")
        assert "No-show rate" in english.text and "33.3%" in english.text

        csv = await http.get(f"{path}.csv")
        assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
        body = csv.content.decode("utf-8-sig")
        assert "Inscrits et présents;Candidats;Inscrits;15" in body
        assert "< 5" in body
        assert not any(name in body for name in names)

        xlsx = await http.get(f"{path}.xlsx")
        assert xlsx.status_code == 200
        sheet = load_workbook(io.BytesIO(xlsx.content)).active
        cells = [[c.value for c in row] for row in sheet.iter_rows()]
        assert ["Inscrits et présents", "Candidats", "Présents", 10] in cells

        report = await http.get(f"{path}.pdf")
        assert report.status_code == 200 and report.content.startswith(b"%PDF")
        pdf_text = " ".join(pages_text(report.content))
        assert "Rapport pour le financeur" in pdf_text and "< 5" in pdf_text
        assert not any(name in pdf_text for name in names)


async def test_coaches_and_other_organisations_do_not_get_the_statistics(
    app: Litestar, pool: Any, settings: Settings, client: AsyncClient
) -> None:
    staff = await make_staff(pool, settings, client)
    other = await make_staff(pool, settings, client)
    event = await make_event(client, staff.organiser, status="completed")
    path = f"/admin/events/{event['id']}/statistics"
    async with client_of(app) as http:
        await log_in(http, staff.coach_user.email)
        assert (await http.get(path)).status_code == 403
        assert (await http.get(f"{path}.csv")).status_code == 403
    async with client_of(app) as http:
        await log_in(http, other.organiser_user.email)
        assert (await http.get(path)).status_code == 404
        assert (await http.get(f"{path}.pdf")).status_code == 404
        assert (await http.get("/admin/programmes")).status_code == 200


async def test_an_organiser_makes_a_programme_of_events_and_reads_its_statistics(
    app: Litestar, pool: Any, settings: Settings, client: AsyncClient
) -> None:
    staff = await make_staff(pool, settings, client)
    seeded = await seed_event(pool, client, staff)
    async with client_of(app) as http:
        await log_in(http, staff.organiser_user.email)
        token = await csrf_of(http, "/admin/programmes")
        # The name missing: the form again, the refusal next to the field, values kept.
        refused = await http.post(
            "/admin/programmes",
            data={"csrf_token": token, "name": "", "funder": "FSE+", "starts_on": "2027-01-01"},
        )
        assert refused.status_code == 400
        assert 'id="error-name"' in refused.text and 'value="FSE+"' in refused.text
        made = await http.post(
            "/admin/programmes",
            data={
                "csrf_token": token,
                "name": "Du stade vers l'emploi",
                "funder": "FSE+",
                "starts_on": "2027-01-01",
                "ends_on": "2027-12-31",
            },
        )
        assert made.status_code == 303, made.text
        programme_path = made.headers["location"].split("?")[0]
        page = await http.get(made.headers["location"])
        assert "Le programme est créé." in page.text
        # The seeded event is offered, and added.
        assert str(seeded.event_id) in page.text
        added = await http.post(
            f"{programme_path}/events",
            data={"csrf_token": field(page.text, "csrf_token"), "event_id": str(seeded.event_id)},
        )
        assert added.status_code == 303
        stored = await pool.fetchval(
            "select programme_id from events where id = $1", seeded.event_id
        )
        assert programme_path.endswith(str(stored))
        statistics = await http.get(f"{programme_path}/statistics")
        assert statistics.status_code == 200
        assert "Du stade vers l&#39;emploi" in statistics.text
        assert f"/admin/events/{seeded.event_id}/statistics" in statistics.text
        assert "33,3\u00a0%" in statistics.text
        assert (await http.get(f"{programme_path}/statistics.xlsx")).status_code == 200
        # Taken out, then the programme deleted: the event stays.
        removed = await http.post(
            f"{programme_path}/events/{seeded.event_id}/remove", data={"csrf_token": token}
        )
        assert removed.status_code == 303
        assert (
            await pool.fetchval("select programme_id from events where id = $1", seeded.event_id)
            is None
        )
        changed = await http.post(
            programme_path, data={"csrf_token": token, "name": "Nouveau nom", "funder": ""}
        )
        assert changed.status_code == 303
        assert "Nouveau nom" in (await http.get(programme_path)).text
        deleted = await http.post(f"{programme_path}/delete", data={"csrf_token": token})
        assert deleted.status_code == 303
        assert (await http.get(programme_path)).status_code == 404
        assert await pool.fetchval("select 1 from events where id = $1", seeded.event_id) == 1


async def test_the_candidate_form_keeps_gender_and_diploma_level(
    app: Litestar, pool: Any, settings: Settings, client: AsyncClient
) -> None:
    staff = await make_staff(pool, settings, client)
    async with client_of(app) as http:
        await log_in(http, staff.organiser_user.email)
        form = await http.get("/admin/candidates/new")
        assert 'name="private.gender"' in form.text
        assert 'name="private.diploma_level"' in form.text
        made = await http.post(
            "/admin/candidates",
            data={
                "csrf_token": field(form.text, "csrf_token"),
                "first_name": "Awa",
                "last_name": "Diallo",
                "private.gender": "woman",
                "private.diploma_level": "level_4",
            },
        )
        assert made.status_code == 303, made.text
        location = made.headers["location"]
        candidate_id = UUID(location.split("/")[-1].split("?")[0])
        data = await pool.fetchval(
            "select data from candidate_private where candidate_id = $1", candidate_id
        )
        assert data["gender"] == "woman" and data["diploma_level"] == "level_4"
        page = await http.get(location)
        assert page.status_code == 200, page.text
        assert '<option value="level_4" selected>' in page.text
        assert '<option value="woman" selected>' in page.text
        # And shown among the facts of the situation.
        assert "<dt>Niveau de diplôme</dt><dd>Bac (niveau 4)</dd>" in page.text


async def test_an_admin_names_the_organisation_of_a_new_programme(
    app: Litestar, pool: Any, settings: Settings, client: AsyncClient
) -> None:
    staff = await make_staff(pool, settings, client)
    admin = await make_user(pool, settings, role="admin")
    async with client_of(app) as http:
        await log_in(http, admin.email)
        token = await csrf_of(http, "/admin/programmes")
        made = await http.post(
            "/admin/programmes",
            data={
                "csrf_token": token,
                "organisation_id": str(staff.organisation.id),
                "name": "Programme de l'admin",
            },
        )
        assert made.status_code == 303, made.text
    listed = await client.get("/api/v1/programmes", headers=staff.organiser)
    assert [p["name"] for p in listed.json()["items"]] == ["Programme de l'admin"]

"""The back office's import pages over HTTP (``events/web/admin/imports.py``): a French CSV sent
through the multipart form, its columns, the preview with each refused row's number and reason,
the import without JavaScript (one POST, every chunk) and with it (``…/chunk`` answering JSON);
refusals in plain French on the form; the CSRF check and the coach's refusal; and how long 2,000
rows take from upload to result (printed, not asserted)."""

from __future__ import annotations

import re
import time
from collections.abc import AsyncIterator
from typing import Any
from uuid import UUID

import httpx
import pytest
from litestar import Litestar

from events.settings import Settings
from tests.admin_http import client_of, csrf_of, field, log_in
from tests.factories import make_staff, make_user, unique
from tests.factories_registrations import make_candidate, make_published_event
from tests.factories_state import table_counts
from tests.pages import error_code, text_of

HEADER = "Prénom;Nom;Tél. portable;Courriel;Ville;CP;Année de naissance;Observations"


@pytest.fixture
async def browser_like(app: Litestar) -> AsyncIterator[httpx.AsyncClient]:
    async with client_of(app) as http:
        yield http


async def _organiser(pool: Any, settings: Settings, client: httpx.AsyncClient, http: Any) -> Any:
    staff = await make_staff(pool, settings, client)
    await log_in(http, staff.organiser_user.email)
    return staff


def _file(lines: list[str]) -> bytes:
    return ("\r\n".join([HEADER, *lines]) + "\r\n").encode("cp1252")


async def _upload(http: httpx.AsyncClient, content: bytes, name: str = "jeunes.csv") -> Any:
    token = await csrf_of(http, "/admin/candidates/import")
    return await http.post(
        "/admin/candidates/import",
        data={"csrf_token": token},
        files={"file": (name, content, "text/csv")},
    )


def _mapping_form(page: str) -> dict[str, str]:
    """The mapping form as the page fills it (each select's chosen option)."""
    chosen = {"csrf_token": field(page, "csrf_token"), "duplicates": "skip", "event_id": ""}
    for name, options in re.findall(
        r'<select id="[^"]+" name="(column_\d+)"[^>]*>(.*?)</select>', page, re.S
    ):
        selected = re.search(r'<option value="([^"]*)" selected>', options)
        chosen[name] = selected.group(1) if selected else ""
    return chosen


async def test_a_french_csv_is_mapped_previewed_and_imported_without_javascript(
    client: httpx.AsyncClient, pool: Any, settings: Settings, browser_like: httpx.AsyncClient
) -> None:
    staff = await _organiser(pool, settings, client, browser_like)
    await make_candidate(client, staff.organiser, first_name="Moussa", last_name="Diallo",
                         phone="06 11 22 33 44")  # fmt: skip
    event = await make_published_event(client, staff.organiser, candidates=2)
    content = _file(
        [
            "Hélène;Lefèvre;612345678;helene@example.fr;Besançon;25000;1990;RSA",
            "Moussa;Diallo;06 11 22 33 44;;Lyon;69003;;",
            "Zoé;N'Diaye;12;;;;;",
            "Karim;Haddad;0700000000;;;;1985;",
            "Inès;Mercier;0700000001;;;;;",
        ]
    )
    sent = await _upload(browser_like, content)
    assert sent.status_code == 303, sent.text
    mapping_path = sent.headers["location"]
    page = await browser_like.get(mapping_path)
    assert page.status_code == 200, page.text
    words = text_of(page.text)
    # (``text_of`` reads the no-break spaces around « » as spaces)
    assert "Nous avons lu 5 lignes de personnes dans « jeunes.csv »" in words
    assert "Besançon" in words  # the Windows-1252 accents read right
    form = _mapping_form(page.text)
    assert [form[f"column_{i}"] for i in range(1, 9)] == [
        "first_name", "last_name", "phone", "email", "city", "postcode", "birth_year", "",
    ]  # fmt: skip
    assert f'<option value="{event["id"]}">' in page.text
    form.update(duplicates="merge", event_id=event["id"])
    mapped = await browser_like.post(f"{mapping_path}/mapping", data=form)
    assert mapped.status_code == 303, mapped.text
    preview = await browser_like.get(mapped.headers["location"])
    assert preview.status_code == 200, preview.text
    words = text_of(preview.text)
    assert "Importer 4 personnes" in words
    assert re.search(
        r"<th scope=\"row\">4</th><td>Zoé N&#39;Diaye</td><td>Tél. portable</td>", preview.text
    )
    assert "numéro de téléphone" in words
    assert "Moussa Diallo" in words and "fiche complétée" in words
    assert '<script type="module" src="/static/js/import.js"></script>' in preview.text
    started = await browser_like.post(
        mapped.headers["location"].replace("/preview", "/run"),
        data={"csrf_token": field(preview.text, "csrf_token")},
    )
    assert started.status_code == 303, started.text
    assert started.headers["location"].endswith("/result")
    result = await browser_like.get(started.headers["location"])
    assert result.status_code == 200, result.text
    words = text_of(result.text)
    assert "Import de « jeunes.csv » terminé." in words
    assert re.search(r'id="count-created">3<', result.text)
    assert re.search(r'id="count-merged">1<', result.text)
    assert re.search(r'id="count-confirmed">2<', result.text)
    assert re.search(r'id="count-waitlisted">2<', result.text)
    assert "ajouté : ville, code postal" in words
    assert re.search(r'href="/admin/candidates/[0-9a-f-]{36}">Hélène Lefèvre</a>', result.text)
    helene = await pool.fetchrow(
        "select phone, postcode from candidates where organisation_id = $1 and last_name = $2",
        staff.organisation.id,
        "Lefèvre",
    )
    assert dict(helene) == {"phone": "0612345678", "postcode": "25000"}
    # The pages of a finished import lead to its result.
    again = await browser_like.get(mapping_path)
    assert again.status_code == 303 and again.headers["location"].endswith("/result")


async def test_the_script_imports_chunk_by_chunk_and_a_second_run_imports_nothing(
    client: httpx.AsyncClient, pool: Any, settings: Settings, browser_like: httpx.AsyncClient
) -> None:
    staff = await _organiser(pool, settings, client, browser_like)
    names = [unique("Martin") for _ in range(250)]
    sent = await _upload(browser_like, _file([f"Léa;{name};;;;;;" for name in names]))
    path = sent.headers["location"]
    page = await browser_like.get(path)
    mapped = await browser_like.post(f"{path}/mapping", data=_mapping_form(page.text))
    assert mapped.status_code == 303, mapped.text
    token = field((await browser_like.get(mapped.headers["location"])).text, "csrf_token")
    first = await browser_like.post(f"{path}/chunk", data={"csrf_token": token})
    assert first.status_code == 200, first.text
    assert first.headers["content-type"].startswith("application/json")
    assert first.json() == {
        "done": 200, "total": 250, "finished": False, "result": f"{path}/result"
    }  # fmt: skip
    second = await browser_like.post(f"{path}/chunk", data={"csrf_token": token})
    assert second.json()["done"] == 250 and second.json()["finished"] is True
    # The form without the script, sent after the end (a second tab): nothing more.
    late = await browser_like.post(f"{path}/run", data={"csrf_token": token})
    assert late.status_code == 303
    count = await pool.fetchval(
        "select count(*) from candidates where organisation_id = $1", staff.organisation.id
    )
    assert count == 250
    refused = await browser_like.post(f"{path}/chunk", data={"csrf_token": "x" * 43})
    assert refused.status_code == 403


async def test_files_that_are_not_tables_come_back_to_the_form_in_plain_french(
    client: httpx.AsyncClient, pool: Any, settings: Settings, browser_like: httpx.AsyncClient
) -> None:
    await _organiser(pool, settings, client, browser_like)
    before = await table_counts(pool)
    renamed = await _upload(browser_like, _file(["Awa;Diallo;;;;;;"]), name="liste.xlsx")
    assert renamed.status_code == 400
    assert "n'en est pas un" in text_of(renamed.text)
    assert 'aria-invalid="true"' in renamed.text
    empty = await _upload(browser_like, b"", name="vide.csv")
    assert empty.status_code == 400 and "Le fichier est vide" in text_of(empty.text)
    token = await csrf_of(browser_like, "/admin/candidates/import")
    none = await browser_like.post(
        "/admin/candidates/import",
        data={"csrf_token": token},
        files={"file": ("", b"", "application/octet-stream")},
    )
    assert none.status_code == 400 and "choisissez un fichier" in text_of(none.text)
    forged = await browser_like.post(
        "/admin/candidates/import",
        data={"csrf_token": "y" * 43},
        files={"file": ("liste.csv", _file(["Awa;Diallo;;;;;;"]), "text/csv")},
    )
    assert forged.status_code == 403 and error_code(forged) == "csrf_failed"
    too_big = await _upload(browser_like, _file(["Awa;Diallo;;;;;;" + "x" * 100] * 12_000))
    assert too_big.status_code == 413 and error_code(too_big) == "body_too_large"
    bad_mapping = await _upload(browser_like, _file(["Awa;Diallo;;;;;;"]))
    path = bad_mapping.headers["location"]
    page = await browser_like.get(path)
    form = _mapping_form(page.text) | {"column_1": ""}
    refused = await browser_like.post(f"{path}/mapping", data=form)
    assert refused.status_code == 400
    assert "prénom" in text_of(refused.text) and 'role="alert"' in refused.text
    after = await table_counts(pool)
    changed = {name for name in after if after[name] != before.get(name)}
    assert changed <= {"candidate_imports", "candidate_import_rows", "audit_log"}
    assert after["candidates"] == before["candidates"]


async def test_coaches_and_other_organisations_do_not_reach_an_import(
    client: httpx.AsyncClient, pool: Any, settings: Settings, app: Litestar
) -> None:
    staff = await make_staff(pool, settings, client)
    async with client_of(app) as organiser, client_of(app) as coach, client_of(app) as other:
        await log_in(organiser, staff.organiser_user.email)
        sent = await _upload(organiser, _file(["Awa;Diallo;;;;;;"]))
        path = sent.headers["location"]
        await log_in(coach, staff.coach_user.email)
        assert (await coach.get("/admin/candidates/import")).status_code == 403
        assert (await coach.get(path)).status_code == 403
        stranger = await make_staff(pool, settings, client)
        await log_in(other, stranger.organiser_user.email)
        hidden = await other.get(path)
        assert hidden.status_code == 404 and error_code(hidden) == "not_found"


async def test_an_admin_names_the_organisation_and_pages_speak_english_when_asked(
    client: httpx.AsyncClient, pool: Any, settings: Settings, browser_like: httpx.AsyncClient
) -> None:
    staff = await make_staff(pool, settings, client)
    admin = await make_user(pool, settings, role="admin")
    await log_in(browser_like, admin.email)
    form = await browser_like.get("/admin/candidates/import")
    assert f'<option value="{staff.organisation.id}">' in form.text
    nowhere = await _upload(browser_like, _file(["Awa;Diallo;;;;;;"]))
    assert nowhere.status_code == 400
    assert "Dites dans quelle structure" in text_of(nowhere.text)
    token = field(form.text, "csrf_token")
    sent = await browser_like.post(
        "/admin/candidates/import?lang=en",
        data={"csrf_token": token, "organisation_id": str(staff.organisation.id)},
        files={"file": ("liste.csv", _file(["Awa;Diallo;;;;;;"]), "text/csv")},
    )
    assert sent.status_code == 303 and sent.headers["location"].endswith("?lang=en")
    page = await browser_like.get(sent.headers["location"])
    words = text_of(page.text)
    assert "Check the columns" in words and "We read 1 row of people" in words
    assert '<option value="first_name" selected>First name</option>' in page.text
    batch = await pool.fetchrow(
        "select organisation_id, created_by from candidate_imports where id = $1",
        UUID(sent.headers["location"].split("/")[-1].split("?")[0]),
    )
    assert dict(batch) == {"organisation_id": staff.organisation.id, "created_by": admin.id}


async def test_two_thousand_rows_from_upload_to_result(
    client: httpx.AsyncClient, pool: Any, settings: Settings, browser_like: httpx.AsyncClient
) -> None:
    """How long an organiser waits for 2,000 people (printed for the report, not asserted)."""
    staff = await _organiser(pool, settings, client, browser_like)
    event = await make_published_event(client, staff.organiser, candidates=1500)
    lines = [
        f"Prénom{i};{unique('Nom')};06 {i // 100:02d} {i % 100:02d} 00 00;;Montreuil;93100;"
        f"{1960 + i % 45};"
        for i in range(2000)
    ]
    started = time.perf_counter()
    sent = await _upload(browser_like, _file(lines))
    uploaded = time.perf_counter()
    path = sent.headers["location"]
    form = _mapping_form((await browser_like.get(path)).text)
    form.update(event_id=event["id"])
    mapped = await browser_like.post(f"{path}/mapping", data=form)
    preview = await browser_like.get(mapped.headers["location"])
    assert "Importer 2 000 personnes" in text_of(preview.text)
    previewed = time.perf_counter()
    token = field(preview.text, "csrf_token")
    chunks = []
    while True:
        step_start = time.perf_counter()
        step = (await browser_like.post(f"{path}/chunk", data={"csrf_token": token})).json()
        chunks.append(time.perf_counter() - step_start)
        if step["finished"]:
            break
    result = await browser_like.get(step["result"])
    done = time.perf_counter()
    shown = done - previewed - sum(chunks)
    assert re.search(r'id="count-created">2\u202f000<', result.text)
    assert re.search(r'id="count-waitlisted">500<', result.text)
    print(
        f"\n2,000 rows: upload {uploaded - started:.2f} s, mapping and preview "
        f"{previewed - uploaded:.2f} s, import {sum(chunks):.2f} s in {len(chunks)} chunks "
        f"(longest {max(chunks):.2f} s), result page {shown:.2f} s; "
        f"end to end {done - started:.2f} s"
    )

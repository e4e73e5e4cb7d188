"""The door scanner page over HTTP (``events/web/door.py``): a typed short code lets the person in
and the same code typed again is refused "déjà entré", a replaced ticket and another event's
ticket are refused, each in plain words and with every scan kept; the camera's JSON endpoint
answers the same; the staff of another organisation and a form without its CSRF token are
refused with nothing checked in."""

from __future__ import annotations

import io
import json
import re
import secrets
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from litestar import Litestar
from PIL import Image

from events.settings import Settings
from events.tickets import codes
from events.web import vendor
from tests.admin_http import client_of, field, log_in
from tests.factories import Staff, make_staff
from tests.factories_registrations import (
    make_candidate,
    make_company,
    make_published_event,
    register,
)
from tests.pages import error_code, text_of


@pytest.fixture
async def browser_like(app: Litestar) -> AsyncIterator[httpx.AsyncClient]:
    async with client_of(app) as http:
        yield http


async def _ticket(client: httpx.AsyncClient, staff: Staff, event: dict[str, Any]) -> Any:
    candidate_id = await make_candidate(client, staff.organiser)
    return await register(client, staff.organiser, event["id"], candidate_id=candidate_id)


async def _scans(pool: Any, event_id: str) -> list[str]:
    rows = await pool.fetch("select result from scans where event_id = $1 order by id", event_id)
    return [r["result"] for r in rows]


async def _checked_in(pool: Any, registration_id: str) -> bool:
    at = await pool.fetchval(
        "select checked_in_at from registrations where id = $1", registration_id
    )
    return at is not None


def _answer_code(page: str) -> str:
    found = re.search(r'<div class="box (?:ok|stop)" data-code="([a-z_]+)"', page)
    assert found, page
    return found[1]


async def _type(
    http: httpx.AsyncClient, event_id: str, code: str, *, lang: str = ""
) -> httpx.Response:
    """The door page, then its form sent with ``code`` typed in."""
    query = f"?lang={lang}" if lang else ""
    door = await http.get(f"/door/{event_id}{query}")
    assert door.status_code == 200, door.text
    return await http.post(
        f"/door/{event_id}{query}",
        data={
            "code": code,
            "csrf_token": field(door.text, "csrf_token"),
            "nonce": field(door.text, "nonce"),
        },
    )


async def test_a_typed_code_lets_in_once_then_says_already_in(
    client: httpx.AsyncClient, pool: Any, settings: Settings, browser_like: httpx.AsyncClient
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser)
    registration = await _ticket(client, staff, event)
    await log_in(browser_like, staff.coach_user.email)
    door = await browser_like.get(f"/door/{event['id']}")
    assert door.status_code == 200, door.text
    assert event["title"] in text_of(door.text)
    assert "Candidats 0 sur 1 attendus" in text_of(door.text)
    policy = door.headers["content-security-policy"]
    assert "script-src 'self' 'wasm-unsafe-eval';" in policy
    assert "default-src 'none'" in policy and "unsafe-inline" not in policy
    style = re.search(r"style-src 'nonce-([A-Za-z0-9_-]{20,})'", policy)
    assert style is not None
    assert f'<style nonce="{style[1]}">' in door.text

    typed = codes.format_code(registration["ticket"]["short_code"]).lower()
    first = await _type(browser_like, event["id"], typed)
    assert first.status_code == 200, first.text
    assert _answer_code(first.text) == "checked_in"
    words = text_of(first.text)
    assert "Entrée OK" in words
    assert "Zoé " in words
    assert "Candidats 1 sur 1 attendus" in words
    assert await _checked_in(pool, registration["id"])

    second = await _type(browser_like, event["id"], typed)
    assert second.status_code == 200
    assert _answer_code(second.text) == "already_checked_in"
    assert "Déjà entré" in text_of(second.text)
    assert await _scans(pool, event["id"]) == ["checked_in", "already_checked_in"]


async def test_the_same_form_sent_twice_gets_the_first_answer(
    client: httpx.AsyncClient, pool: Any, settings: Settings, browser_like: httpx.AsyncClient
) -> None:
    """A reload that sends the form again (same nonce) is not a second scan."""
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser)
    registration = await _ticket(client, staff, event)
    await log_in(browser_like, staff.organiser_user.email)
    door = await browser_like.get(f"/door/{event['id']}?lang=en")
    form = {
        "code": registration["ticket"]["short_code"],
        "csrf_token": field(door.text, "csrf_token"),
        "nonce": field(door.text, "nonce"),
    }
    for _ in range(2):
        again = await browser_like.post(f"/door/{event['id']}?lang=en", data=form)
        assert _answer_code(again.text) == "checked_in"
        assert "Entry OK" in text_of(again.text)
    assert await _scans(pool, event["id"]) == ["checked_in"]


async def test_a_replaced_ticket_and_another_events_ticket_are_refused_in_plain_words(
    client: httpx.AsyncClient, pool: Any, settings: Settings, browser_like: httpx.AsyncClient
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser)
    other = await make_published_event(client, staff.organiser)
    replaced = await _ticket(client, staff, event)
    reissued = await client.post(
        f"/api/v1/registrations/{replaced['id']}/ticket/reissue", headers=staff.organiser
    )
    assert reissued.status_code == 201
    elsewhere = await _ticket(client, staff, other)
    await log_in(browser_like, staff.coach_user.email)

    old = await _type(browser_like, event["id"], replaced["ticket"]["short_code"])
    assert _answer_code(old.text) == "ticket_revoked"
    assert "Ancien billet" in text_of(old.text)
    assert "Demandez le dernier billet reçu" in text_of(old.text)
    # A short code is looked up in this event only: another event's is unknown here.
    typed = await _type(browser_like, event["id"], elsewhere["ticket"]["short_code"], lang="en")
    assert _answer_code(typed.text) == "invalid_ticket"
    assert "Unknown code" in text_of(typed.text)

    # The camera reads the signed token: another event's is said to be so.
    door = await browser_like.get(f"/door/{event['id']}")
    scanned = await browser_like.post(
        f"/door/{event['id']}/scan",
        data={
            "code": elsewhere["ticket"]["token"],
            "nonce": "phone-1-0001",
            "csrf_token": field(door.text, "csrf_token"),
        },
    )
    assert scanned.status_code == 200, scanned.text
    assert scanned.headers["content-type"].startswith("application/json")
    assert scanned.json() == {
        "ok": False,
        "code": "wrong_event",
        "name": None,
        "heading": "Autre rencontre",
        "message": "Ce billet est pour une autre rencontre.",
    }
    assert not await _checked_in(pool, replaced["id"])
    assert not await _checked_in(pool, elsewhere["id"])
    assert await _scans(pool, event["id"]) == ["ticket_revoked", "invalid_ticket", "wrong_event"]


async def test_the_camera_endpoint_lets_in_and_answers_a_retry_as_the_first_time(
    client: httpx.AsyncClient, pool: Any, settings: Settings, browser_like: httpx.AsyncClient
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser)
    registration = await _ticket(client, staff, event)
    await log_in(browser_like, staff.coach_user.email)
    door = await browser_like.get(f"/door/{event['id']}")
    link = f"{settings.public_url}/t/{registration['ticket']['token']}"
    body = {"code": link, "nonce": "phone-1-0002", "csrf_token": field(door.text, "csrf_token")}
    first = await browser_like.post(f"/door/{event['id']}/scan", data=body)
    retried = await browser_like.post(f"/door/{event['id']}/scan", data=body)
    assert first.json()["ok"] is True
    assert first.json()["code"] == "checked_in"
    assert first.json()["name"].startswith("Zoé ")
    assert retried.json() == first.json()
    again = await browser_like.post(
        f"/door/{event['id']}/scan?lang=en", data={**body, "nonce": "phone-1-0003"}
    )
    assert again.json()["code"] == "already_checked_in"
    assert again.json()["heading"] == "Already in"
    empty = await browser_like.post(f"/door/{event['id']}/scan", data={**body, "code": " "})
    assert (empty.status_code, empty.json()["code"]) == (400, "empty")
    assert await _scans(pool, event["id"]) == ["checked_in", "already_checked_in"]


async def test_staff_of_another_organisation_are_refused_the_door(
    client: httpx.AsyncClient, pool: Any, settings: Settings, browser_like: httpx.AsyncClient
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser)
    registration = await _ticket(client, staff, event)
    strangers = await make_staff(pool, settings, client)
    await log_in(browser_like, strangers.coach_user.email)
    door = await browser_like.get(f"/door/{event['id']}")
    assert door.status_code == 404
    assert error_code(door) == "event_not_found"
    # Their own page gives them a form token; it does not open another organisation's door.
    mine = await make_published_event(client, strangers.organiser)
    form = await browser_like.get(f"/door/{mine['id']}")
    token = field(form.text, "csrf_token")
    typed = await browser_like.post(
        f"/door/{event['id']}",
        data={"code": registration["ticket"]["short_code"], "csrf_token": token, "nonce": "n1"},
    )
    assert typed.status_code == 404
    assert error_code(typed) == "event_not_found"
    scanned = await browser_like.post(
        f"/door/{event['id']}/scan",
        data={"code": registration["ticket"]["token"], "csrf_token": token, "nonce": "n2"},
    )
    assert scanned.status_code == 404
    assert not await _checked_in(pool, registration["id"])
    assert await _scans(pool, event["id"]) == []


async def test_a_form_without_its_csrf_token_checks_no_one_in(
    client: httpx.AsyncClient, pool: Any, settings: Settings, browser_like: httpx.AsyncClient
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser)
    registration = await _ticket(client, staff, event)
    await log_in(browser_like, staff.coach_user.email)
    await browser_like.get(f"/door/{event['id']}")  # the browser holds its CSRF cookie
    code = registration["ticket"]["short_code"]
    for path, token in [
        (f"/door/{event['id']}", ""),
        (f"/door/{event['id']}", "x" * 43),
        (f"/door/{event['id']}/scan", "x" * 43),
    ]:
        refused = await browser_like.post(path, data={"code": code, "csrf_token": token})
        assert refused.status_code == 403, path
        assert error_code(refused) == "csrf_failed"
    assert not await _checked_in(pool, registration["id"])


async def test_without_a_log_in_the_door_sends_to_the_log_in_form(
    client: httpx.AsyncClient, pool: Any, settings: Settings, browser_like: httpx.AsyncClient
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser)
    door = await browser_like.get(f"/door/{event['id']}")
    assert door.status_code in (302, 303)
    assert door.headers["location"].startswith("/login?next=")


async def test_nothing_typed_is_said_in_plain_words(
    client: httpx.AsyncClient, pool: Any, settings: Settings, browser_like: httpx.AsyncClient
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser)
    await log_in(browser_like, staff.coach_user.email)
    typed = await _type(browser_like, event["id"], "   ")
    assert typed.status_code == 400
    assert _answer_code(typed.text) == "empty"
    assert "Tapez le code écrit sous le QR" in text_of(typed.text)
    assert await _scans(pool, event["id"]) == []


async def test_scans_made_offline_are_uploaded_and_each_answered_in_plain_words(
    client: httpx.AsyncClient,
    pool: Any,
    settings: Settings,
    app: Litestar,
    browser_like: httpx.AsyncClient,
) -> None:
    """Two phones scanned the same ticket offline: the first scan wins, the other is said to be
    a duplicate; a replaced ticket is refused; the same upload again changes nothing."""
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser)
    admitted = await _ticket(client, staff, event)
    replaced = await _ticket(client, staff, event)
    reissued = await client.post(
        f"/api/v1/registrations/{replaced['id']}/ticket/reissue", headers=staff.organiser
    )
    assert reissued.status_code == 201
    await log_in(browser_like, staff.coach_user.email)
    door = await browser_like.get(f"/door/{event['id']}")
    token = field(door.text, "csrf_token")
    start = datetime.now(UTC) - timedelta(minutes=10)
    body = {
        "scans": [
            {
                "token": admitted["ticket"]["token"],
                "scanned_at": (start + timedelta(minutes=2)).isoformat(),
                "nonce": "phone-2-0001",
            },
            {
                "token": admitted["ticket"]["token"],
                "scanned_at": (start + timedelta(minutes=1)).isoformat(),
                "nonce": "phone-1-0001",
            },
            {
                "token": replaced["ticket"]["token"],
                "scanned_at": (start + timedelta(minutes=3)).isoformat(),
                "nonce": "phone-1-0002",
            },
        ]
    }
    url = f"/door/{event['id']}/batch"
    refused = await browser_like.post(url, json=body)
    assert refused.status_code == 403
    assert error_code(refused) == "csrf_failed"
    assert await _scans(pool, event["id"]) == []

    uploaded = await browser_like.post(url, json=body, headers={"X-CSRF-Token": token})
    assert uploaded.status_code == 200, uploaded.text
    answers = [(a["nonce"], a["ok"], a["code"], a["duplicate"]) for a in uploaded.json()]
    assert answers == [
        ("phone-1-0001", True, "checked_in", False),
        ("phone-2-0001", False, "already_checked_in", True),
        ("phone-1-0002", False, "ticket_revoked", False),
    ]
    assert uploaded.json()[1]["heading"] == "Déjà entré"
    stored = await pool.fetchval(
        "select checked_in_at from registrations where id = $1", admitted["id"]
    )
    assert stored == start + timedelta(minutes=1)
    again = await browser_like.post(f"{url}?lang=en", json=body, headers={"X-CSRF-Token": token})
    assert [a["code"] for a in again.json()] == [a[2] for a in answers]
    assert again.json()[0]["heading"] == "Entry OK"
    assert len(await _scans(pool, event["id"])) == 3

    strangers = await make_staff(pool, settings, client)
    async with client_of(app) as other:
        await log_in(other, strangers.coach_user.email)
        mine = await make_published_event(client, strangers.organiser)
        theirs = field((await other.get(f"/door/{mine['id']}")).text, "csrf_token")
        elsewhere = await other.post(url, json=body, headers={"X-CSRF-Token": theirs})
        assert elsewhere.status_code == 404


def test_the_qr_reader_is_served_with_the_wasm_of_its_own_zxing_version() -> None:
    """barcode-detector bundles ZXing's JavaScript of one zxing-wasm version; the WebAssembly
    served beside it must be that version's (another one fails to allocate memory)."""
    root = Path(__file__).resolve().parent.parent
    lock = json.loads((root / "package-lock.json").read_text())["packages"]
    wanted = lock["node_modules/barcode-detector"]["dependencies"]["zxing-wasm"]
    assert lock["node_modules/zxing-wasm"]["version"] == wanted
    assert "node_modules/barcode-detector/node_modules/zxing-wasm" not in lock
    bundle = root / vendor.TARGET / "barcode-detector" / "dist" / "es" / "zxing-exported.js"
    assert f'"{wanted}"' in bundle.read_text(encoding="utf-8")


async def test_static_files_are_compressed_and_pages_never(
    client: httpx.AsyncClient, pool: Any, settings: Settings, browser_like: httpx.AsyncClient
) -> None:
    """Scripts and the QR reader's WebAssembly go gzip-compressed to a browser that accepts it;
    a page (a CSRF token beside what its reader typed: BREACH) and the JSON never are."""
    gzip_please = {"Accept-Encoding": "gzip"}
    wasm = await browser_like.get(
        vendor.url("zxing-wasm", "dist/reader/zxing_reader.wasm"), headers=gzip_please
    )
    assert wasm.status_code == 200
    assert wasm.headers["content-encoding"] == "gzip"
    assert "accept-encoding" in wasm.headers["vary"].lower()
    assert wasm.content[:4] == b"\0asm"  # as it is, once decompressed
    assert int(wasm.headers.get("content-length") or len(wasm.read())) > 0
    script = await browser_like.get("/static/js/door.js", headers=gzip_please)
    assert script.headers["content-encoding"] == "gzip"
    assert "indexedDB" in script.text
    # Asked again with its ETag: a bodiless 304.
    again = await browser_like.get(
        "/static/js/door.js", headers={**gzip_please, "If-None-Match": script.headers["etag"]}
    )
    assert again.status_code == 304
    assert again.content == b""
    plain = await browser_like.get("/static/js/door.js", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers
    assert plain.text == script.text

    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser)
    await log_in(browser_like, staff.coach_user.email)
    door = await browser_like.get(f"/door/{event['id']}", params={"q": "zoe"}, headers=gzip_please)
    assert door.status_code == 200
    assert len(door.content) > 500
    assert "content-encoding" not in door.headers
    token = field(door.text, "csrf_token")
    people = await browser_like.get(
        f"/door/{event['id']}/people", headers={**gzip_please, "X-CSRF-Token": token}
    )
    assert people.status_code == 200
    assert "content-encoding" not in people.headers
    api = await client.get("/schema/openapi.json", headers=gzip_please)
    assert api.status_code == 200
    assert "content-encoding" not in api.headers


async def test_the_service_worker_is_served_under_the_door_pages(
    browser_like: httpx.AsyncClient,
) -> None:
    """Served at /door/sw.js, its scope is /door/: it controls the door pages and no other."""
    worker = await browser_like.get("/door/sw.js")
    assert worker.status_code == 200
    assert worker.headers["content-type"].startswith("text/javascript")
    assert worker.headers["cache-control"] == "no-store"  # a new version is seen at once
    assert 'addEventListener("fetch"' in worker.text


async def _search(http: httpx.AsyncClient, event_id: str, q: str) -> httpx.Response:
    found = await http.get(f"/door/{event_id}", params={"q": q})
    assert found.status_code == 200, found.text
    return found


def _let_in_forms(page: str) -> list[str]:
    return re.findall(r'<form method="post" action="(/door/[^"]+/people/[^"?]+)', page)


async def test_someone_who_lost_everything_is_let_in_by_name_once(
    client: httpx.AsyncClient, pool: Any, settings: Settings, browser_like: httpx.AsyncClient
) -> None:
    """A search by name, accents aside, offers the confirmed only; "Faire entrer" lets the
    person in once, the scan kept as made by name; a second time is "déjà entré"."""
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser, candidates=1)
    surname = f"Lefèvre{secrets.token_hex(3)}"
    confirmed = await register(
        client,
        staff.organiser,
        event["id"],
        candidate_id=await make_candidate(client, staff.organiser, last_name=surname),
    )
    waiting = await register(
        client,
        staff.organiser,
        event["id"],
        candidate_id=await make_candidate(
            client, staff.organiser, first_name="Éloïse", last_name=surname
        ),
    )
    assert (confirmed["status"], waiting["status"]) == ("confirmed", "waitlisted")
    await log_in(browser_like, staff.coach_user.email)

    found = await _search(browser_like, event["id"], f"zoe {surname.lower()[:4]}")
    forms = _let_in_forms(found.text)
    assert forms == [f"/door/{event['id']}/people/{confirmed['id']}"]
    words = text_of(found.text)
    assert f"Zoé {surname[0]}." in words
    assert confirmed["ticket"]["short_code"] in words
    assert "Éloïse" not in words  # waitlisted: not offered
    assert surname not in words  # the last name is not shown, its initial only
    nobody = await _search(browser_like, event["id"], "eloise")
    assert _let_in_forms(nobody.text) == []
    assert "Personne d'inscrit et confirmé avec ce nom." in text_of(nobody.text)

    token = field(found.text, "csrf_token")
    refused = await browser_like.post(forms[0], data={"csrf_token": ""})
    assert refused.status_code == 403
    first = await browser_like.post(forms[0], data={"csrf_token": token})
    assert first.status_code == 200, first.text
    assert _answer_code(first.text) == "checked_in"
    assert "Entrée OK" in text_of(first.text)
    assert f"Zoé {surname[0]}." in text_of(first.text)
    second = await browser_like.post(forms[0], data={"csrf_token": token})
    assert _answer_code(second.text) == "already_checked_in"
    assert "Déjà entré" in text_of(second.text)
    # Not offered, and not let in by sending the form anyway.
    forced = await browser_like.post(
        f"/door/{event['id']}/people/{waiting['id']}", data={"csrf_token": token}
    )
    assert _answer_code(forced.text) == "not_confirmed"
    assert not await _checked_in(pool, waiting["id"])

    rows = await pool.fetch(
        "select result, method, registration_id, offline from scans where event_id = $1 "
        "order by id",
        event["id"],
    )
    assert [(r["result"], r["method"], str(r["registration_id"])) for r in rows] == [
        ("checked_in", "by_name", confirmed["id"]),
        ("already_checked_in", "by_name", confirmed["id"]),
        ("not_confirmed", "by_name", waiting["id"]),
    ]
    audited = await pool.fetchval(
        "select data from audit_log where subject_id = $1 and action = 'registration.check_in'",
        confirmed["id"],
    )
    assert "by_name" in str(audited)


async def _company(client: httpx.AsyncClient, staff: Staff, name: str) -> str:
    created = await client.post(
        "/api/v1/companies",
        headers=staff.organiser,
        json={
            "name": name,
            "sector": "agroalimentaire",
            "city": "Montreuil",
            "postcode": "93100",
            "contact": {"name": "Claire Martin"},
        },
    )
    assert created.status_code == 201, created.text
    company_id: str = created.json()["id"]
    return company_id


async def test_a_company_is_found_by_its_name_and_let_in_by_name(
    client: httpx.AsyncClient, pool: Any, settings: Settings, browser_like: httpx.AsyncClient
) -> None:
    """A company's representatives come in under the company's name: found by part of it
    (accents and case aside), marked as a company, let in once with the scan kept as made by
    name, and counted; the company's contact person is never shown."""
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser, companies=1)
    name = f"Pâtisserie Élégante {secrets.token_hex(3)}"
    company = await register(
        client, staff.organiser, event["id"], company_id=await _company(client, staff, name)
    )
    waiting = await register(
        client,
        staff.organiser,
        event["id"],
        company_id=await _company(client, staff, f"Pâtisserie Élégante {secrets.token_hex(3)}"),
    )
    assert (company["status"], waiting["status"]) == ("confirmed", "waitlisted")
    await log_in(browser_like, staff.coach_user.email)

    found = await _search(browser_like, event["id"], "patisserie ELEGANTE")
    forms = _let_in_forms(found.text)
    assert forms == [f"/door/{event['id']}/people/{company['id']}"]
    words = text_of(found.text)
    assert name in words
    assert "Entreprise" in words
    assert company["ticket"]["short_code"] in words
    assert "Claire Martin" not in words
    english = await browser_like.get(f"/door/{event['id']}", params={"q": "élégante", "lang": "en"})
    assert "Company" in text_of(english.text)

    token = field(found.text, "csrf_token")
    first = await browser_like.post(forms[0], data={"csrf_token": token})
    assert first.status_code == 200, first.text
    assert _answer_code(first.text) == "checked_in"
    assert name in text_of(first.text)
    assert 'id="count-companies">1 sur 1 attendus<' in first.text
    second = await browser_like.post(forms[0], data={"csrf_token": token})
    assert _answer_code(second.text) == "already_checked_in"
    rows = await pool.fetch(
        "select result, method, registration_id from scans where event_id = $1 order by id",
        event["id"],
    )
    assert [(r["result"], r["method"], str(r["registration_id"])) for r in rows] == [
        ("checked_in", "by_name", company["id"]),
        ("already_checked_in", "by_name", company["id"]),
    ]


async def test_the_api_lets_in_by_name_for_the_events_staff_only(
    client: httpx.AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser)
    other = await make_published_event(client, staff.organiser)
    registration = await _ticket(client, staff, event)
    url = f"/api/v1/registrations/{registration['id']}/checkin"

    strangers = await make_staff(pool, settings, client)
    elsewhere = await client.post(url, headers=strangers.coach)
    assert elsewhere.status_code == 404
    assert elsewhere.json()["code"] == "registration_not_found"
    assert not await _checked_in(pool, registration["id"])

    first = await client.post(url, headers=staff.coach)
    assert first.status_code == 200, first.text
    assert first.json()["registration_id"] == registration["id"]
    assert first.json()["display_name"].startswith("Zoé ")
    again = await client.post(url, headers=staff.organiser)
    assert again.status_code == 409, again.text
    assert again.json()["code"] == "already_checked_in"
    assert await _scans(pool, event["id"]) == ["checked_in", "already_checked_in"]
    assert await _scans(pool, other["id"]) == []


async def test_the_offline_list_holds_the_names_shown_at_the_door_and_short_codes_only(
    client: httpx.AsyncClient, pool: Any, settings: Settings, browser_like: httpx.AsyncClient
) -> None:
    """A candidate's first name and initial, a company's name (its contact person's name is
    not there), each with the ticket's short code; nobody waitlisted."""
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser, candidates=1, companies=1)
    confirmed = await _ticket(client, staff, event)
    waiting = await _ticket(client, staff, event)
    assert waiting["status"] == "waitlisted"
    company = await register(
        client, staff.organiser, event["id"], company_id=await make_company(client, staff.organiser)
    )
    waiting_company = await register(
        client, staff.organiser, event["id"], company_id=await make_company(client, staff.organiser)
    )
    assert (company["status"], waiting_company["status"]) == ("confirmed", "waitlisted")
    company_name = await pool.fetchval(
        "select co.name from registrations r join companies co on co.id = r.company_id "
        "where r.id = $1",
        company["id"],
    )
    await log_in(browser_like, staff.coach_user.email)
    url = f"/door/{event['id']}/people"
    door = await browser_like.get(f"/door/{event['id']}")
    assert f'data-people-url="{url}"' in door.text
    without = await browser_like.get(url)
    assert without.status_code == 403
    assert error_code(without) == "csrf_failed"
    token = field(door.text, "csrf_token")
    listed = await browser_like.get(url, headers={"X-CSRF-Token": token})
    assert listed.status_code == 200, listed.text
    assert listed.headers["cache-control"] == "no-store"
    surname = await pool.fetchval(
        "select c.last_name from registrations r join candidates c on c.id = r.candidate_id "
        "where r.id = $1",
        confirmed["id"],
    )
    assert listed.json() == [
        {
            "role": "company",
            "name": company_name,
            "short_code": company["ticket"]["short_code"],
        },
        {
            "role": "candidate",
            "name": f"Zoé {surname[0]}.",
            "short_code": confirmed["ticket"]["short_code"],
        },
    ]
    assert "Claire Martin" not in listed.text  # the company's contact person

    strangers = await make_staff(pool, settings, client)
    await log_in(browser_like, strangers.coach_user.email)
    mine = await make_published_event(client, strangers.organiser)
    theirs = field((await browser_like.get(f"/door/{mine['id']}")).text, "csrf_token")
    refused = await browser_like.get(url, headers={"X-CSRF-Token": theirs})
    assert refused.status_code == 404
    # Nor may they let anyone in by name, at this door or at their own.
    for door_id in (event["id"], mine["id"]):
        forced = await browser_like.post(
            f"/door/{door_id}/people/{confirmed['id']}", data={"csrf_token": theirs}
        )
        assert forced.status_code == 404, forced.text
    assert not await _checked_in(pool, confirmed["id"])
    assert await _scans(pool, event["id"]) == []


async def test_the_door_page_has_a_web_app_manifest_and_icons(
    client: httpx.AsyncClient, pool: Any, settings: Settings, browser_like: httpx.AsyncClient
) -> None:
    """Installable: the page links its event's manifest (which its CSP lets it read); the
    manifest opens that door in its own window under /door/, in French (English with
    ?lang=en), with the page's colours and icons that are served, PNG at their size."""
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser)
    await log_in(browser_like, staff.coach_user.email)
    door = await browser_like.get(f"/door/{event['id']}")
    assert door.status_code == 200, door.text
    address = f"/door/{event['id']}/manifest.webmanifest"
    assert f'<link rel="manifest" href="{address}">' in door.text
    assert "manifest-src 'self'" in door.headers["content-security-policy"]
    english = await browser_like.get(f"/door/{event['id']}", params={"lang": "en"})
    assert f'<link rel="manifest" href="{address}?lang=en">' in english.text

    # Public: a browser asks for the manifest and its icons without cookies.
    found = await client.get(address)
    assert found.status_code == 200, found.text
    assert found.headers["content-type"] == "application/manifest+json"
    manifest = found.json()
    assert manifest["name"] == "Rencontres — Porte"
    assert manifest["short_name"] == "Porte"
    assert manifest["lang"] == "fr"
    assert manifest["start_url"] == f"/door/{event['id']}"
    assert manifest["scope"] == "/door/"
    assert manifest["display"] == "standalone"
    assert manifest["theme_color"] == "#0a3a8c"
    assert manifest["background_color"] == "#ffffff"
    in_english = (await client.get(address, params={"lang": "en"})).json()
    assert in_english["short_name"] == "Door"
    assert in_english["start_url"] == f"/door/{event['id']}?lang=en"

    sizes = set()
    for icon in manifest["icons"]:
        served = await client.get(icon["src"])
        assert served.status_code == 200, icon
        assert served.headers["content-type"] == icon["type"]
        if icon["type"] == "image/png":
            image = Image.open(io.BytesIO(served.content))
            assert f"{image.width}x{image.height}" == icon["sizes"]
            sizes.add(image.width)
        else:
            assert served.text.startswith("<svg ")
    assert sizes == {192, 512}
    assert (await client.get("/door/icon/64")).status_code == 404

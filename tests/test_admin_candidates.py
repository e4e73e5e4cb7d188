"""The back office's candidate pages over HTTP (``events/web/admin/candidates.py``): the search
whatever the accents, the list a page at a time, the form adding a candidate with its warning
about look-alikes and the confirmation, one candidate's page with their events and card, the
change form, refusals next to their field, and who may see what."""

from __future__ import annotations

import html
import re
from collections.abc import AsyncIterator
from typing import Any
from uuid import UUID

import httpx
import pytest
from litestar import Litestar

from events.settings import Settings
from events.web.admin import candidates as pages
from tests.admin_http import client_of, csrf_of, field, log_in
from tests.factories import make_staff, make_user, unique
from tests.factories_directory import make_recruiter
from tests.factories_registrations import make_published_event, register
from tests.factories_state import table_counts
from tests.pages import error_code, text_of


@pytest.fixture
async def browser_like(app: Litestar) -> AsyncIterator[httpx.AsyncClient]:
    async with client_of(app) as http:
        yield http


async def _organiser(pool: Any, settings: Settings, client: httpx.AsyncClient, http: Any) -> Any:
    staff = await make_staff(pool, settings, client)
    await log_in(http, staff.organiser_user.email)
    return staff


async def _candidate(client: httpx.AsyncClient, staff: Any, **fields: Any) -> str:
    body = {"first_name": "Zoé", "last_name": unique("N'Diaye"), **fields}
    response = await client.post("/api/v1/candidates", headers=staff.organiser, json=body)
    assert response.status_code == 201, response.text
    candidate_id: str = response.json()["id"]
    return candidate_id


def _form(token: str, **fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "csrf_token": token,
        "first_name": "Mamadou",
        "last_name": unique("Diallo"),
        "phone": "",
        "email": "",
        "city": "Saint-Denis",
        "postcode": "93200",
        "language": "fr",
        "private.birth_year": "1998",
        "private.refugee_status": "refugee",
        "private.benefits": ["rsa", "cej"],
        "private.rqth": "no",
        "private.housing": "emergency_shelter",
        "private.qpv": "yes",
        "private.justice": "",
        "private.disability_notes": "",
        "private.health_notes": "",
        "private.other_barriers": "Apprend le français (A2).",
    }
    base.update(fields)
    return base


async def _stored(pool: Any, candidate_id: str | UUID) -> Any:
    return await pool.fetchrow(
        "select c.first_name, c.last_name, c.phone, c.email, c.city, c.postcode, c.language,"
        " c.organisation_id, c.created_by, p.data as private"
        " from candidates c left join candidate_private p on p.candidate_id = c.id"
        " where c.id = $1",
        UUID(str(candidate_id)),
    )


async def _count(pool: Any, organisation_id: UUID) -> int:
    found: int = await pool.fetchval(
        "select count(*) from candidates where organisation_id = $1", organisation_id
    )
    return found


def _field_block(page: str, name: str) -> str:
    """The ``.field`` holding the form field ``name``, with its label, message and control."""
    found = re.search(
        rf'<div class="field[^"]*">\s*<label for="f-{re.escape(name.replace(".", "-"))}">.*?</div>',
        page,
        re.S,
    )
    assert found is not None, f"no field {name}"
    return html.unescape(found[0])


# --- the list and its search -----------------------------------------------------------------


async def test_the_search_ignores_accents_case_and_apostrophes(
    client: httpx.AsyncClient, pool: Any, settings: Settings, browser_like: httpx.AsyncClient
) -> None:
    staff = await _organiser(pool, settings, client, browser_like)
    helene = await _candidate(client, staff, first_name="Hélène", last_name="O'Connor")
    await _candidate(client, staff, first_name="Paul", last_name="Martin")
    for q in ("helene", "HÉLÈNE", "oconnor", "o connor", "O\u2019Connor"):
        page = await browser_like.get("/admin/candidates", params={"q": q})
        assert page.status_code == 200, page.text
        assert f'href="/admin/candidates/{helene}"' in page.text, q
        assert "O'Connor Hélène" in text_of(page.text), q
        assert "Martin" not in text_of(page.text), q
    none = await browser_like.get("/admin/candidates", params={"q": "helena"})
    assert "Aucun candidat ne correspond à « helena »." in text_of(none.text)
    english = await browser_like.get("/admin/candidates", params={"q": "helena", "lang": "en"})
    assert "No candidate matches “helena”." in text_of(english.text)
    everyone = await browser_like.get("/admin/candidates")
    assert "Martin Paul" in text_of(everyone.text) and "O'Connor Hélène" in text_of(everyone.text)


async def test_the_list_shows_one_page_then_the_next_keeping_the_search(
    client: httpx.AsyncClient,
    pool: Any,
    settings: Settings,
    browser_like: httpx.AsyncClient,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(pages, "LIST_LIMIT", 2)
    staff = await _organiser(pool, settings, client, browser_like)
    names = ["Aubert", "Bernard", "Caron"]
    for name in names:
        await _candidate(client, staff, first_name="Inès", last_name=name)
    await _candidate(client, staff, first_name="Yves", last_name="Abadie")
    first = await browser_like.get("/admin/candidates", params={"q": "ines"})
    words = text_of(first.text)
    assert "Aubert Inès" in words and "Bernard Inès" in words and "Caron" not in words
    found = re.search(r'href="(/admin/candidates\?cursor=[^"]+)">Candidats suivants', first.text)
    assert found is not None, first.text
    assert "q=ines" in found[1]
    second = await browser_like.get(html.unescape(found[1]))
    words = text_of(second.text)
    assert "Caron Inès" in words and "Aubert" not in words and "Abadie" not in words
    assert "Candidats suivants" not in words


async def test_the_list_never_shows_another_organisations_candidates_nor_the_situation(
    client: httpx.AsyncClient, pool: Any, settings: Settings, browser_like: httpx.AsyncClient
) -> None:
    staff = await _organiser(pool, settings, client, browser_like)
    other = await make_staff(pool, settings, client)
    theirs = unique("Ailleurs")
    await _candidate(client, other, last_name=theirs)
    ours = await _candidate(
        client, staff, private={"health_notes": "Suivi le mardi", "birth_year": 1990}
    )
    page = await browser_like.get("/admin/candidates")
    assert f"/admin/candidates/{ours}" in page.text
    assert theirs not in page.text
    assert "mardi" not in page.text and "1990" not in page.text


# --- adding a candidate ----------------------------------------------------------------------


async def test_the_form_adds_the_candidate_with_their_situation_and_goes_to_their_page(
    client: httpx.AsyncClient, pool: Any, settings: Settings, browser_like: httpx.AsyncClient
) -> None:
    staff = await _organiser(pool, settings, client, browser_like)
    form = await browser_like.get("/admin/candidates/new")
    assert form.status_code == 200, form.text
    assert 'name="organisation_id"' not in form.text  # an organiser's is their own
    sent = _form(field(form.text, "csrf_token"), phone="06 11 22 33 44", email="m.d@example.org")
    answer = await browser_like.post("/admin/candidates", data=sent)
    assert answer.status_code == 303, answer.text
    found = re.fullmatch(r"/admin/candidates/([0-9a-f-]{36})", answer.headers["location"])
    assert found is not None, answer.headers["location"]
    row = await _stored(pool, found[1])
    assert (row["first_name"], row["last_name"]) == ("Mamadou", sent["last_name"])
    assert (row["phone"], row["email"], row["postcode"]) == (
        "06 11 22 33 44",
        "m.d@example.org",
        "93200",
    )
    assert row["organisation_id"] == staff.organisation.id
    assert row["created_by"] == staff.organiser_user.id
    assert row["private"] == {
        "birth_year": 1998,
        "refugee_status": "refugee",
        "benefits": ["rsa", "cej"],
        "rqth": False,
        "housing": "emergency_shelter",
        "qpv": True,
        "other_barriers": "Apprend le français (A2).",
    }
    page = await browser_like.get(answer.headers["location"])
    words = text_of(page.text)
    assert "Année de naissance 1998" in words
    assert "Hébergement d'urgence" in words
    assert "RSA (revenu de solidarité active), Allocation du contrat" in words


async def test_a_candidate_without_any_situation_gets_no_private_row(
    client: httpx.AsyncClient, pool: Any, settings: Settings, browser_like: httpx.AsyncClient
) -> None:
    await _organiser(pool, settings, client, browser_like)
    token = await csrf_of(browser_like, "/admin/candidates/new")
    empty = {k: "" for k in _form(token) if k.startswith("private.")}
    answer = await browser_like.post(
        "/admin/candidates", data={**_form(token), **empty, "private.benefits": []}
    )
    assert answer.status_code == 303, answer.text
    row = await _stored(pool, answer.headers["location"].rsplit("/", 1)[1])
    assert row["private"] is None


@pytest.mark.parametrize(
    ("existing", "sent", "reason"),
    [
        (
            {"first_name": "Hélène", "last_name": "O'Connor", "private": {"birth_year": 1990}},
            {"first_name": "helene", "last_name": "OCONNOR", "private.birth_year": "1990"},
            "même nom et même année de naissance",
        ),
        ({"phone": "+33 6 12 34 56 78"}, {"phone": "06.12.34.56.78"}, "même téléphone"),
        ({"email": "Awa.Keita@Example.org"}, {"email": "awa.keita@example.org"}, "même e-mail"),
    ],
)
async def test_a_look_alike_is_shown_with_why_and_nothing_is_written_until_confirmed(
    client: httpx.AsyncClient,
    pool: Any,
    settings: Settings,
    browser_like: httpx.AsyncClient,
    existing: dict[str, Any],
    sent: dict[str, str],
    reason: str,
) -> None:
    staff = await _organiser(pool, settings, client, browser_like)
    first = await _candidate(client, staff, **existing)
    before = await _count(pool, staff.organisation.id)
    token = await csrf_of(browser_like, "/admin/candidates/new")
    form = _form(token, **sent)
    warned = await browser_like.post("/admin/candidates", data=form)
    # Understood, nothing refused: the form comes back with a question.
    assert warned.status_code == 200, warned.text
    assert await _count(pool, staff.organisation.id) == before
    warning = warned.text[warned.text.index('id="duplicates"') :]
    assert f'href="/admin/candidates/{first}"' in warning
    assert f"{reason}" in text_of(warning)
    assert "Ce n'est pas la même personne, créer quand même" in text_of(warning)
    assert field(warned.text, "seen") == first
    assert field(warned.text, "last_name") == form["last_name"]
    # Sent again without ticking the box: the same warning, still nothing written.
    again = await browser_like.post("/admin/candidates", data={**form, "seen": first})
    assert again.status_code == 200 and 'id="duplicates"' in again.text
    assert await _count(pool, staff.organisation.id) == before
    confirmed = await browser_like.post(
        "/admin/candidates",
        data={**form, "seen": first, "not_duplicate": "yes"},
    )
    assert confirmed.status_code == 303, confirmed.text
    assert await _count(pool, staff.organisation.id) == before + 1


async def test_a_look_alike_not_yet_shown_is_shown_even_when_the_box_is_ticked(
    client: httpx.AsyncClient, pool: Any, settings: Settings, browser_like: httpx.AsyncClient
) -> None:
    staff = await _organiser(pool, settings, client, browser_like)
    by_phone = await _candidate(client, staff, phone="0612345678")
    by_email = await _candidate(client, staff, email="sekou@example.org")
    before = await _count(pool, staff.organisation.id)
    token = await csrf_of(browser_like, "/admin/candidates/new")
    # Confirmed after seeing the phone's look-alike, then the e-mail was added.
    answer = await browser_like.post(
        "/admin/candidates",
        data=_form(
            token,
            phone="0612345678",
            email="sekou@example.org",
            seen=by_phone,
            not_duplicate="yes",
        ),
    )
    assert answer.status_code == 200, answer.text
    assert f'href="/admin/candidates/{by_email}"' in answer.text
    assert await _count(pool, staff.organisation.id) == before


async def test_another_organisations_look_alike_is_never_shown(
    client: httpx.AsyncClient, pool: Any, settings: Settings, browser_like: httpx.AsyncClient
) -> None:
    staff = await _organiser(pool, settings, client, browser_like)
    other = await make_staff(pool, settings, client)
    await _candidate(client, other, phone="0699999999")
    token = await csrf_of(browser_like, "/admin/candidates/new")
    answer = await browser_like.post(
        "/admin/candidates",
        data=_form(token, phone="0699999999", organisation_id=str(other.organisation.id)),
    )
    assert answer.status_code == 303, answer.text
    row = await _stored(pool, answer.headers["location"].rsplit("/", 1)[1])
    assert row["organisation_id"] == staff.organisation.id


@pytest.mark.parametrize(
    ("name", "value", "words"),
    [
        ("postcode", "9320", "code postal de 5 chiffres"),
        ("phone", "appelez-moi", "numéro de téléphone"),
        ("email", "pas-une-adresse", "adresse e-mail"),
        ("first_name", "   ", "au moins une lettre"),
        ("private.birth_year", "19x0", "Écrivez l'année en chiffres"),
        ("private.birth_year", "1850", "entre 1900 et"),
        ("private.housing", "castle", "Le champ"),
    ],
)
async def test_a_refusal_is_shown_next_to_its_field_with_the_values_kept(
    client: httpx.AsyncClient,
    pool: Any,
    settings: Settings,
    browser_like: httpx.AsyncClient,
    name: str,
    value: str,
    words: str,
) -> None:
    staff = await _organiser(pool, settings, client, browser_like)
    before = await _count(pool, staff.organisation.id)
    sent = _form(await csrf_of(browser_like, "/admin/candidates/new"), **{name: value})
    answer = await browser_like.post("/admin/candidates", data=sent)
    assert answer.status_code == 400, answer.text
    block = _field_block(answer.text, name)
    assert words in block, block
    assert f'aria-describedby="error-{name.replace(".", "-")}"' in block
    assert field(answer.text, "last_name") == sent["last_name"]
    assert 'value="cej" checked' in answer.text
    assert "Le formulaire n'est pas complet" in text_of(answer.text)
    assert await _count(pool, staff.organisation.id) == before


async def test_an_admin_chooses_the_organisation_and_is_told_when_they_did_not(
    client: httpx.AsyncClient, pool: Any, settings: Settings, browser_like: httpx.AsyncClient
) -> None:
    staff = await make_staff(pool, settings, client)
    admin = await make_user(pool, settings, role="admin")
    await log_in(browser_like, admin.email)
    form = await browser_like.get("/admin/candidates/new")
    assert f'<option value="{staff.organisation.id}">' in form.text
    token = field(form.text, "csrf_token")
    missing = await browser_like.post("/admin/candidates", data=_form(token))
    assert missing.status_code == 400, missing.text
    assert "Dites à quelle structure" in _field_block(missing.text, "organisation_id")
    chosen = await browser_like.post(
        "/admin/candidates", data=_form(token, organisation_id=str(staff.organisation.id))
    )
    assert chosen.status_code == 303, chosen.text
    row = await _stored(pool, chosen.headers["location"].rsplit("/", 1)[1])
    assert row["organisation_id"] == staff.organisation.id


# --- one candidate ---------------------------------------------------------------------------


async def test_the_candidate_page_shows_contact_situation_events_and_card(
    client: httpx.AsyncClient, pool: Any, settings: Settings, browser_like: httpx.AsyncClient
) -> None:
    staff = await _organiser(pool, settings, client, browser_like)
    candidate_id = await _candidate(
        client,
        staff,
        first_name="Awa",
        phone="07 00 00 00 07",
        private={"birth_year": 2001, "rqth": True, "health_notes": "Asthme léger"},
    )
    event = await make_published_event(client, staff.organiser)
    await register(client, staff.organiser, event["id"], candidate_id=candidate_id)
    page = await browser_like.get(f"/admin/candidates/{candidate_id}")
    assert page.status_code == 200, page.text
    words = text_of(page.text)
    assert "07 00 00 00 07" in words
    situation = text_of(page.text[page.text.index('id="situation-facts"') :])
    assert "2001" in situation and "Asthme léger" in situation
    assert "Reconnaissance de handicap (RQTH) Oui" in situation
    table = page.text[page.text.index('id="registrations"') : page.text.index('id="edit"')]
    assert f'href="/admin/events/{event["id"]}"' in table
    assert event["title"] in table and "place confirmée" in text_of(table)
    assert f'href="/cards/{candidate_id}"' in page.text
    # The change form holds the candidate as stored.
    assert field(page.text, "private.birth_year") == "2001"
    assert field(page.text, "phone") == "07 00 00 00 07"
    assert '<option value="yes" selected>' in _field_block(page.text, "private.rqth")


async def test_the_change_form_changes_merges_and_clears_then_goes_back(
    client: httpx.AsyncClient, pool: Any, settings: Settings, browser_like: httpx.AsyncClient
) -> None:
    staff = await _organiser(pool, settings, client, browser_like)
    candidate_id = await _candidate(
        client, staff, phone="0600000000", private={"justice": True, "birth_year": 1980}
    )
    token = await csrf_of(browser_like, f"/admin/candidates/{candidate_id}")
    sent = _form(token, first_name="Zoé", last_name="Lefèvre", phone="", **{"private.qpv": ""})
    answer = await browser_like.post(f"/admin/candidates/{candidate_id}", data=sent)
    assert answer.status_code == 303, answer.text
    assert answer.headers["location"] == f"/admin/candidates/{candidate_id}"
    row = await _stored(pool, candidate_id)
    assert (row["first_name"], row["last_name"], row["phone"]) == ("Zoé", "Lefèvre", None)
    # Every field was sent: an empty one is cleared (justice, qpv), the rest replaced.
    assert row["private"] == {
        "birth_year": 1998,
        "refugee_status": "refugee",
        "benefits": ["rsa", "cej"],
        "rqth": False,
        "housing": "emergency_shelter",
        "other_barriers": "Apprend le français (A2).",
    }
    audit = await pool.fetchval(
        "select count(*) from audit_log where action = 'candidate.update' and subject_id = $1",
        UUID(candidate_id),
    )
    assert audit == 1
    english = await browser_like.post(
        f"/admin/candidates/{candidate_id}?lang=en", data={**sent, "city": "Lyon"}
    )
    assert english.headers["location"] == f"/admin/candidates/{candidate_id}?lang=en"


async def test_a_refused_change_shows_the_page_with_the_error_and_changes_nothing(
    client: httpx.AsyncClient, pool: Any, settings: Settings, browser_like: httpx.AsyncClient
) -> None:
    staff = await _organiser(pool, settings, client, browser_like)
    candidate_id = await _candidate(client, staff, first_name="Awa", postcode="75011")
    token = await csrf_of(browser_like, f"/admin/candidates/{candidate_id}")
    sent = _form(token, first_name="Awa-Marie", postcode="7501")
    answer = await browser_like.post(f"/admin/candidates/{candidate_id}", data=sent)
    assert answer.status_code == 400, answer.text
    assert "code postal de 5 chiffres" in _field_block(answer.text, "postcode")
    assert field(answer.text, "first_name") == "Awa-Marie"
    row = await _stored(pool, candidate_id)
    assert (row["first_name"], row["postcode"], row["private"]) == ("Awa", "75011", None)


# --- who may see what ------------------------------------------------------------------------


async def test_another_organisations_organiser_finds_no_such_candidate(
    client: httpx.AsyncClient, pool: Any, settings: Settings, browser_like: httpx.AsyncClient
) -> None:
    owner = await make_staff(pool, settings, client)
    name = unique("Secret")
    candidate_id = await _candidate(
        client, owner, last_name=name, private={"health_notes": "Suivi le mardi"}
    )
    await _organiser(pool, settings, client, browser_like)
    page = await browser_like.get(f"/admin/candidates/{candidate_id}")
    assert page.status_code == 404
    assert error_code(page) == "candidate_not_found"
    assert name not in page.text and "mardi" not in page.text
    token = await csrf_of(browser_like)
    before = await table_counts(pool)
    changed = await browser_like.post(
        f"/admin/candidates/{candidate_id}", data=_form(token, last_name="Volé")
    )
    assert changed.status_code == 404
    assert await table_counts(pool) == before


@pytest.mark.parametrize("who", ["coach", "recruiter"])
async def test_coaches_and_recruiters_get_no_candidate_page_even_following_them(
    client: httpx.AsyncClient,
    pool: Any,
    settings: Settings,
    browser_like: httpx.AsyncClient,
    who: str,
) -> None:
    staff = await make_staff(pool, settings, client)
    candidate_id = await _candidate(client, staff, private={"health_notes": "Suivi le mardi"})
    # The coach follows the candidate (an event of theirs): the API shows them the situation,
    # the back office is still not theirs.
    event = await make_published_event(client, staff.organiser)
    await register(client, staff.organiser, event["id"], candidate_id=candidate_id)
    if who == "coach":
        await log_in(browser_like, staff.coach_user.email)
    else:
        await log_in(browser_like, (await make_recruiter(pool, settings, client)).user.email)
    token = field((await browser_like.get("/login")).text, "csrf_token")
    before = await table_counts(pool)
    for path in ("/admin/candidates", "/admin/candidates/new", f"/admin/candidates/{candidate_id}"):
        answer = await browser_like.get(path)
        assert answer.status_code == 403, path
        assert error_code(answer) == "forbidden"
        assert "mardi" not in answer.text
    for path in ("/admin/candidates", f"/admin/candidates/{candidate_id}"):
        answer = await browser_like.post(path, data=_form(token))
        assert answer.status_code == 403, path
    assert await table_counts(pool) == before


async def test_the_forms_without_their_csrf_token_are_refused_and_change_nothing(
    client: httpx.AsyncClient, pool: Any, settings: Settings, browser_like: httpx.AsyncClient
) -> None:
    staff = await _organiser(pool, settings, client, browser_like)
    candidate_id = await _candidate(client, staff)
    await csrf_of(browser_like)  # the browser holds its CSRF cookie; the forged form lacks it
    before = await table_counts(pool)
    for path in ("/admin/candidates", f"/admin/candidates/{candidate_id}"):
        for data in (_form(""), _form("x" * 43)):
            answer = await browser_like.post(path, data=data)
            assert answer.status_code == 403, path
            assert error_code(answer) == "csrf_failed"
    assert await table_counts(pool) == before


async def test_a_browser_without_log_in_goes_to_the_log_in_form(
    browser_like: httpx.AsyncClient,
) -> None:
    for path in ("/admin/candidates?q=helene", "/admin/candidates/new"):
        answer = await browser_like.get(path)
        assert answer.status_code == 303, path
        assert answer.headers["location"].startswith("/login?next="), path

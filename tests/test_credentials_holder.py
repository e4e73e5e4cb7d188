"""The holder's own skills badge (issue 15 §4), from their page ``/t/{token}/moi``: they choose
how their name appears, get the credential of their last reviewed card (JSON, baked SVG, the
verification page), and a new choice replaces the credential, whose bit is then set."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from httpx import AsyncClient
from litestar import Litestar

from events.credentials import proof, status
from events.settings import Settings
from tests.admin_http import client_of, field
from tests.factories import make_staff
from tests.factories_registrations import make_candidate, register
from tests.factories_skills import make_sport_session, observe, review
from tests.pages import error_code, text_of


@dataclass
class Holder:
    candidate_id: str
    token: str
    organiser: dict[str, str]
    session_id: str
    coach: dict[str, str]


async def holder(client: AsyncClient, pool: Any, settings: Settings, *, reviewed: bool) -> Holder:
    staff = await make_staff(pool, settings, client)
    session = await make_sport_session(client, staff.organiser, coach_ids=[staff.coach_user.id])
    candidate_id = await make_candidate(
        client, staff.organiser, first_name="Amina", last_name="kaya-Diallo"
    )
    registration = await register(client, staff.organiser, session["id"], candidate_id=candidate_id)
    await observe(client, staff.coach, session["id"], candidate_id, "perseverance", 3)
    if reviewed:
        await review(client, staff.organiser, candidate_id)
    return Holder(
        candidate_id,
        registration["ticket"]["token"],
        staff.organiser,
        session["id"],
        staff.coach,
    )


def _credential_id(page: str) -> str:
    found = re.search(r'href="/credentials/([0-9a-f-]{36})\.json"', page)
    assert found, "no link to the credential"
    return found.group(1)


async def _revoked(client: AsyncClient, credential: dict[str, Any], settings: Settings) -> bool:
    entry = credential["credentialStatus"]
    listed = await client.get(entry["statusListCredential"].removeprefix(settings.public_url))
    assert listed.status_code == 200
    return status.revoked_in(
        listed.json()["credentialSubject"]["encodedList"], int(entry["statusListIndex"])
    )


async def test_the_holder_chooses_their_name_gets_the_badge_and_a_new_choice_replaces_it(
    client: AsyncClient, pool: Any, settings: Settings, app: Litestar
) -> None:
    mine = await holder(client, pool, settings, reviewed=True)
    page_path = f"/t/{mine.token}/moi"
    async with client_of(app) as http:
        page = await http.get(page_path)
        assert page.status_code == 200
        words = text_of(page.text)
        assert "Mon badge de compétences" in words
        # The three forms of the name, first name and initial chosen by default; no badge yet.
        for shown in ("et initiale\u00a0: Amina K.", "nom en entier", "seulement\u00a0: Amina<"):
            assert shown in page.text, shown
        assert "kaya-Diallo" not in page.text  # the page shows no more than recruiters see
        assert re.search(r'value="initial" checked', page.text)
        assert 'id="badge-links"' not in page.text
        assert await pool.fetchval("select count(*) from issued_credentials") is not None
        none_yet = await pool.fetchval(
            "select count(*) from issued_credentials where candidate_id = $1",
            UUID(mine.candidate_id),
        )
        assert none_yet == 0  # looking at the page issues nothing

        refused = await http.post(
            f"{page_path}/badge", data={"name_choice": "full", "csrf_token": "stale"}
        )
        assert (refused.status_code, error_code(refused)) == (403, "csrf_failed")

        got = await http.post(
            f"{page_path}/badge",
            data={"name_choice": "full", "csrf_token": field(page.text, "csrf_token")},
        )
        assert got.status_code == 303, got.text
        assert got.headers["location"] == f"{page_path}?notice=badge_ready#badge"
        after = await http.get(got.headers["location"].partition("#")[0])
        assert "Votre badge est prêt." in text_of(after.text)
        assert re.search(r'value="full" checked', after.text)
        first_id = _credential_id(after.text)
        assert f'href="/verify/{first_id}?lang=fr"' in after.text
        assert f'href="/credentials/{first_id}.svg?lang=fr"' in after.text

        first = (await http.get(f"/credentials/{first_id}.json")).json()
        name = first["credentialSubject"]["identifier"][0]["identityHash"]
        assert name == "Amina kaya-Diallo"
        assert proof.verify(first)
        svg = await http.get(f"/credentials/{first_id}.svg")
        assert svg.status_code == 200 and b"<openbadges:credential>" in svg.content
        baked = re.search(rb"<!\[CDATA\[(.*)\]\]>", svg.content, re.S)
        assert baked and json.loads(baked.group(1)) == first

        # Asking again with the same choice gives the same credential.
        again = await http.post(
            f"{page_path}/badge",
            data={"name_choice": "full", "csrf_token": field(after.text, "csrf_token")},
        )
        assert again.status_code == 303
        same = await http.get(page_path)
        assert _credential_id(same.text) == first_id

        # Another choice: a new credential, and the old one's bit is set.
        changed = await http.post(
            f"{page_path}/badge",
            data={"name_choice": "first", "csrf_token": field(same.text, "csrf_token")},
        )
        assert changed.status_code == 303
        last = await http.get(page_path)
        second_id = _credential_id(last.text)
        assert second_id != first_id
        second = (await http.get(f"/credentials/{second_id}.json")).json()
        assert second["credentialSubject"]["identifier"][0]["identityHash"] == "Amina"
        assert await _revoked(http, first, settings)
        assert not await _revoked(http, second, settings)
        verify_old = await http.get(f"/verify/{first_id}")
        assert 'data-verdict="revoked"' in verify_old.text

    # Staff asking for it get the holder's current one, with the name as the holder chose it.
    staff_copy = await client.post(
        f"/api/v1/candidates/{mine.candidate_id}/credentials", headers=mine.organiser
    )
    assert staff_copy.status_code == 201
    assert staff_copy.json()["id"].endswith(second_id)
    actions = await pool.fetch(
        "select action, actor_role from audit_log where subject_id = $1 and action like "
        "'credential.%' and action <> 'credential.check' order by id",
        UUID(mine.candidate_id),
    )
    assert [(a["action"], a["actor_role"]) for a in actions] == [
        ("credential.name_choice", None),
        ("credential.issue", None),
        ("credential.name_choice", None),
        ("credential.replace", None),
        ("credential.issue", None),
    ]
    # Nothing was pushed anywhere: no message about it waits in the outbox.
    assert (
        await pool.fetchval(
            "select count(*) from outbox o join registrations r on r.id = o.registration_id"
            " where r.candidate_id = $1 and o.kind like '%credential%'",
            UUID(mine.candidate_id),
        )
        == 0
    )


async def test_a_card_not_reviewed_shows_no_form_and_refuses_plainly(
    client: AsyncClient, pool: Any, settings: Settings, app: Litestar
) -> None:
    mine = await holder(client, pool, settings, reviewed=False)
    page_path = f"/t/{mine.token}/moi"
    async with client_of(app) as http:
        page = await http.get(page_path)
        assert "pas encore été relue. Le badge viendra après." in text_of(page.text)
        assert 'id="badge-form"' not in page.text
        refused = await http.post(
            f"{page_path}/badge",
            data={"name_choice": "initial", "csrf_token": field(page.text, "csrf_token")},
        )
        assert (refused.status_code, error_code(refused)) == (409, "skills_card_not_reviewed")
        wrong = await http.post(
            f"{page_path}/badge",
            data={"name_choice": "nickname", "csrf_token": field(page.text, "csrf_token")},
        )
        assert wrong.status_code == 400


async def test_a_badge_withdrawn_by_staff_cannot_be_reissued_by_the_holder(
    client: AsyncClient, pool: Any, settings: Settings, app: Litestar
) -> None:
    mine = await holder(client, pool, settings, reviewed=True)
    issued = await client.post(
        f"/api/v1/candidates/{mine.candidate_id}/credentials", headers=mine.organiser
    )
    credential_id = issued.json()["id"].rsplit("/", 1)[1]
    withdrawn = await client.post(
        f"/api/v1/credentials/{credential_id}/revoke", headers=mine.organiser
    )
    assert withdrawn.status_code == 200
    page_path = f"/t/{mine.token}/moi"
    async with client_of(app) as http:
        page = await http.get(page_path)
        assert "retiré par l'équipe" in text_of(page.text)
        assert 'id="badge-form"' not in page.text
        tried = await http.post(
            f"{page_path}/badge",
            data={"name_choice": "full", "csrf_token": field(page.text, "csrf_token")},
        )
        assert tried.status_code == 303
    rows = await pool.fetchval(
        "select count(*) from issued_credentials where candidate_id = $1", UUID(mine.candidate_id)
    )
    assert rows == 1

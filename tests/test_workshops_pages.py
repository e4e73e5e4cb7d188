"""The workshops' pages over HTTP: the « Ateliers » part of a candidate's ticket with its sign-up
form, and the organiser's page (add with a refusal next to its field, sign someone up on their
behalf, a full workshop said plainly, removal asking to confirm)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any
from uuid import UUID

import httpx
import pytest
from httpx import AsyncClient
from litestar import Litestar

from events.settings import Settings
from tests.admin_http import client_of, csrf_of, log_in
from tests.pages import text_of
from tests.test_workshops import make_forum, registered


@pytest.fixture
async def browser_like(app: Litestar) -> AsyncIterator[httpx.AsyncClient]:
    async with client_of(app) as http:
        yield http


async def test_a_candidate_signs_up_and_withdraws_from_their_ticket_page(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    forum = await make_forum(client, pool, settings)
    candidate, token = await registered(client, forum)
    workshop_id = forum.workshops[1]["id"]

    before = await client.get(f"/t/{token}")
    signed = await client.post(
        f"/t/{token}/workshops", data={"workshop_id": workshop_id, "action": "sign_up"}
    )
    after = await client.get(f"/t/{token}")
    clash = await client.post(
        f"/t/{token}/workshops",
        data={"workshop_id": forum.workshops[0]["id"], "action": "sign_up"},
    )
    forged = await client.post(
        "/t/not-a-ticket/workshops", data={"workshop_id": workshop_id, "action": "sign_up"}
    )

    assert before.status_code == 200
    words = text_of(before.text)
    assert "Ateliers" in words and "Écrire son CV" in words and "40 places libres" in words
    assert "M'inscrire à « Écrire son CV »" in words
    assert signed.status_code == 303
    assert signed.headers["location"] == f"/t/{token}#workshops"
    assert "Vous êtes sur la liste." in text_of(after.text)
    assert "Me désinscrire de « Écrire son CV »" in text_of(after.text)
    assert "À la même heure que « Écrire son CV »." in text_of(after.text)
    assert "M'inscrire à « Réussir son entretien »" not in text_of(after.text)
    assert clash.status_code == 409
    assert "Cette personne a déjà « Écrire son CV » à la même heure." in text_of(clash.text)
    assert "Revenir à mon billet" in clash.text
    assert forged.status_code in (400, 422)
    assert (
        await pool.fetchval(
            "select count(*) from workshop_signups where candidate_id = $1", UUID(candidate)
        )
        == 1
    )

    withdrawn = await client.post(
        f"/t/{token}/workshops", data={"workshop_id": workshop_id, "action": "withdraw"}
    )
    assert withdrawn.status_code == 303
    assert "Vous n'êtes pas sur la liste." in text_of((await client.get(f"/t/{token}")).text)


async def test_the_organiser_adds_signs_up_and_is_told_a_workshop_is_full(
    client: AsyncClient, pool: Any, settings: Settings, browser_like: httpx.AsyncClient
) -> None:
    forum = await make_forum(client, pool, settings)
    first, _ = await registered(client, forum)
    second, _ = await registered(client, forum)
    third, _ = await registered(client, forum)
    path = f"/admin/events/{forum.event['id']}/workshops"
    await log_in(browser_like, forum.staff.organiser_user.email)
    token = await csrf_of(browser_like, path)
    full_id = forum.workshops[0]["id"]  # two places

    bad = await browser_like.post(
        path,
        data={
            "csrf_token": token,
            "title": "Atelier photo",
            "starts_at": "pas une date",
            "ends_at": "",
            "capacity": "12",
        },
    )
    outside = await browser_like.post(
        path,
        data={
            "csrf_token": token,
            "title": "Atelier photo",
            "starts_at": "2001-01-01T10:00",
            "ends_at": "2001-01-01T11:00",
            "capacity": "12",
        },
    )
    answers = [
        await browser_like.post(
            f"{path}/{full_id}/signups", data={"csrf_token": token, "candidate_id": who}
        )
        for who in (first, second, third)
    ]
    page = await browser_like.get(path)
    asked = await browser_like.post(f"{path}/{full_id}/delete", data={"csrf_token": token})

    assert bad.status_code == 400
    assert 'value="Atelier photo"' in bad.text  # what was typed is kept
    assert "Écrivez une date et une heure." in text_of(bad.text)
    assert outside.status_code == 400
    assert "L'atelier doit avoir lieu pendant la rencontre." in text_of(outside.text)
    assert [a.status_code for a in answers[:2]] == [303, 303]
    assert answers[2].status_code == 409
    assert "Cet atelier est complet : il n'y a plus de place." in text_of(answers[2].text)
    words = text_of(page.text)
    assert "Complet — Inscriptions : 2 sur 2" in words
    assert "inscrite par" in words
    assert asked.status_code == 409
    assert "Inscriptions à cet atelier : 2." in text_of(asked.text)
    assert (
        await pool.fetchval(
            "select count(*) from workshops where id = $1 and cancelled_at is null", UUID(full_id)
        )
        == 1
    )

    confirmed = await browser_like.post(
        f"{path}/{full_id}/delete", data={"csrf_token": token, "confirm": "yes"}
    )
    assert confirmed.status_code == 303
    assert "L'atelier est annulé" in text_of(
        (await browser_like.get(confirmed.headers["location"])).text
    )

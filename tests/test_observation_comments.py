"""Rectification (issue 12 §4): the person's own comment beside a coach's observation, and the
coach's correction with its reason kept.

A comment is written by the person only (their ticket, its short code), on one of their own
current observations; staff read it in the observation's history, beside the current version
of its line (a later correction keeps it there); nobody can change it. A correction keeps the
API as it was (a reason is optional) and keeps its reason in the history, never on the card."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import httpx
from httpx import AsyncClient
from litestar import Litestar
from litestar.routes import HTTPRoute

from events import db
from events.settings import Settings
from tests.admin_http import client_of, field
from tests.pages import error_code, text_of
from tests.test_data_export import Rich, seed_rich
from tests.test_data_export_holder import _type_code


async def _comment(
    http: httpx.AsyncClient, r: Rich, observation_id: str, body: str
) -> httpx.Response:
    page = await http.get(f"/t/{r.token}/moi/donnees")
    assert page.status_code == 200, page.text
    return await http.post(
        f"/t/{r.token}/moi/commentaire",
        data={
            "observation_id": observation_id,
            "body": body,
            "csrf_token": field(page.text, "csrf_token"),
        },
    )


async def _history(client: AsyncClient, r: Rich) -> dict[str, dict[str, Any]]:
    answer = await client.get(
        f"/api/v1/candidates/{r.candidate_id}/observations", headers=r.staff.coach
    )
    assert answer.status_code == 200, answer.text
    return {item["id"]: item for item in answer.json()["items"]}


async def _bodies(pool: Any, r: Rich) -> list[str]:
    rows = await pool.fetch(
        "select body from observation_comments where candidate_id = $1 order by created_at, id",
        UUID(r.candidate_id),
    )
    return [row["body"] for row in rows]


async def test_the_person_comments_and_coaches_read_it_beside_the_observation(
    app: Litestar, client: AsyncClient, pool: Any, settings: Settings
) -> None:
    r = await seed_rich(client, pool, settings)
    async with client_of(app) as http:
        assert (await _type_code(http, r, r.short_code)).status_code == 303
        said = await _comment(http, r, r.corrected_id, "  J'avais mal au genou ce jour-là.  ")
        assert said.status_code == 303, said.text
        assert "notice=comment_saved" in said.headers["location"]
        page = await http.get(said.headers["location"])
        words = text_of(page.text)
        assert "Votre avis est enregistré" in words
        assert "J'avais mal au genou ce jour-là." in words
    history = await _history(client, r)
    bodies = [c["body"] for c in history[r.corrected_id]["candidate_comments"]]
    assert bodies == ["Je suis allée au bout de la voie.", "J'avais mal au genou ce jour-là."]
    assert history[r.observation_id]["candidate_comments"] == []
    audited = await pool.fetchval(
        "select count(*) from audit_log where action = 'observation.comment'"
        " and on_behalf_of = $1 and actor_id is null",
        UUID(r.candidate_id),
    )
    assert audited == 1


async def test_a_correction_after_a_comment_keeps_it_beside_the_new_version_with_its_reason(
    app: Litestar, client: AsyncClient, pool: Any, settings: Settings
) -> None:
    r = await seed_rich(client, pool, settings)
    again = await client.post(
        f"/api/v1/observations/{r.corrected_id}/correct",
        headers=r.staff.coach,
        json={"note": "A fini la voie avec de l'aide.", "reason": "Relu avec la candidate."},
    )
    assert again.status_code == 201, again.text
    newest = again.json()
    assert newest["reason"] == "Relu avec la candidate." and newest["version"] == 3
    history = await _history(client, r)
    assert [c["body"] for c in history[newest["id"]]["candidate_comments"]] == [
        "Je suis allée au bout de la voie."
    ]
    assert history[r.corrected_id]["reason"] == "Confondue avec une autre personne."
    # Without a reason, as before: the API is unchanged.
    plain = await client.post(
        f"/api/v1/observations/{newest['id']}/correct", headers=r.staff.coach, json={"level": 4}
    )
    assert plain.status_code == 201, plain.text
    assert plain.json()["reason"] is None
    # The card never shows a reason nor a comment.
    card = await client.get(
        f"/api/v1/candidates/{r.candidate_id}/skills-card", headers=r.staff.coach
    )
    assert card.status_code == 200
    assert "Relu avec la candidate" not in card.text and "au bout de la voie" not in card.text


async def test_an_empty_or_too_long_comment_is_refused_beside_its_field_words_kept(
    app: Litestar, client: AsyncClient, pool: Any, settings: Settings
) -> None:
    r = await seed_rich(client, pool, settings)
    async with client_of(app) as http:
        assert (await _type_code(http, r, r.short_code)).status_code == 303
        empty = await _comment(http, r, r.corrected_id, "   ")
        assert empty.status_code == 400
        assert "Écrivez quelques mots avant d'envoyer." in text_of(empty.text)
        assert 'aria-invalid="true"' in empty.text
        long_text = "Trop long " * 101
        too_long = await _comment(http, r, r.corrected_id, long_text)
        assert too_long.status_code == 400
        assert "1000 caractères au plus" in text_of(too_long.text)
        assert long_text.strip() in too_long.text  # the words are kept
    assert await _bodies(pool, r) == ["Je suis allée au bout de la voie."]


async def test_no_comment_on_someone_elses_or_a_replaced_observation(
    app: Litestar, client: AsyncClient, pool: Any, settings: Settings
) -> None:
    mine = await seed_rich(client, pool, settings)
    other = await seed_rich(client, pool, settings)
    async with client_of(app) as http:
        assert (await _type_code(http, mine, mine.short_code)).status_code == 303
        for observation in (other.corrected_id, mine.observation_id):  # theirs; replaced
            refused = await _comment(http, mine, observation, "Pas à moi")
            assert refused.status_code == 404
            assert error_code(refused) == "observation_not_found"
    assert "Pas à moi" not in await _bodies(pool, mine) + await _bodies(pool, other)


def test_nobody_can_change_a_comment() -> None:
    """The one way to write a comment is the person's form; no statement changes one."""
    sql = " ".join(query.sql.lower() for query in db.queries().values())
    assert "update observation_comments" not in " ".join(sql.split())


async def test_the_only_route_writing_comments_is_the_persons_own(app: Litestar) -> None:
    writing = sorted(
        f"{method} {route.path}"
        for route in app.routes
        if isinstance(route, HTTPRoute) and "comment" in route.path
        for method in route.methods
        if method not in ("GET", "HEAD", "OPTIONS")
    )
    assert writing == ["POST /t/{token:str}/moi/commentaire"]

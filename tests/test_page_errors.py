"""A browser that opens a broken ticket link or a missing card gets a page in plain words, not
JSON: the same status as the API gives, French by default, English on request, no trace. The
JSON API keeps answering JSON."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

import pytest
from httpx import AsyncClient

from events.settings import Settings
from events.tickets import by_token
from tests.factories import make_staff
from tests.pages import error_code, text_of


def _is_a_private_page(response: Any, language: str) -> None:
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["content-language"] == language
    assert "no-store" in response.headers["cache-control"]
    assert f'<html lang="{language}">' in response.text


async def test_a_broken_ticket_link_gets_a_french_page(client: AsyncClient) -> None:
    response = await client.get("/t/not-a-ticket")

    assert response.status_code == 422
    assert error_code(response) == "invalid_ticket"
    _is_a_private_page(response, "fr")
    text = text_of(response.text)
    assert "Cette page ne peut pas s'afficher" in text
    assert "Ce billet n'est pas valable. Vérifiez le code ou demandez un nouveau billet." in text
    assert "demandez un nouveau lien" in text
    assert '"code"' not in response.text


@pytest.mark.parametrize(
    ("query", "headers"),
    [({"lang": "en"}, {}), ({}, {"Accept-Language": "en-GB,en;q=0.9,fr;q=0.5"})],
)
async def test_a_broken_ticket_link_is_explained_in_english_on_request(
    client: AsyncClient, query: dict[str, str], headers: dict[str, str]
) -> None:
    response = await client.get("/t/not-a-ticket", params=query, headers=headers)

    assert response.status_code == 422
    assert error_code(response) == "invalid_ticket"
    _is_a_private_page(response, "en")
    text = text_of(response.text)
    assert "This page cannot be shown" in text
    assert "This ticket is not valid. Check the code or ask for a new ticket." in text


async def test_a_missing_card_gets_a_404_page_in_french_then_in_english(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    path = f"/cards/{uuid4()}"

    french = await client.get(path, headers=staff.coach)
    english = await client.get(path, params={"lang": "en"}, headers=staff.coach)

    assert (french.status_code, english.status_code) == (404, 404)
    assert error_code(french) == error_code(english) == "candidate_not_found"
    _is_a_private_page(french, "fr")
    _is_a_private_page(english, "en")
    assert "Page introuvable" in text_of(french.text)
    assert "Cette personne candidate est introuvable." in text_of(french.text)
    assert "This candidate cannot be found." in text_of(english.text)


async def test_a_page_asked_in_a_language_we_do_not_speak_says_so_in_french(
    client: AsyncClient,
) -> None:
    response = await client.get("/t/not-a-ticket", params={"lang": "de"})

    assert response.status_code == 400
    assert error_code(response) == "invalid_input"
    _is_a_private_page(response, "fr")
    assert "Une donnée n'est pas valable : « lang »." in text_of(response.text)


async def test_an_unexpected_error_on_a_page_shows_no_internals(
    client: AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret-internal-detail")

    monkeypatch.setattr(by_token, "find_for_holder", broken)
    response = await client.get("/t/any-token")

    assert response.status_code == 500
    assert error_code(response) == "internal_error"
    _is_a_private_page(response, "fr")
    text = text_of(response.text)
    assert "Un problème est survenu de notre côté" in text
    assert "Ce n'est pas de votre faute." in text
    assert "secret-internal-detail" not in response.text
    assert "Traceback" not in response.text and "RuntimeError" not in response.text


async def test_the_json_api_keeps_answering_json(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)

    ticket = await client.get("/api/v1/tickets/not-a-ticket")
    cv = await client.get(f"/api/v1/candidates/{uuid4()}/cv", headers=staff.coach)

    assert (ticket.status_code, ticket.json()["code"]) == (422, "invalid_ticket")
    assert (cv.status_code, cv.json()["code"]) == (404, "candidate_not_found")
    for response in (ticket, cv):
        assert response.headers["content-type"] == "application/json"

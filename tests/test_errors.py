"""One error body everywhere, French by default, and every code documented."""

from __future__ import annotations

from pathlib import Path

from httpx import AsyncClient

from events import errors


async def test_unknown_path_is_a_json_404(client: AsyncClient) -> None:
    response = await client.get("/api/v1/nowhere")
    assert response.status_code == 404
    assert response.json() == {
        "status_code": 404,
        "code": "not_found",
        "detail": "Introuvable.",
    }


async def test_wrong_method_is_a_json_405(client: AsyncClient) -> None:
    response = await client.delete("/api/v1/auth/token")
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"


async def test_malformed_json_is_refused_as_malformed_body(client: AsyncClient) -> None:
    response = await client.post(
        "/api/v1/auth/token",
        content=b'{"email": "a@b.fr", "password": ',
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert response.json()["code"] == "malformed_body"


async def test_unknown_field_names_the_field_in_french_and_english(client: AsyncClient) -> None:
    body = {"email": "a@b.fr", "password": "x", "remember_me": True}
    french = await client.post("/api/v1/auth/token", json=body)
    english = await client.post("/api/v1/auth/token", json=body, headers={"Accept-Language": "en"})
    assert french.status_code == english.status_code == 400
    assert french.json()["code"] == "invalid_input"
    assert "Champ inconnu" in french.json()["detail"]
    assert "remember_me" in french.json()["detail"]
    assert "unknown field" in english.json()["detail"]
    assert french.headers["content-language"] == "fr"
    assert english.headers["content-language"] == "en"


async def test_ten_megabyte_body_is_refused_before_it_is_read(client: AsyncClient) -> None:
    response = await client.post(
        "/api/v1/auth/token",
        content=b'{"email": "' + b"a" * 10_000_000 + b'"}',
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 413
    assert response.json()["code"] == "body_too_large"


def test_every_error_code_is_unique_bilingual_and_listed_in_the_readme() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    classes = errors.all_codes()
    codes = [cls.code for cls in classes]
    assert len(codes) == len(set(codes)), "two error classes share a code"
    for cls in classes:
        assert f"`{cls.code}`" in readme, f"README does not list {cls.code}"
        assert cls.fr != cls.en, f"{cls.code} has no French text of its own"

"""The pages' own scripts, moved out of the pages into ``/static/js/`` so that the policy can
forbid inline script: each still runs, in a real Chromium, and breaks no rule of the policy."""

from __future__ import annotations

from typing import Any

from tests.browser import LiveServer, browser, live_server, phone

__all__ = ["browser", "live_server", "phone"]  # fixtures, used by name


async def test_the_login_forms_show_password_box_works_under_the_policy(
    live_server: LiveServer, phone: Any
) -> None:
    refused: list[str] = []
    phone.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    response = await phone.goto(f"{live_server.url}/login")
    assert response is not None and response.status == 200
    assert "script-src 'self'" in response.headers["content-security-policy"]

    box = phone.get_by_label("Voir le mot de passe")
    await box.wait_for(state="visible")
    await phone.fill("#password", "un mot de passe")
    await box.check()
    assert await phone.get_attribute("#password", "type") == "text"
    await box.uncheck()
    assert await phone.get_attribute("#password", "type") == "password"
    assert refused == []

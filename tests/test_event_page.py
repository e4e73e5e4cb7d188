"""An event's public page, ``/events/{id}``: what mails, invites and the calendar feed link to.
Plain French (English on request), printable, the meeting and never the people."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit
from uuid import UUID

from httpx import AsyncClient
from icalendar import Calendar

from events import i18n
from events.invites import texts as invite_texts
from events.messages import staff_mail
from events.messages.types import Venue
from events.settings import Settings
from tests.factories import make_staff
from tests.factories_events import make_event, unique_day
from tests.factories_invites import REUNION
from tests.factories_registrations import make_candidate, register
from tests.pages import error_code, text_of


def _path(url: str) -> str:
    return urlsplit(url).path


async def _sport_session(client: AsyncClient, pool: Any, settings: Settings) -> Any:
    staff = await make_staff(pool, settings, client)
    start = unique_day().replace(hour=9, minute=30, tzinfo=REUNION)
    event = await make_event(
        client,
        staff.organiser,
        "sport_session",
        status="published",
        start=start,
        timezone="Indian/Reunion",
    )
    candidate_id = await make_candidate(
        client, staff.organiser, first_name="Marker-Firstname", last_name="Marker-Lastname"
    )
    await register(client, staff.organiser, event["id"], candidate_id=candidate_id)
    return staff, event


async def test_a_published_events_page_tells_the_meeting_in_plain_french_and_names_no_one(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff, event = await _sport_session(client, pool, settings)

    response = await client.get(f"/events/{event['id']}")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["content-language"] == "fr"
    assert response.headers["cache-control"] == "max-age=300, public"
    assert "set-cookie" not in response.headers
    assert '<html lang="fr">' in response.text
    text = text_of(response.text)
    start = datetime.fromisoformat(event["starts_at"])
    end = datetime.fromisoformat(event["ends_at"])
    assert event["title"] in text
    assert "Séance de recrutement par le sport" in text
    # In the event's own zone (La Réunion), in words.
    assert text_of(i18n.when(start, end, "Indian/Reunion", "fr")) in text
    assert "9\u00a0h\u00a030" in response.text
    assert "Gymnase Jean-Jaurès" in text and "69100 Villeurbanne" in text
    assert invite_texts.PURPOSE["sport_session"] in text
    assert "Venez comme vous êtes" in text
    assert "Activités : Escalade." in text  # text_of reads the no-break space as a space
    assert f"Rencontre organisée par {staff.organisation.name}." in text
    assert "demandez à votre conseiller ou à votre coach" in text
    assert "@media print" in response.text
    assert "Marker-Firstname" not in text and "Marker-Lastname" not in text
    assert str(staff.organiser_user.id) not in response.text
    assert str(staff.organisation.id) not in response.text


async def test_the_page_is_english_on_request_or_when_the_browser_asks(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    _, event = await _sport_session(client, pool, settings)
    for response in (
        await client.get(f"/events/{event['id']}", params={"lang": "en"}),
        await client.get(f"/events/{event['id']}", headers={"Accept-Language": "en-GB,en"}),
    ):
        assert response.status_code == 200
        assert response.headers["content-language"] == "en"
        text = text_of(response.text)
        assert "Sport-based recruitment session" in text
        assert invite_texts.PURPOSE_EN["sport_session"] in text
        assert "Activities: Escalade." in text
        assert "Français" in text


async def test_each_format_tells_how_it_runs(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    forum = await make_event(client, staff.organiser, "e_forum", status="published")
    text = text_of((await client.get(f"/events/{forum['id']}")).text)
    assert "Sur place et en ligne." in text
    assert "Chaque entretien dure environ 20 minutes." in text
    assert "Réussir son entretien" in text
    assert "Une séance photo pour votre CV." in text
    assert "https://visio.example.org/forum" in text
    festival = await make_event(client, staff.organiser, "food_festival", status="published")
    text = text_of((await client.get(f"/events/{festival['id']}")).text)
    assert "Cuisines : syrienne, érythréenne." in text
    assert "Festival culinaire" in text


async def test_cancelled_and_completed_events_keep_a_page_that_says_so_a_draft_has_none(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    published = await make_event(client, staff.organiser, status="published")
    cancelled = await client.post(
        f"/api/v1/events/{published['id']}/cancel", headers=staff.organiser
    )
    assert cancelled.status_code == 200
    page = await client.get(f"/events/{published['id']}")
    assert page.status_code == 200
    assert "Attention : cette rencontre est annulée." in text_of(page.text)
    assert "demandez à votre conseiller" not in text_of(page.text)

    completed = await make_event(client, staff.organiser, status="completed")
    page = await client.get(f"/events/{completed['id']}", params={"lang": "en"})
    assert page.status_code == 200
    assert "This event is over." in text_of(page.text)

    draft = await make_event(client, staff.organiser, status="draft")
    for missing in (draft["id"], "6d0a4a5e-3f57-4c2b-9a0e-6f0e1e0b9d11"):
        page = await client.get(f"/events/{missing}")
        assert page.status_code == 404
        assert error_code(page) == "event_not_found"
        assert draft["title"] not in page.text
        assert "Cette rencontre est introuvable." in text_of(page.text)
    assert (await client.get("/events/not-an-id")).status_code == 404


async def test_every_link_mails_invites_and_the_feed_give_to_an_event_opens_its_page(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff, event = await _sport_session(client, pool, settings)
    start = datetime.fromisoformat(event["starts_at"])
    links: dict[str, str] = {}

    feed = await client.get(
        "/api/v1/calendar.ics",
        params={
            "from": (start - timedelta(minutes=1)).isoformat(),
            "to": (start + timedelta(minutes=1)).isoformat(),
        },
    )
    assert feed.status_code == 200
    [vevent] = [
        e for e in Calendar.from_ical(feed.content).walk("VEVENT") if e["SUMMARY"] == event["title"]
    ]
    links["feed"] = str(vevent["URL"])

    invite = await client.get(f"/api/v1/events/{event['id']}/invite.ics", headers=staff.coach)
    assert invite.status_code == 200
    links["staff invite"] = str(Calendar.from_ical(invite.content).walk("VEVENT")[0]["URL"])

    mail = staff_mail.mail(
        "event_published",
        staff_mail.Context(
            name="Camille",
            role="coach",
            title=event["title"],
            description=None,
            starts_at=start,
            ends_at=datetime.fromisoformat(event["ends_at"]),
            timezone="Indian/Reunion",
            venue=Venue(name="Gymnase", address="3 rue", city="Saint-Denis", postcode="97400"),
            online_url=None,
            event_status="published",
            event_sequence=0,
            organisation_name=staff.organisation.name,
            registration_status=None,
            company_name=None,
        ),
        event_id=UUID(event["id"]),
        public_url=settings.public_url,
    )
    [links["staff mail"]] = [
        line.split(" : ", 1)[1]
        for line in mail.text.splitlines()
        if line.startswith("Page de la rencontre : ")
    ]

    expected = f"{settings.public_url}/events/{event['id']}"
    assert links == {"feed": expected, "staff invite": expected, "staff mail": expected}
    page = await client.get(_path(expected))
    assert page.status_code == 200
    assert event["title"] in page.text

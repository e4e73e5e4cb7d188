"""Calendar invites parsed back with the icalendar library, through create → move → cancel.

The rules (REQUEST or CANCEL, the attendee and their PARTSTAT) are read on the invite as it is
mailed, which the outbox builds (``invites.for_registration``, ``invites.for_staff``); what a
ticket holder or a staff member downloads is the same meeting as a PUBLISH without attendee."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID

import pytest
from httpx import AsyncClient
from icalendar import Calendar, Event

from events import db, invites
from events.settings import Settings
from tests.factories import log_in, make_staff, make_user
from tests.factories_events import make_event, unique_day
from tests.factories_invites import (
    CAYENNE,
    PARIS,
    REUNION,
    cancel_event,
    cancel_registration,
    fetch_invite,
    move,
    parse,
    registered_in,
)
from tests.factories_registrations import make_candidate, make_company, register

HOST = "127.0.0.1"  # the host of settings.public_url in tests


def attendee(vevent: Event) -> Any:
    attendees = vevent.get("ATTENDEE")
    assert not isinstance(attendees, list), "an invite names its own attendee only"
    return attendees


def timezones(calendar: Calendar) -> list[str]:
    return [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")]


async def mailed_invite(
    pool: Any, settings: Settings, registration: dict[str, Any]
) -> tuple[Calendar, Event]:
    """The registration's invite as the outbox mails it (an iTIP REQUEST or CANCEL)."""
    async with db.transaction(pool) as conn:
        invite = await invites.for_registration(
            conn,
            registration_id=UUID(registration["id"]),
            public_url=settings.public_url,
            mail_from=settings.mail_from,
        )
    return parse(invite.ics)


async def mailed_staff_invite(
    pool: Any, settings: Settings, user_id: Any, event_id: str
) -> tuple[Calendar, Event]:
    """A staff member's or recruiter's invite as the outbox mails it."""
    async with db.transaction(pool) as conn:
        invite = await invites.for_staff(
            conn,
            event_id=UUID(event_id),
            user_id=user_id,
            public_url=settings.public_url,
            mail_from=settings.mail_from,
        )
    return parse(invite.ics)


@pytest.mark.parametrize("zone", [REUNION, CAYENNE], ids=["reunion", "cayenne"])
async def test_registration_invite_follows_the_event_when_it_moves_then_is_cancelled(
    client: AsyncClient, pool: Any, settings: Settings, zone: Any
) -> None:
    setup = await registered_in(client, pool, settings, zone)
    calendar, vevent = await mailed_invite(pool, settings, setup.registration)

    assert calendar["METHOD"] == "REQUEST"
    assert calendar["PRODID"] == "-//Rencontres//Rencontres de recrutement//FR"
    uid = str(vevent["UID"])
    assert uid.startswith("registration-") and uid.endswith(f"@{HOST}")
    assert setup.registration["id"] not in calendar.to_ical().decode(), "no internal id printed"
    assert vevent["SEQUENCE"] == 0
    assert vevent["STATUS"] == "CONFIRMED"
    assert vevent["DTSTART"].params["TZID"] == zone.key
    assert vevent["DTEND"].params["TZID"] == zone.key
    assert vevent.start == setup.start and vevent.start.utcoffset() == setup.start.utcoffset()
    assert timezones(calendar) == [zone.key]
    alarms = vevent.walk("VALARM")
    assert len(alarms) == 1
    assert alarms[0]["ACTION"] == "DISPLAY"
    assert alarms[0]["TRIGGER"].dt == timedelta(days=-1)
    person = attendee(vevent)
    assert person.params["PARTSTAT"] == "ACCEPTED"
    assert person.params["CN"] == setup.name
    assert str(vevent["URL"]) == f"{settings.public_url}/t/{setup.token}"
    assert str(vevent["ORGANIZER"]) == f"mailto:{settings.mail_from}"
    assert vevent["ORGANIZER"].params["CN"] == setup.staff.organisation.name
    assert str(vevent["LOCATION"]).startswith("Gymnase Jean-Jaurès, 3 rue de l'Égalité")
    assert "À apporter" in str(vevent["DESCRIPTION"])

    await move(client, setup.staff.organiser, setup.event, timedelta(days=1, hours=2))
    calendar, moved = await mailed_invite(pool, settings, setup.registration)
    assert calendar["METHOD"] == "REQUEST"
    assert str(moved["UID"]) == uid
    assert moved["SEQUENCE"] == 1
    assert moved.start == setup.start + timedelta(days=1, hours=2)
    assert moved["DTSTART"].params["TZID"] == zone.key
    assert moved["DTSTAMP"].dt >= vevent["DTSTAMP"].dt

    await cancel_registration(client, setup.staff.organiser, setup.registration["id"])
    calendar, cancelled = await mailed_invite(pool, settings, setup.registration)
    assert calendar["METHOD"] == "CANCEL"
    assert str(cancelled["UID"]) == uid
    assert cancelled["SEQUENCE"] == 2
    assert cancelled["STATUS"] == "CANCELLED"
    assert attendee(cancelled).params["PARTSTAT"] == "DECLINED"
    assert cancelled.walk("VALARM") == [], "no reminder of a cancelled meeting"
    assert timezones(calendar) == [zone.key]
    assert cancelled["DTSTAMP"].dt >= moved["DTSTAMP"].dt


async def test_event_cancellation_cancels_confirmed_and_waitlisted_invites(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    setup = await registered_in(
        client,
        pool,
        settings,
        CAYENNE,
        capacity={"candidates": 1, "companies": 1},
        candidate={"email": "aicha+rencontres@example.org"},
    )
    other = await make_candidate(client, setup.staff.organiser, first_name="Jean-Luc")
    waitlisted = await register(
        client, setup.staff.organiser, setup.event["id"], candidate_id=other
    )
    assert waitlisted["status"] == "waitlisted"

    _, confirmed = await mailed_invite(pool, settings, setup.registration)
    assert str(attendee(confirmed)) == "mailto:aicha+rencontres@example.org"
    _, tentative = await mailed_invite(pool, settings, waitlisted)
    assert attendee(tentative).params["PARTSTAT"] == "TENTATIVE"
    assert tentative["STATUS"] == "TENTATIVE"
    assert "liste d'attente" in str(tentative["DESCRIPTION"])
    assert tentative["UID"] != confirmed["UID"]

    event = await cancel_event(client, setup.staff.organiser, setup.event["id"])
    assert event["sequence"] == 1
    for registration, before in ((setup.registration, confirmed), (waitlisted, tentative)):
        calendar, after = await mailed_invite(pool, settings, registration)
        assert calendar["METHOD"] == "CANCEL"
        assert after["STATUS"] == "CANCELLED"
        assert after["UID"] == before["UID"]
        assert after["SEQUENCE"] == before["SEQUENCE"] + 1
        assert "rencontre est annulée" in str(after["DESCRIPTION"])


async def test_cancelling_a_registration_of_a_cancelled_event_raises_the_sequence_again(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    setup = await registered_in(client, pool, settings, PARIS)
    await cancel_event(client, setup.staff.organiser, setup.event["id"])
    _, first = await mailed_invite(pool, settings, setup.registration)
    await cancel_registration(client, setup.staff.organiser, setup.registration["id"])
    calendar, second = await mailed_invite(pool, settings, setup.registration)
    assert calendar["METHOD"] == "CANCEL"
    assert (first["SEQUENCE"], second["SEQUENCE"]) == (1, 2)


async def test_candidate_without_email_is_a_named_attendee_with_an_opaque_address(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    setup = await registered_in(client, pool, settings, PARIS)
    _, vevent = await mailed_invite(pool, settings, setup.registration)
    person = attendee(vevent)
    address = str(person)
    assert address.startswith("urn:uuid:")
    UUID(address.removeprefix("urn:uuid:"))
    assert address.removeprefix("urn:uuid:") != setup.registration["id"]
    assert person.params["CN"] == "Aïcha Ben Saïd"
    assert person.params["RSVP"] == "FALSE"


async def test_promotion_from_the_waiting_list_accepts_under_the_same_uid_and_sequence(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    setup = await registered_in(
        client, pool, settings, PARIS, capacity={"candidates": 1, "companies": 1}
    )
    other = await make_candidate(client, setup.staff.organiser)
    waitlisted = await register(
        client, setup.staff.organiser, setup.event["id"], candidate_id=other
    )
    _, before = await mailed_invite(pool, settings, waitlisted)

    freed = await cancel_registration(client, setup.staff.organiser, setup.registration["id"])
    assert freed["promoted_registration_id"] == waitlisted["id"]
    _, after = await mailed_invite(pool, settings, waitlisted)
    assert after["UID"] == before["UID"]
    assert attendee(after).params["PARTSTAT"] == "ACCEPTED"
    assert after["STATUS"] == "CONFIRMED"
    assert after["SEQUENCE"] == before["SEQUENCE"]
    assert after["DTSTAMP"].dt >= before["DTSTAMP"].dt


async def test_change_of_title_keeps_the_sequence_and_a_re_registration_gets_a_new_uid(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    setup = await registered_in(client, pool, settings, PARIS)
    _, first = await mailed_invite(pool, settings, setup.registration)
    renamed = await client.patch(
        f"/api/v1/events/{setup.event['id']}",
        headers=setup.staff.organiser,
        json={"title": "Job dating du printemps"},
    )
    assert renamed.status_code == 200, renamed.text
    _, retitled = await mailed_invite(pool, settings, setup.registration)
    assert retitled["SEQUENCE"] == first["SEQUENCE"] == 0
    assert retitled["SUMMARY"] == "Job dating du printemps"

    await cancel_registration(client, setup.staff.organiser, setup.registration["id"])
    candidate_id = setup.registration["candidate_id"]
    again = await register(
        client, setup.staff.organiser, setup.event["id"], candidate_id=candidate_id
    )
    calendar, fresh = await mailed_invite(pool, settings, again)
    assert calendar["METHOD"] == "REQUEST"
    assert fresh["UID"] != first["UID"]
    _, old = await fetch_invite(client, setup.token)
    assert old["STATUS"] == "CANCELLED", "the old ticket still fetches the old invite's CANCEL"


async def test_online_link_is_given_as_conference_and_location(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    hybrid = await registered_in(client, pool, settings, PARIS, kind="e_forum")
    _, vevent = await fetch_invite(client, hybrid.token)
    conference = vevent["CONFERENCE"]
    assert str(conference) == "https://visio.example.org/forum"
    assert conference.params["VALUE"] == "URI"
    assert conference.params["FEATURE"] == "VIDEO"
    assert str(vevent["LOCATION"]).startswith("Gymnase Jean-Jaurès")
    assert "https://visio.example.org/forum" in str(vevent["DESCRIPTION"])

    online = await registered_in(
        client,
        pool,
        settings,
        PARIS,
        venue=None,
        online_url="https://visio.example.org/dating",
        details={"interview_minutes": 10, "mode": "online"},
    )
    _, vevent = await fetch_invite(client, online.token)
    assert str(vevent["LOCATION"]) == "https://visio.example.org/dating"
    assert str(vevent["CONFERENCE"]) == "https://visio.example.org/dating"

    # Moving to another link raises the sequence: calendar clients must replace the old one.
    changed = await client.patch(
        f"/api/v1/events/{online.event['id']}",
        headers=online.staff.organiser,
        json={"online_url": "https://visio.example.org/autre"},
    )
    assert changed.status_code == 200, changed.text
    _, relinked = await fetch_invite(client, online.token)
    assert relinked["SEQUENCE"] == vevent["SEQUENCE"] + 1
    assert str(relinked["CONFERENCE"]) == "https://visio.example.org/autre"


async def test_summer_time_zone_is_bounded_to_the_event_dates(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    setup = await registered_in(client, pool, settings, PARIS)
    response = await client.get(f"/api/v1/tickets/{setup.token}/invite.ics")
    calendar, vevent = parse(response.content)
    assert timezones(calendar) == ["Europe/Paris"]
    offsets = {str(sub["TZNAME"]) for sub in calendar.walk("VTIMEZONE")[0].subcomponents}
    assert offsets <= {"CET", "CEST"} and offsets
    assert len(response.content) < 4000, "a VTIMEZONE without range carries decades of rules"
    assert vevent.start.utcoffset() == setup.start.utcoffset()


async def test_invite_is_served_as_a_private_publish_identical_when_nothing_changed(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    setup = await registered_in(client, pool, settings, PARIS)
    first = await client.get(f"/api/v1/tickets/{setup.token}/invite.ics")
    second = await client.get(f"/api/v1/tickets/{setup.token}/invite.ics")
    assert first.status_code == 200
    media_type = first.headers["content-type"]
    assert media_type.startswith("text/calendar") and "method=PUBLISH" in media_type
    assert "no-store" in first.headers["cache-control"]
    assert first.content == second.content


async def test_forged_and_replaced_tickets_get_no_invite(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    setup = await registered_in(client, pool, settings, PARIS)
    token = setup.token
    forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    response = await client.get(f"/api/v1/tickets/{forged}/invite.ics")
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_ticket"
    response = await client.get("/api/v1/tickets/not-a-token/invite.ics")
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_ticket"

    reissued = await client.post(
        f"/api/v1/registrations/{setup.registration['id']}/ticket/reissue",
        headers=setup.staff.organiser,
    )
    assert reissued.status_code == 201, reissued.text
    response = await client.get(f"/api/v1/tickets/{token}/invite.ics")
    assert response.status_code == 409
    assert response.json()["code"] == "ticket_revoked"
    new_token = reissued.json()["token"]
    _, vevent = await fetch_invite(client, new_token)
    assert str(vevent["URL"]).endswith(f"/t/{new_token}")
    assert vevent["SEQUENCE"] == 0, "a new ticket is not a new meeting"


async def test_company_registration_invite_names_the_company(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_event(client, staff.organiser, status="published")
    company_id = await make_company(client, staff.organiser)
    registration = await register(client, staff.organiser, event["id"], company_id=company_id)
    _, vevent = await mailed_invite(pool, settings, registration)
    company = attendee(vevent)
    assert company.params["CUTYPE"] == "GROUP"
    assert company.params["CN"].startswith("Boulangerie-")
    assert "offres d'emploi" in str(vevent["DESCRIPTION"])


async def test_builder_answers_the_same_invite_as_the_ticket_endpoint(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    """The outbox calls the builder by registration id; the ticket's download is the same
    meeting from the same builder, as a PUBLISH."""
    setup = await registered_in(client, pool, settings, REUNION)
    served = await client.get(f"/api/v1/tickets/{setup.token}/invite.ics")
    async with db.transaction(pool) as conn:
        invite = await invites.for_registration(
            conn,
            registration_id=UUID(setup.registration["id"]),
            public_url=settings.public_url,
            mail_from=settings.mail_from,
        )
        download = await invites.for_ticket(
            conn, token=setup.token, public_url=settings.public_url, mail_from=settings.mail_from
        )
    assert download.ics == served.content
    _, vevent = parse(invite.ics)
    assert (invite.method, invite.uid, invite.sequence) == ("REQUEST", str(vevent["UID"]), 0)
    assert (download.method, download.uid, download.sequence) == ("PUBLISH", invite.uid, 0)
    assert invite.summary == download.summary == setup.event["title"]


# --- staff and recruiters --------------------------------------------------------------------


async def staff_invite(client: AsyncClient, headers: dict[str, str], event_id: str) -> Any:
    response = await client.get(f"/api/v1/events/{event_id}/invite.ics", headers=headers)
    assert response.status_code == 200, response.text
    return parse(response.content)


async def test_organiser_and_coach_get_their_own_invites_that_follow_the_event(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    start = unique_day().replace(hour=14, minute=0, tzinfo=REUNION)
    event = await make_event(
        client, staff.organiser, status="draft", start=start, timezone="Indian/Reunion"
    )
    calendar, draft = await mailed_staff_invite(
        pool, settings, staff.organiser_user.id, event["id"]
    )
    assert calendar["METHOD"] == "REQUEST"
    assert draft["STATUS"] == "TENTATIVE", "a draft may still change"
    chair = attendee(draft)
    assert str(chair) == f"mailto:{staff.organiser_user.email}"
    assert chair.params["ROLE"] == "CHAIR"
    assert str(draft["URL"]) == f"{settings.public_url}/events/{event['id']}"
    assert str(draft["UID"]).startswith("staff-")

    published = await client.post(f"/api/v1/events/{event['id']}/publish", headers=staff.organiser)
    assert published.status_code == 200
    _, coach_invite = await mailed_staff_invite(pool, settings, staff.coach_user.id, event["id"])
    assert attendee(coach_invite).params["ROLE"] == "REQ-PARTICIPANT"
    assert coach_invite["STATUS"] == "CONFIRMED"
    assert coach_invite["UID"] != draft["UID"]

    await move(client, staff.organiser, event, timedelta(hours=1))
    _, moved = await mailed_staff_invite(pool, settings, staff.organiser_user.id, event["id"])
    assert (moved["UID"], moved["SEQUENCE"]) == (draft["UID"], 1)
    assert moved.start == start + timedelta(hours=1)
    await cancel_event(client, staff.organiser, event["id"])
    calendar, cancelled = await mailed_staff_invite(
        pool, settings, staff.coach_user.id, event["id"]
    )
    assert calendar["METHOD"] == "CANCEL"
    assert (cancelled["UID"], cancelled["SEQUENCE"]) == (coach_invite["UID"], 2)


async def test_recruiter_invite_follows_their_company_registration(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_event(client, staff.organiser, status="published")
    company_id = await make_company(client, staff.organiser)
    recruiter = await make_user(pool, settings, role="recruiter", company_id=company_id)
    headers = await log_in(client, recruiter.email)

    refused = await client.get(f"/api/v1/events/{event['id']}/invite.ics", headers=headers)
    assert refused.status_code == 403
    assert refused.json()["code"] == "forbidden"

    registration = await register(client, staff.organiser, event["id"], company_id=company_id)
    calendar, vevent = await mailed_staff_invite(pool, settings, recruiter.id, event["id"])
    assert calendar["METHOD"] == "REQUEST"
    assert str(attendee(vevent)) == f"mailto:{recruiter.email}"
    assert str(vevent["UID"]).startswith("recruiter-")

    await cancel_registration(client, staff.organiser, registration["id"])
    calendar, cancelled = await mailed_staff_invite(pool, settings, recruiter.id, event["id"])
    assert calendar["METHOD"] == "CANCEL"
    assert cancelled["UID"] == vevent["UID"]
    assert cancelled["SEQUENCE"] == vevent["SEQUENCE"] + 1


async def test_staff_of_another_organisation_get_no_invite(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    others = await make_staff(pool, settings, client)
    draft = await make_event(client, staff.organiser, status="draft")
    published = await make_event(client, staff.organiser, status="published")

    hidden = await client.get(f"/api/v1/events/{draft['id']}/invite.ics", headers=others.coach)
    assert hidden.status_code == 404
    assert hidden.json()["code"] == "event_not_found"
    seen = await client.get(f"/api/v1/events/{published['id']}/invite.ics", headers=others.coach)
    assert seen.status_code == 403
    assert seen.json()["code"] == "forbidden"
    anonymous = await client.get(f"/api/v1/events/{published['id']}/invite.ics")
    assert anonymous.status_code == 401
    assert anonymous.json()["code"] == "not_authenticated"


async def test_the_calendar_reminder_follows_the_events_reminder_time(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    setup = await registered_in(client, pool, settings, PARIS)
    url = f"/api/v1/events/{setup.event['id']}"
    changed = await client.patch(
        url, headers=setup.staff.organiser, json={"reminder_hours_before": 3}
    )
    assert changed.status_code == 200, changed.text
    _, vevent = await fetch_invite(client, setup.token)
    assert [a["TRIGGER"].dt for a in vevent.walk("VALARM")] == [timedelta(hours=-3)]
    await client.patch(url, headers=setup.staff.organiser, json={"reminder_hours_before": 0})
    _, vevent = await fetch_invite(client, setup.token)
    assert vevent.walk("VALARM") == [], "an event without reminders gives no calendar alarm"


# --- downloads: PUBLISH, no attendee (mail stays REQUEST/CANCEL) -----------------------------


async def test_a_ticket_download_is_a_publish_without_attendee_beside_the_mailed_request(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    setup = await registered_in(
        client, pool, settings, PARIS, candidate={"email": "aicha+ics@example.org"}
    )
    response = await client.get(f"/api/v1/tickets/{setup.token}/invite.ics")
    assert response.status_code == 200
    assert "method=PUBLISH" in response.headers["content-type"]
    calendar, downloaded = parse(response.content)
    mailed_calendar, mailed = await mailed_invite(pool, settings, setup.registration)

    assert calendar["METHOD"] == "PUBLISH"
    assert "ATTENDEE" not in downloaded, "a PUBLISH carries no attendee: nobody is asked to reply"
    assert b"aicha+ics@example.org" not in response.content
    assert downloaded["STATUS"] == "CONFIRMED"
    assert downloaded.walk("VALARM"), "the reminder is kept"
    assert mailed_calendar["METHOD"] == "REQUEST"
    assert str(attendee(mailed)) == "mailto:aicha+ics@example.org"
    assert (downloaded["UID"], downloaded["SEQUENCE"]) == (mailed["UID"], mailed["SEQUENCE"])
    assert str(downloaded["URL"]) == f"{settings.public_url}/t/{setup.token}"

    await cancel_registration(client, setup.staff.organiser, setup.registration["id"])
    calendar, withdrawn = await fetch_invite(client, setup.token)
    mailed_calendar, mailed = await mailed_invite(pool, settings, setup.registration)
    assert calendar["METHOD"] == "PUBLISH"
    assert "ATTENDEE" not in withdrawn
    assert withdrawn["STATUS"] == "CANCELLED"
    assert withdrawn.walk("VALARM") == []
    assert mailed_calendar["METHOD"] == "CANCEL"
    assert (
        (withdrawn["UID"], withdrawn["SEQUENCE"])
        == (mailed["UID"], mailed["SEQUENCE"])
        == (
            downloaded["UID"],
            1,
        )
    )


async def test_ones_own_staff_invite_downloads_as_a_publish_without_attendee(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_event(client, staff.organiser, status="published")
    response = await client.get(f"/api/v1/events/{event['id']}/invite.ics", headers=staff.coach)
    assert response.status_code == 200
    assert "method=PUBLISH" in response.headers["content-type"]
    assert "no-store" in response.headers["cache-control"]
    calendar, downloaded = parse(response.content)
    assert calendar["METHOD"] == "PUBLISH"
    assert "ATTENDEE" not in downloaded
    assert staff.coach_user.email not in response.text
    assert str(downloaded["URL"]) == f"{settings.public_url}/events/{event['id']}"
    mailed_calendar, mailed = await mailed_staff_invite(
        pool, settings, staff.coach_user.id, event["id"]
    )
    assert mailed_calendar["METHOD"] == "REQUEST"
    assert str(attendee(mailed)) == f"mailto:{staff.coach_user.email}"
    assert (downloaded["UID"], downloaded["SEQUENCE"]) == (mailed["UID"], mailed["SEQUENCE"])

    await cancel_event(client, staff.organiser, event["id"])
    calendar, cancelled = await staff_invite(client, staff.coach, event["id"])
    assert calendar["METHOD"] == "PUBLISH"
    assert cancelled["STATUS"] == "CANCELLED"
    assert cancelled["SEQUENCE"] == 1

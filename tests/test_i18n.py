"""Kind and status labels live in ``events.i18n`` only, one entry per code, in both languages;
every medium (error texts, invites, the calendar feed, the demo's summary) reads them there."""

from __future__ import annotations

from pathlib import Path
from typing import get_args

import pytest

from events import catalog, i18n, registrations
from events.directory import candidates
from events.errors import InvalidTransition, MessageNotDead
from events.invites import texts as invite_texts
from events.messages import outbox

EVENTS = Path(__file__).resolve().parent.parent / "events"
TABLES = {
    "KINDS": (i18n.KINDS, catalog.Kind),
    "EVENT_STATUSES": (i18n.EVENT_STATUSES, catalog.Status),
    "MESSAGE_STATUSES": (i18n.MESSAGE_STATUSES, outbox.Status),
    "REGISTRATION_STATUSES": (i18n.REGISTRATION_STATUSES, registrations.RegistrationStatus),
    "REGISTRATION_ROLES": (i18n.REGISTRATION_ROLES, registrations.RegistrationRole),
    "REFUGEE_STATUSES": (i18n.REFUGEE_STATUSES, candidates.RefugeeStatus),
    "BENEFITS": (i18n.BENEFITS, candidates.Benefit),
    "HOUSING": (i18n.HOUSING, candidates.Housing),
}


@pytest.mark.parametrize("name", sorted(TABLES))
def test_each_table_has_a_label_for_every_code_in_both_languages(name: str) -> None:
    labels, codes = TABLES[name]
    assert set(labels) == {"fr", "en"}
    for language in ("fr", "en"):
        assert set(labels[language]) == set(get_args(codes)), language
        assert all(label.strip() for label in labels[language].values())


def test_no_other_module_writes_a_kind_or_status_label() -> None:
    codes = {code for labels, kind in TABLES.values() for code in get_args(kind)}
    words = {
        label
        for labels, _ in TABLES.values()
        for language in labels.values()
        for label in language.values()
        if label not in codes
    }
    found = {
        (path.relative_to(EVENTS).as_posix(), word)
        for path in [*EVENTS.rglob("*.py"), *EVENTS.rglob("*.html")]
        if path.name != "i18n.py"
        for word in words
        if f'"{word}"' in path.read_text(encoding="utf-8")
    }
    assert found == set()


def test_refusals_name_an_event_or_message_status_in_the_readers_words() -> None:
    assert "« publiée »" in InvalidTransition(status="published").detail("fr")
    assert "'published'" in InvalidTransition(status="published").detail("en")
    assert "« envoyé »" in MessageNotDead(status="sent").detail("fr")
    assert "'sent'" in MessageNotDead(status="sent").detail("en")


def test_the_invite_and_the_demo_read_the_same_kind_labels() -> None:
    assert invite_texts.WORDS["fr"].kinds["sport_session"] == "Séance de recrutement par le sport"
    assert invite_texts.WORDS["en"].kinds["food_festival"] == "Food festival"
    assert i18n.both(i18n.KINDS, "food_festival") == "Festival culinaire / Food festival"
    assert i18n.both(i18n.KINDS, "e_forum") == "E-forum"
    assert i18n.both(i18n.EVENT_STATUSES, "draft") == "brouillon / draft"

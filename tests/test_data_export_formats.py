"""The person's data document (PDF) tells issue 14's sections in words, French and English: the
interview grid of a job dating (hours and wished jobs, wishes, interviews, the schedules sent),
bibs and companies' interest in them, a food festival's pairing, an e-forum's workshops. Made
from an export with one line in each, read back with pypdf; an empty one says « Rien. »."""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime
from typing import TypeVar
from uuid import uuid4

import pytest
from pypdf import PdfReader

from events.data_rights import document
from events.data_rights import export as ex
from events.i18n import Language

T = TypeVar("T")
_AT = datetime(2026, 3, 12, 13, 0, tzinfo=UTC)  # 14 h 00 in Paris


def _export(*, filled: bool) -> ex.PersonExport:
    def some(item: T) -> list[T]:
        return [item] if filled else []

    return ex.PersonExport(
        format_version=ex.FORMAT_VERSION,
        exported_at=_AT,
        person=ex.Person(
            id=uuid4(),
            organisation_name="Mission locale Est",
            first_name="Mariam",
            last_name="Diallo",
            email=None,
            phone=None,
            city=None,
            postcode=None,
            language="fr",
            created_at=_AT,
            updated_at=_AT,
        ),
        private=None,
        registrations=[],
        tickets=[],
        scans=[],
        observations=[],
        observation_comments=[],
        card=None,
        card_reviews=[],
        credentials=[],
        consent=None,
        consent_history=[],
        card_views=[],
        outcomes=[],
        recruiter_interests=[],
        cv=None,
        messages=[],
        imports=[],
        statistical_profiles=[],
        retention_warnings=[],
        erasure=None,
        history=[],
        interview_frames=some(
            ex.InterviewFrameLine(
                event_title="Job dating Logistique",
                arrives_at=datetime(2026, 3, 12, 9, 30, tzinfo=UTC),
                leaves_at=None,
                sectors=["cariste", "magasinier"],
                updated_at=_AT,
            )
        ),
        interview_wishes=some(
            ex.InterviewWishLine(
                event_title="Job dating Logistique",
                company_name="Transports Rivière",
                wish="must_meet",
                said_by="candidate",
                source="mutual_interest",
                created_at=_AT,
            )
        ),
        interviews=some(
            ex.InterviewLine(
                event_title="Job dating Logistique",
                company_name="Entrepôts Soleil",
                starts_at=datetime(2026, 3, 12, 10, 0, tzinfo=UTC),
                ends_at=datetime(2026, 3, 12, 10, 20, tzinfo=UTC),
                table_no=4,
            )
        ),
        interviews_sent=some(
            ex.InterviewSentLine(
                event_title="Job dating Logistique",
                company_name="Garage Lumière",
                starts_at=datetime(2026, 3, 12, 11, 0, tzinfo=UTC),
                ends_at=datetime(2026, 3, 12, 11, 20, tzinfo=UTC),
                table_no=7,
                sent_at=datetime(2026, 3, 10, 8, 5, tzinfo=UTC),
            )
        ),
        bibs=some(ex.BibLine(event_title="Match anonyme", number=23, allocated_at=_AT)),
        bib_interests=some(
            ex.BibInterestLine(
                event_title="Match anonyme",
                company_name="Boulangerie Aurore",
                created_at=_AT,
                answer="yes",
                answered_at=_AT,
                by_proxy=True,
            )
        ),
        pairing_sides=some(
            ex.PairingSideLine(
                event_title="Festival des saveurs",
                cuisines=["syrienne"],
                wishes=["pâtisserie"],
                areas=["Lyon 7e"],
                updated_at=_AT,
            )
        ),
        pairings=some(
            ex.PairingLine(
                event_title="Festival des saveurs",
                restaurant="Chez Nour",
                preparation_days=[date(2026, 5, 4)],
                service_days=[date(2026, 5, 6), date(2026, 5, 7)],
                result="referral",
                result_on=date(2026, 6, 1),
                referral_company="Traiteur Olive",
                note="Très à l'aise en cuisine.",
                created_at=_AT,
                sent_at=_AT,
            )
        ),
        workshop_signups=some(
            ex.WorkshopSignupLine(
                event_title="E-forum Numérique",
                workshop_title="Réussir son entretien",
                starts_at=datetime(2026, 4, 2, 8, 30, tzinfo=UTC),
                ends_at=datetime(2026, 4, 2, 9, 30, tzinfo=UTC),
                cancelled_at=None,
                created_at=_AT,
                by_proxy=False,
            )
        ),
    )


def _text(content: bytes) -> str:
    """The document's words, one line per paragraph, spaces (no-break too) made plain."""
    words = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return re.sub(r"[ \u00a0]+", " ", words)


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


EXPECTED: dict[Language, list[str]] = {
    "fr": [
        "Mes heures et métiers pour les entretiens",
        "Job dating Logistique : là de 10 h 30 à la fin. Métiers souhaités : cariste, magasinier.",
        "Entreprises à rencontrer, ou plutôt pas",
        "Transports Rivière : à rencontrer (dit par moi, après un intérêt des deux côtés,",
        "Mes entretiens prévus",
        "Entrepôts Soleil, le 12 mars 2026 à 11 h 00 jusqu'à 11 h 20, table n° 4.",
        "Plannings d'entretiens qui m'ont été envoyés",
        "Envoyé le 10 mars 2026 à 9 h 05, Job dating Logistique : Garage Lumière,",
        "table n° 7.",
        "Mes dossards",
        "Match anonyme : dossard n° 23,",
        "Entreprises intéressées par mon dossard",
        "Boulangerie Aurore,",
        "Ma réponse : oui,",
        "(par mon coach ou un organisateur).",
        "Ce que je cuisine (festival de cuisine)",
        "Festival des saveurs. Cuisines : syrienne. Souhaits : pâtisserie. Où je peux aller :",
        "Mon binôme avec un restaurant",
        "Festival des saveurs : Chez Nour. Préparation : 4 mai 2026. Service : 6 mai 2026,",
        "Résultat : orienté(e) vers une autre entreprise (Traiteur Olive), 1 juin 2026.",
        "Note : Très à l'aise en cuisine.",
        "Mes ateliers",
        "E-forum Numérique : « Réussir son entretien », le 2 avril 2026 à 10 h 30 jusqu'à",
        "11 h 30. Inscription le",
        "(par moi).",
    ],
    "en": [
        "My hours and wished jobs for interviews",
        "there from 10:30 to the end. Wished jobs: cariste, magasinier.",
        "Companies to meet, or rather not",
        "must meet (said by me, after interest on both sides,",
        "My planned interviews",
        "Entrepôts Soleil, on 12 March 2026 at 11:00 until 11:20, table 4.",
        "Interview schedules sent to me",
        "Sent on 10 March 2026 at 09:05",
        "My bibs",
        "bib no. 23",
        "Companies interested in my bib",
        "My answer: yes,",
        "by my coach or an organiser",
        "What I cook (food festival)",
        "Cuisines: syrienne. Wishes: pâtisserie. Where I can go: Lyon 7e.",
        "My pairing with a restaurant",
        "Result: referred to another company (Traiteur Olive), 1 June 2026.",
        "My workshops",
        "\u201cRéussir son entretien\u201d, on 2 April 2026 at 10:30 until 11:30.",
        "Signed up on",
        "(by me).",
    ],
}


@pytest.mark.parametrize("language", ["fr", "en"])
def test_each_format_section_is_told_in_words(language: Language) -> None:
    text = _flat(_text(document.render(_export(filled=True), language)))
    missing = [expected for expected in EXPECTED[language] if _flat(expected) not in text]
    assert missing == []
    # Codes never show: the words stand for them.
    for code in ("must_meet", "mutual_interest", "referral", "by_proxy"):
        assert code not in text


def test_an_empty_format_section_says_nothing_is_held() -> None:
    text = _text(document.render(_export(filled=False), "fr"))
    lines = text.splitlines()
    for title in ("Mes dossards", "Mes ateliers", "Mon binôme avec un restaurant"):
        assert lines[lines.index(title) + 1] == "Rien."

"""The person's data as a readable A4 document: every section of the export in plain words,
French unless English is asked, each section saying « Rien. » when it is empty. Real text (a
reader can search it, a test reads it back). CPU-bound: callers run it in a thread."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any, Final
from zoneinfo import ZoneInfo

import msgspec
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from events import i18n
from events.data_rights import texts
from events.data_rights.export import PersonExport
from events.data_rights.views import moment
from events.documents import pdf as kit
from events.i18n import Language

_MARGIN: Final = 16.0
_PARIS: Final = ZoneInfo("Europe/Paris")


def _day(at: datetime, language: Language) -> str:
    return kit.day(at.astimezone(_PARIS), language)


def _date(on: date, language: Language) -> str:
    return f"{on.day} {i18n.MONTHS[language][on.month - 1]} {on.year}"


def _hour(at: datetime, language: Language) -> str:
    local = at.astimezone(_PARIS)
    return f"{local:%H:%M}" if language == "en" else f"{local.hour}\u00a0h\u00a0{local.minute:02d}"


def _label(labels: dict[Language, dict[str, str]], language: Language, code: str) -> str:
    return labels[language].get(code, code)


def _write(pdf: FPDF, text: str, *, size: float = 10.5, bold: bool = False) -> None:
    kit.font(pdf, size, bold=bold)
    pdf.multi_cell(0, size * 0.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")


def _heading(pdf: FPDF, text: str) -> None:
    if pdf.get_y() > kit.A4_HEIGHT - 50:
        pdf.add_page()
    pdf.ln(4)
    _write(pdf, text, size=13.5, bold=True)
    y = pdf.get_y() + 0.5
    pdf.set_draw_color(*kit.MUTED)
    pdf.line(pdf.l_margin, y, pdf.w - pdf.r_margin, y)
    pdf.ln(2)


def _section(pdf: FPDF, title: str, items: Iterable[str], words: dict[str, str]) -> None:
    _heading(pdf, title)
    written = False
    for item in items:
        _write(pdf, item)
        pdf.ln(1.5)
        written = True
    if not written:
        _write(pdf, words["nothing"])


def _field(words: dict[str, str], name: str, value: Any) -> str:
    return f"{words[name]}{words['colon']} {value}"


def _yes_no(value: bool | None, words: dict[str, str]) -> str:
    if value is None:
        return words["unknown"]
    return words["yes"] if value else words["no"]


def _private_value(key: str, value: Any, language: Language, words: dict[str, str]) -> str:
    if isinstance(value, bool):
        return _yes_no(value, words)
    if key == "refugee_status":
        return _label(i18n.REFUGEE_STATUSES, language, str(value))
    if key == "housing":
        return _label(i18n.HOUSING, language, str(value))
    if key == "benefits" and isinstance(value, list):
        return ", ".join(_label(i18n.BENEFITS, language, str(b)) for b in value)
    return str(value)


def _sections(data: PersonExport, language: Language) -> list[tuple[str, list[str]]]:
    w = texts.WORDS[language]
    p = data.person

    def day(at: datetime) -> str:
        return _day(at, language)

    person = [
        _field(w, "name", f"{p.first_name} {p.last_name}"),
        _field(w, "organisation", p.organisation_name),
        _field(w, "email", p.email or w["unknown"]),
        _field(w, "phone", p.phone or w["unknown"]),
        _field(w, "place", " ".join(x for x in (p.postcode, p.city) if x) or w["unknown"]),
        _field(w, "language", "français" if p.language == "fr" else "English"),
        f"{w['created']} {day(p.created_at)}. {w['updated']} {day(p.updated_at)}.",
    ]
    private: list[str] = []
    if data.private is not None:
        for key, value in msgspec.structs.asdict(data.private.data).items():
            if value is None:
                continue
            name = texts.PRIVATE_FIELDS[language].get(key, key)
            private.append(f"{name}{w['colon']} {_private_value(key, value, language, w)}")
        private.append(f"{w['updated']} {day(data.private.updated_at)}.")
    registrations = [
        f"{r.event_title} ({i18n.KINDS[language].get(r.event_kind, r.event_kind)}), "
        f"{kit.day(r.event_starts_at.astimezone(ZoneInfo(r.event_timezone)), language)}"
        f"{w['colon']} {_label(i18n.REGISTRATION_STATUSES, language, r.status)}"
        + (f". {w['came']} {day(r.checked_in_at)}" if r.checked_in_at else "")
        + "."
        for r in data.registrations
    ]
    tickets = [
        f"{w['ticket_n'].format(n=t.serial)}, {t.event_title}, {day(t.created_at)}{w['colon']} "
        + (w["ticket_revoked"].format(date=day(t.revoked_at)) if t.revoked_at else w["ticket_live"])
        for t in data.tickets
    ]
    scans = [
        f"{s.event_title}, {moment(s.scanned_at, language)}{w['colon']} "
        f"{_label(texts.SCANS, language, s.result)}"
        for s in data.scans
    ]
    comments_by: dict[Any, list[str]] = {}
    for c in data.observation_comments:
        comments_by.setdefault(c.observation_id, []).append(f"« {c.body} » ({day(c.created_at)})")
    observations = []
    for o in data.observations:
        skill = o.skill_en if language == "en" else o.skill_fr
        line = (
            f"{skill.capitalize()}, {w['level'].format(level=o.level)}, {o.event_title}. "
            f"{w['observed_by'].format(name=o.observer_name or '?', date=day(o.observed_at))}. "
            f"{w['version'].format(version=o.version)}"
            + (f" ({w['corrected']})" if not o.current else "")
            + "."
        )
        if o.activity:
            line += f" {_field(w, 'activity', o.activity)}."
        if o.note:
            line += f" {_field(w, 'note', o.note)}"
        if o.reason:
            line += f" {_field(w, 'reason', o.reason)}"
        for said in comments_by.get(o.id, []):
            line += f" {said}"
        observations.append(line)
    comments = [f"« {c.body} » ({day(c.created_at)})" for c in data.observation_comments]
    card = []
    for review in data.card_reviews:
        skills = review.card.get("skills", [])
        names = ", ".join(
            f"{s.get('label_en' if language == 'en' else 'label_fr', s.get('code', ''))} "
            f"{s.get('level', '')}/4"
            for s in skills
            if isinstance(s, dict)
        )
        card.append(
            w["reviewed_by"].format(
                version=review.version,
                name=review.reviewed_by_name or "?",
                date=day(review.reviewed_at),
            )
            + (f"{w['colon']} {names}" if names else ".")
        )

    def via(how: str, name: str | None) -> str:
        return w["via_ticket"] if how == "ticket" else w["via_staff"].format(name=name or "?")

    consents = [
        f"{day(h.at)}{w['colon']} "
        f"{w['recruiters_yes'] if h.recruiters else w['recruiters_no']}, "
        f"{w['contact_yes'] if h.contact else w['contact_no']} "
        f"({via(h.via, h.by_name)})."
        for h in data.consent_history
    ]
    if data.consent is not None:
        now_said = (
            f"{w['consent_now']}{w['colon']} "
            f"{w['recruiters_yes'] if data.consent.recruiters else w['recruiters_no']}, "
            f"{w['contact_yes'] if data.consent.contact else w['contact_no']}."
        )
        consents = [now_said, *consents]
    retention = [
        w["retention_" + r.scope].format(date=day(r.due_at)).capitalize()
        + f" ({w['warned'].format(date=day(r.warned_at))})."
        if "retention_" + r.scope in w
        else f"{r.scope}{w['colon']} {day(r.due_at)}."
        for r in data.retention_warnings
    ]
    erasure = [w["erased"].format(date=day(data.erasure.erased_at))] if data.erasure else []
    credentials = [
        w["credential"].format(version=c.card_version, date=day(c.issued_at))
        + f" {w.get('credential_' + c.status, c.status)}."
        for c in data.credentials
    ]
    views = [
        f"{moment(v.at, language)}{w['colon']} {v.company_name or w['some_company']}"
        for v in data.card_views
    ]
    outcome_kinds: dict[Language, dict[str, str]] = getattr(i18n, "OUTCOME_KINDS", {})
    outcomes = [
        f"{o.happened_on.day} {i18n.MONTHS[language][o.happened_on.month - 1]} "
        f"{o.happened_on.year}"
        f"{w['colon']} {outcome_kinds.get(language, {}).get(o.kind, o.kind)}"
        + (f", {w['with_company'].format(name=o.company_name)}" if o.company_name else "")
        + (f", {w['follow_up'].format(month=o.follow_up_month)}" if o.follow_up_month else "")
        + f" ({o.event_title})."
        + (f" {_field(w, 'note', o.note)}" if o.note else "")
        for o in data.outcomes
    ]
    interests = [
        f"{i.company_name}, {day(i.created_at)}"
        + (f" ({i.event_title})" if i.event_title else "")
        + (f", {w['withdrawn'].format(date=day(i.withdrawn_at))}" if i.withdrawn_at else "")
        + "."
        for i in data.recruiter_interests
    ]
    cv = []
    if data.cv is not None:
        if data.cv.kind == "pdf":
            cv.append(w["cv_pdf"].format(pages=data.cv.pdf_pages, size=data.cv.pdf_size))
        else:
            cv.append(w["cv_structured"] + ".")
            cv.extend(_structured(data.cv.structured or {}, language))
        if data.cv.sectors and data.cv.kind == "pdf":  # the template holds its own
            cv.append(_field(w, "sectors", ", ".join(data.cv.sectors)))
        cv.append(f"{w['updated']} {day(data.cv.updated_at)}.")
    messages = [
        w["message"].format(
            kind=_label(texts.MESSAGE_KINDS, language, m.kind),
            channel=_label(texts.CHANNELS, language, m.channel),
            date=day(m.created_at),
            status=_label(i18n.MESSAGE_STATUSES, language, m.status),
        )
        + (f", {w['to'].format(recipient=m.recipient)}" if m.recipient else "")
        + f" ({m.event_title})."
        for m in data.messages
    ]
    imports = [
        f"{w['import_line'].format(filename=r.filename, line=r.line)}, {day(r.created_at)}"
        f"{w['colon']} " + " | ".join(c for c in r.cells if c)
        for r in data.imports
    ]
    profiles = [
        f"{pr.event_title}{w['colon']} "
        + ", ".join(
            f"{w['attr_' + key]} {_yes_no(getattr(pr, key), w)}"
            for key in ("under_26", "woman", "qpv", "rsa_ass_aah", "rqth", "refugee")
        )
        + f", {w['attr_diploma_level']} {pr.diploma_level or w['unknown']}."
        for pr in data.statistical_profiles
    ]

    def who(role: str | None) -> str:
        return (
            w["by_role"].format(role=_label(texts.ROLES, language, role)) if role else w["by_self"]
        )

    history = [
        f"{moment(h.at, language)}{w['colon']} {h.action} ({who(h.actor_role)})"
        for h in data.history
    ]
    return [
        (w["person"], person),
        (w["private"], private),
        (w["registrations"], registrations),
        (w["tickets"], tickets),
        (w["scans"], scans),
        (w["observations"], observations),
        (w["comments"], comments),
        (w["card"], card),
        (w["credentials"], credentials),
        (w["consents"], consents),
        (w["views"], views),
        (w["outcomes"], outcomes),
        (w["interests"], interests),
        (w["cv"], cv),
        (w["messages"], messages),
        (w["imports"], imports),
        (w["profiles"], profiles),
        *_formats(data, language),
        (w["retention"], retention),
        (w["erasure"], erasure),
        (w["history"], history),
    ]


def _formats(data: PersonExport, language: Language) -> list[tuple[str, list[str]]]:
    """The sections of issue 14's formats: the interview grid of a job dating (hours and wished
    jobs, wishes, interviews, the schedules sent), bibs at anonymous sessions, a food
    festival's pairings, an e-forum's workshops."""
    w = texts.WORDS[language]
    colon = w["colon"]

    def day(at: datetime) -> str:
        return _day(at, language)

    def words(items: list[str]) -> str:
        return ", ".join(items) if items else w["unknown"]

    def span(starts_at: datetime, ends_at: datetime) -> str:
        return w["from_to"].format(start=moment(starts_at, language), end=_hour(ends_at, language))

    frames = [
        f"{f.event_title}{colon} "
        + (
            w["hours"].format(
                arrives=_hour(f.arrives_at, language) if f.arrives_at else w["start"],
                leaves=_hour(f.leaves_at, language) if f.leaves_at else w["end"],
            )
            if f.arrives_at or f.leaves_at
            else w["whole_event"]
        )
        + f". {_field(w, 'sectors', ', '.join(f.sectors) or w['cv_jobs'])}."
        + f" {w['updated']} {day(f.updated_at)}."
        for f in data.interview_frames
    ]
    wishes = [
        f"{x.event_title}, {x.company_name}{colon} "
        + _label(texts.WISHES, language, x.wish)
        + f" ({_label(texts.SAID_BY, language, x.said_by)}"
        + (f", {w['mutual_interest']}" if x.source == "mutual_interest" else "")
        + f", {day(x.created_at)})."
        for x in data.interview_wishes
    ]
    interviews = [
        f"{i.event_title}{colon} {i.company_name}, {span(i.starts_at, i.ends_at)}, "
        f"{w['table_n'].format(n=i.table_no)}."
        for i in data.interviews
    ]
    sent = [
        f"{w['sent_on'].format(date=moment(x.sent_at, language))}, {x.event_title}{colon} "
        f"{x.company_name}, {span(x.starts_at, x.ends_at)}, {w['table_n'].format(n=x.table_no)}."
        for x in data.interviews_sent
    ]
    bibs = [
        f"{b.event_title}{colon} {w['bib_n'].format(n=b.number)}, "
        f"{w['given_on'].format(date=day(b.allocated_at))}."
        for b in data.bibs
    ]
    bib_interests = [
        f"{i.event_title}, {i.company_name}, {day(i.created_at)}. {w['my_answer']}{colon} "
        + (
            _label(texts.ANSWERS, language, i.answer)
            + (f", {day(i.answered_at)}" if i.answered_at else "")
            + (f" ({w['by_proxy']})" if i.by_proxy else "")
            if i.answer
            else w["no_answer"]
        )
        + "."
        for i in data.bib_interests
    ]
    sides = [
        f"{x.event_title}. {_field(w, 'cuisines', words(x.cuisines))}. "
        f"{_field(w, 'cook_wishes', words(x.wishes))}. {_field(w, 'areas', words(x.areas))}. "
        f"{w['updated']} {day(x.updated_at)}."
        for x in data.pairing_sides
    ]
    pairings = []
    for x in data.pairings:
        line = (
            f"{x.event_title}{colon} {x.restaurant}. "
            f"{_field(w, 'preparation', words([_date(d, language) for d in x.preparation_days]))}"
            f". {_field(w, 'service', words([_date(d, language) for d in x.service_days]))}."
        )
        if x.result:
            line += f" {_field(w, 'result', _label(texts.RESULTS, language, x.result))}"
            if x.referral_company:
                line += f" ({x.referral_company})"
            line += f", {_date(x.result_on, language)}." if x.result_on else "."
        if x.note:
            line += f" {_field(w, 'note', x.note)}"
        if x.sent_at:
            line += f" {w['sent_on'].format(date=moment(x.sent_at, language))}."
        pairings.append(line)
    workshops = [
        f"{x.event_title}{colon} {w['quoted'].format(text=x.workshop_title)}, "
        f"{span(x.starts_at, x.ends_at)}"
        + (f", {w['cancelled_on'].format(date=day(x.cancelled_at))}" if x.cancelled_at else "")
        + f". {w['signed_up_on'].format(date=day(x.created_at))} "
        + f"({w['by_proxy'] if x.by_proxy else w['by_self']})."
        for x in data.workshop_signups
    ]
    return [
        (w["interview_frames"], frames),
        (w["interview_wishes"], wishes),
        (w["interviews"], interviews),
        (w["interviews_sent"], sent),
        (w["bibs"], bibs),
        (w["bib_interests"], bib_interests),
        (w["pairing_sides"], sides),
        (w["pairings"], pairings),
        (w["workshop_signups"], workshops),
    ]


def _flat(value: Any) -> str:
    """A part of the CV as words: its values in order, joined."""
    if isinstance(value, dict):
        return ", ".join(_flat(inner) for inner in value.values() if inner not in (None, "", []))
    if isinstance(value, list):
        return ", ".join(_flat(inner) for inner in value if inner not in (None, "", []))
    return str(value)


def _structured(cv: dict[str, Any], language: Language) -> list[str]:
    """The template's content, a line per part (and per experience, training, language)."""
    colon = texts.WORDS[language]["colon"]
    found: list[str] = []
    for key, value in cv.items():
        if value in (None, "", [], {}):
            continue
        name = _label(texts.CV_PARTS, language, key)
        items = (
            value if isinstance(value, list) and value and isinstance(value[0], dict) else [value]
        )
        found.extend(f"{name}{colon} {_flat(item)}" for item in items)
    return found


def render(data: PersonExport, language: Language) -> bytes:
    """The document: a title page head, then every section in the export's order."""
    words = texts.WORDS[language]
    name = f"{data.person.first_name} {data.person.last_name}"
    pdf = kit.new(f"{words['title']} — {name}", language, data.exported_at, margin=_MARGIN)
    pdf.set_auto_page_break(auto=True, margin=_MARGIN)
    pdf.add_page()
    _write(pdf, f"{words['title']} — {name}", size=20, bold=True)
    pdf.ln(1)
    _write(pdf, words["made_on"].format(date=moment(data.exported_at, language)))
    pdf.ln(1)
    _write(pdf, words["intro"])
    for title, items in _sections(data, language):
        _section(pdf, title, items, words)
    return bytes(pdf.output())

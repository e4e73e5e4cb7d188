"""The refusals the service can give: a stable code, an HTTP status, a French and an English text.

Every refusal is a ``DomainError`` subclass; the README lists their codes. Texts are plain words
for people who read little.
"""

from __future__ import annotations

import re
import typing
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple

import msgspec.inspect as mi

from events import fields, i18n

if TYPE_CHECKING:
    from events.db import Conn

# The write that records a refusal (a failed log-in, a refused scan), made on a connection.
RecordWrite = Callable[["Conn"], Awaitable[object]]


class DomainError(Exception):
    """A rule refused the request; nothing was changed, except the refusal's own record when it
    carries one (``record``)."""

    status_code: ClassVar[int] = 422
    code: ClassVar[str] = "refused"
    fr: ClassVar[str] = "La demande a été refusée."
    en: ClassVar[str] = "The request was refused."

    def __init__(self, *, extra: dict[str, Any] | None = None, **params: object) -> None:
        self.extra = extra
        self.params = params
        # The write that records this refusal, set by the one place that makes it
        # (``db.keep_refusal_record``): a refusal that ends the request has everything the
        # request wrote rolled back, and then this write made again, alone, and committed
        # (``db.request_transaction``).
        self.record: RecordWrite | None = None
        super().__init__(self.code)

    def detail(self, language: str) -> str:
        template = self.en if language == "en" else self.fr
        params = dict(self.params)
        if "status" in params:
            params["status"] = i18n.status_label(str(params["status"]), language)
        return template.format(**params)


class InvalidInput(DomainError):
    status_code = 400
    code = "invalid_input"
    fr = "Une donnée n'est pas valable : « {field} ». {reason_fr}"
    en = "A value is not valid: '{field}'. {reason_en}"

    def __init__(self, *, field: str, reason_fr: str = "", reason_en: str = "") -> None:
        super().__init__(
            extra={"field": field}, field=field, reason_fr=reason_fr, reason_en=reason_en
        )

    @classmethod
    def from_validation(
        cls,
        read: Validation,
        *,
        shape: Any = None,
        sent: Any = None,
        path: str | None = None,
        field: str = "",
    ) -> InvalidInput:
        """msgspec's refusal in plain words (``explain_validation``); ``field`` names it when
        the caller knows it better (a query parameter as the client wrote it)."""
        fr, en = explain_validation(read, shape=shape, sent=sent, path=path)
        return cls(field=field or read.field or "body", reason_fr=fr, reason_en=en)


class Validation(NamedTuple):
    """msgspec's refusal, read by ``read_validation``."""

    words: str  # what is wrong, without where
    at: str  # where msgspec located it ("experiences[0].end"; "" for the top)
    field: str  # the field to name: ``at``, then the name of a missing or unknown field


_LOCATION = re.compile(r" - at `\$\.?(?P<path>[^`]*)`$")
_NAMED_FIELD = re.compile(r"(?:missing required|contains unknown) field `(?P<name>[^`]+)`")


def read_validation(text: str, *, at: str = "") -> Validation:
    """The one reader of msgspec's ``ValidationError`` text, "<words> - at `$.<path>`".

    A missing or unknown field is named only in the words ("Object missing required field
    `x`"), so it is added to the path. ``at`` is where the caller already knows the value sits
    (Litestar's key), for a text without its location."""
    located = _LOCATION.search(text)
    words = text[: located.start()] if located else text
    where = located["path"] if located else at
    named = _NAMED_FIELD.search(words)
    field = ".".join(part for part in (where, named["name"] if named else "") if part)
    return Validation(words=words, at=where, field=field)


# --- msgspec's refusals in plain words -------------------------------------------------------

Words = tuple[str, str]  # French, English

# What each shared pattern asks for: a pattern itself is never shown. Another pattern is
# "not in the expected form".
_PATTERN_WORDS: dict[str, Words] = {
    fields.NAME_PATTERN: (
        "doit contenir au moins une lettre ou un chiffre, sur une seule ligne, sans caractère "
        "spécial caché",
        "must contain at least one letter or digit, on one line, without hidden special characters",
    ),
    fields.LINE_PATTERN: (
        "doit tenir sur une seule ligne, sans caractère spécial caché",
        "must fit on one line, without hidden special characters",
    ),
    fields.TEXT_PATTERN: (
        "ne doit pas contenir de caractère spécial caché",
        "must not contain hidden special characters",
    ),
    fields.SECRET_PATTERN: (
        "contient un caractère interdit",
        "contains a forbidden character",
    ),
    fields.EMAIL_PATTERN: (
        "doit être une adresse e-mail, par exemple prenom.nom@exemple.fr",
        "must be an e-mail address, for example first.last@example.org",
    ),
    fields.PHONE_PATTERN: (
        "doit être un numéro de téléphone, par exemple 06 12 34 56 78 ou +33 6 12 34 56 78",
        "must be a phone number, for example 06 12 34 56 78 or +33 6 12 34 56 78",
    ),
    fields.POSTCODE_PATTERN: (
        "doit être un code postal de 5 chiffres, par exemple 69100 (2A004 ou 2B033 en Corse)",
        "must be a 5-digit French postcode, for example 69100 (2A004 or 2B033 in Corsica)",
    ),
    fields.SIRET_PATTERN: (
        "doit être un numéro SIRET : 14 chiffres, sans espace",
        "must be a SIRET number: 14 digits, without spaces",
    ),
    fields.URL_PATTERN: (
        "doit être un lien qui commence par https://, par exemple https://visio.exemple.fr/salle",
        "must be a link starting with https://, for example https://video.example.org/room",
    ),
    fields.TIMEZONE_PATTERN: (
        "doit être un fuseau horaire, par exemple Europe/Paris ou Indian/Reunion",
        "must be a time zone, for example Europe/Paris or Indian/Reunion",
    ),
}
# msgspec quotes a pattern as Python writes it.
_QUOTED_PATTERNS = {repr(pattern): words for pattern, words in _PATTERN_WORDS.items()}

# What a value of each of msgspec's types is, for "Expected `int`, got `str`".
_TYPE_WORDS: dict[str, Words] = {
    "str": ("doit être un texte, entre guillemets", "must be text, in quotes"),
    "int": (
        "doit être un nombre entier, sans guillemets, par exemple 12",
        "must be a whole number, without quotes, for example 12",
    ),
    "float": (
        "doit être un nombre, sans guillemets, par exemple 12 ou 12.5",
        "must be a number, without quotes, for example 12 or 12.5",
    ),
    "bool": ("doit valoir true ou false, sans guillemets", "must be true or false, without quotes"),
    "object": (
        "doit être un objet, entre accolades : { … }",
        "must be an object, in braces: { ... }",
    ),
    "array": (
        "doit être une liste, entre crochets : [ … ]",
        "must be a list, in square brackets: [ ... ]",
    ),
    "datetime": (
        "doit être une date et une heure avec le décalage horaire, par exemple "
        "2026-05-04T09:00:00+02:00",
        "must be a date and time with its UTC offset, for example 2026-05-04T09:00:00+02:00",
    ),
    "uuid": (
        "doit être un identifiant, par exemple 0b7e3f2a-5c1d-4e8f-9a6b-2d4c8e1f3a5b",
        "must be an identifier, for example 0b7e3f2a-5c1d-4e8f-9a6b-2d4c8e1f3a5b",
    ),
    "null": ("doit être vide (null)", "must be empty (null)"),
}

# The fields people fill in, by their names in the API, as a form would label them.
_LABELS: dict[str, Words] = {
    "address": ("adresse", "address"),
    "activities": ("activités", "activities"),
    "activity": ("activité", "activity"),
    "candidates": ("places pour les candidats", "places for candidates"),
    "capacity": ("capacité", "capacity"),
    "city": ("ville", "city"),
    "contact": ("contact", "contact"),
    "cuisines": ("cuisines", "cuisines"),
    "cursor": ("curseur de pagination", "pagination cursor"),
    "companies": ("places pour les entreprises", "places for companies"),
    "description": ("description", "description"),
    "details": ("détails", "details"),
    "email": ("adresse e-mail", "e-mail address"),
    "ends_at": ("fin", "end"),
    "first_name": ("prénom", "first name"),
    "from": ("à partir de", "from"),
    "interview_minutes": ("durée des entretiens (minutes)", "interview length (minutes)"),
    "kind": ("format de la rencontre", "kind of event"),
    "last_name": ("nom", "last name"),
    "level": ("niveau", "level"),
    "limit": ("nombre par page", "items per page"),
    "min_level": ("niveau minimum", "minimum level"),
    "mode": ("mode", "mode"),
    "name": ("nom", "name"),
    "note": ("note", "note"),
    "online_url": ("lien de la rencontre en ligne", "online event link"),
    "password": ("mot de passe", "password"),
    "phone": ("téléphone", "phone"),
    "photo_shoot": ("séance photo", "photo shoot"),
    "postcode": ("code postal", "postcode"),
    "reason": ("raison", "reason"),
    "reminder_hours_before": ("rappel (heures avant le début)", "reminder (hours before)"),
    "role": ("rôle", "role"),
    "scanned_at": ("heure du scan", "scan time"),
    "sector": ("secteur", "sector"),
    "sectors": ("secteurs", "sectors"),
    "siret": ("SIRET", "SIRET"),
    "skill": ("compétence", "skill"),
    "skills": ("compétences", "skills"),
    "starts_at": ("début", "start"),
    "status": ("statut", "status"),
    "timezone": ("fuseau horaire", "time zone"),
    "title": ("titre", "title"),
    "to": ("avant", "to"),
    "token": ("billet", "ticket"),
    "venue": ("lieu", "venue"),
    "workshops": ("ateliers", "workshops"),
}
_MAX_LISTED = 15

_EXPECTED_TYPE = re.compile(r"^Expected `(?P<expected>[^`]+)`, got `[^`]+`$")
_LENGTH = re.compile(r"^Expected `(?P<kind>[a-z]+)` of length (?P<op>[<>]=) (?P<n>\d+)$")
_BOUND = re.compile(r"^Expected `(?:int|float)` (?P<op>[<>]=?) (?P<n>-?[0-9.e+]+)$")


def explain_validation(
    read: Validation, *, shape: Any = None, sent: Any = None, path: str | None = None
) -> Words:
    """msgspec's refusal as one plain sentence in French and one in English: the field by the
    name a form would give it, what it must be, and the allowed values where they are few;
    never a type name, a pattern or msgspec's English.

    ``shape`` is the type being read (a body's, a query parameter's) and ``sent`` what was sent,
    read without a type: with them, a choice lists its values, an unknown field the known ones,
    and a tagged union follows the branch the value names. ``path`` is where the field sits in
    ``shape`` when that is not where msgspec found it ("" for a parameter's own type)."""
    named = _NAMED_FIELD.search(read.words)
    if named and "unknown" in named[0]:
        return _unknown_field(named["name"], _type_at(shape, read.at, sent))
    if not read.field:
        return _whole_body(read.words)
    leaf = _type_at(shape, read.field if path is None else path, sent)
    fr, en = _missing(leaf) if named else _wrong(read.words, leaf)
    label_fr, label_en = _label(read.field)
    return f"Le champ « {label_fr} » {fr}.", f"The field '{label_en}' {en}."


def _label(field: str) -> Words:
    names = re.findall(r"[A-Za-z_][A-Za-z0-9_]*", field)
    name = names[-1] if names else field
    return _LABELS.get(name, (name, name))


def _unknown_field(name: str, parent: mi.Type | None) -> Words:
    fr, en = f"Champ inconnu : « {name} ». Retirez-le.", f"'{name}' is an unknown field. Remove it."
    if isinstance(parent, mi.StructType | mi.DataclassType | mi.TypedDictType):
        known = [f.encode_name for f in parent.fields]
        if isinstance(parent, mi.StructType) and parent.tag_field:
            known.insert(0, parent.tag_field)
        if 0 < len(known) <= _MAX_LISTED * 2:
            fr += f" Les champs possibles : {', '.join(known)}."
            en += f" The possible fields: {', '.join(known)}."
    return fr, en


def _whole_body(words: str) -> Words:
    expected = _EXPECTED_TYPE.match(words)
    if expected is None:
        return "Les données envoyées ne sont pas valables.", "The data sent is not valid."
    if expected["expected"].startswith("array"):
        return (
            "Les données envoyées doivent être une liste JSON, entre crochets : [ … ].",
            "The data sent must be a JSON list, in square brackets: [ ... ].",
        )
    return (
        "Les données envoyées doivent être un objet JSON, entre accolades : { … }.",
        "The data sent must be a JSON object, in braces: { ... }.",
    )


def _missing(leaf: mi.Type | None) -> Words:
    values = _choices(leaf)
    if values:
        return (
            f"est obligatoire : l'une de ces valeurs : {', '.join(values)}",
            f"is required: one of these values: {', '.join(values)}",
        )
    return "est obligatoire", "is required"


def _wrong(words: str, leaf: mi.Type | None) -> Words:
    """What the field must be, from msgspec's words and the field's type."""
    values = _choices(leaf)
    if (words.startswith("Invalid") and "value" in words) or (values and "got" in words):
        return _one_of(values)
    if words.startswith("Expected `datetime` with a timezone"):
        return (
            "doit indiquer le décalage horaire, par exemple 2026-05-04T09:00:00+02:00 (ou Z "
            "pour l'heure de Greenwich)",
            "must give its UTC offset, for example 2026-05-04T09:00:00+02:00 (or Z for UTC)",
        )
    if words.startswith("Invalid RFC3339"):
        return _TYPE_WORDS["datetime"]
    if words.startswith("Invalid UUID"):
        return _TYPE_WORDS["uuid"]
    if " matching regex " in words:
        pattern = leaf.pattern if isinstance(leaf, mi.StrType) else None
        quoted = words.partition(" matching regex ")[2]
        return _PATTERN_WORDS.get(pattern or "") or _QUOTED_PATTERNS.get(
            quoted, ("n'a pas la forme attendue", "is not in the expected form")
        )
    length = _LENGTH.match(words)
    if length:
        return _length(length["kind"], length["op"], int(length["n"]), leaf)
    bound = _BOUND.match(words)
    if bound:
        return _bound(bound["op"], bound["n"], leaf)
    expected = _EXPECTED_TYPE.match(words)
    if expected:
        kinds = [k for k in expected["expected"].split(" | ") if k != "null"] or ["null"]
        return _TYPE_WORDS.get(kinds[0], ("n'a pas le bon type", "does not have the right type"))
    return "n'est pas valable", "is not valid"


def _one_of(values: list[str] | None) -> Words:
    if values:
        return (
            f"doit être l'une de ces valeurs : {', '.join(values)}",
            f"must be one of these values: {', '.join(values)}",
        )
    return "n'a pas une des valeurs prévues", "does not have one of the expected values"


def _length(kind: str, op: str, n: int, leaf: mi.Type | None) -> Words:
    if kind == "str":
        if op == "<=":
            return f"est trop long : {n} caractères au plus", f"is too long: {n} characters at most"
        pattern = leaf.pattern if isinstance(leaf, mi.StrType) else None
        if n == 1:
            return _PATTERN_WORDS.get(pattern or "", ("ne doit pas être vide", "must not be empty"))
        return f"doit avoir au moins {n} caractères", f"must have at least {n} characters"
    if op == "<=":
        return f"contient trop d'éléments : {n} au plus", f"has too many items: {n} at most"
    if n == 1:
        return "doit contenir au moins un élément", "must hold at least one item"
    return f"doit contenir au moins {n} éléments", f"must hold at least {n} items"


def _bound(op: str, n: str, leaf: mi.Type | None) -> Words:
    if isinstance(leaf, mi.IntType | mi.FloatType) and leaf.ge is not None and leaf.le is not None:
        return (
            f"doit être un nombre de {leaf.ge} à {leaf.le}",
            f"must be a number from {leaf.ge} to {leaf.le}",
        )
    return {
        ">=": (f"doit valoir au moins {n}", f"must be at least {n}"),
        "<=": (f"doit valoir au plus {n}", f"must be at most {n}"),
        ">": (f"doit être plus grand que {n}", f"must be greater than {n}"),
        "<": (f"doit être plus petit que {n}", f"must be less than {n}"),
    }.get(op, ("n'est pas valable", "is not valid"))


def _choices(leaf: mi.Type | None) -> list[str] | None:
    """The values a field allows, when it is a choice among few."""
    if isinstance(leaf, mi.LiteralType):
        values = [str(v) for v in leaf.values]
    elif isinstance(leaf, mi.EnumType):
        values = [str(member.value) for member in leaf.cls]
    else:
        return None
    return values if len(values) <= _MAX_LISTED else None


def _type_at(shape: Any, path: str, sent: Any) -> mi.Type | None:
    """The type of the field at ``path`` ("details.activities[0].skills[0]") in ``shape``."""
    if shape is None:
        return None
    try:
        info: mi.Type = mi.type_info(shape)
    except (TypeError, ValueError):
        return None
    declared = shape  # the Python annotation of the innermost field, for a choice's order
    for index, name in re.findall(r"\[(\d+)\]|([^.\[\]]+)", path):
        info = _branch(info, sent)
        if index:
            position = int(index)
            if isinstance(info, mi.ListType | mi.SetType | mi.FrozenSetType | mi.VarTupleType):
                info = info.item_type
            elif isinstance(info, mi.TupleType) and position < len(info.item_types):
                info = info.item_types[position]
            else:
                return None
            sent = sent[position] if isinstance(sent, list) and position < len(sent) else None
            continue
        tags = _tags(info, name)
        if tags:
            return mi.LiteralType(values=tags)
        if isinstance(info, mi.StructType | mi.DataclassType | mi.TypedDictType):
            found = [f for f in info.fields if f.encode_name == name]
            if not found:
                return None
            declared = _annotation(info.cls, found[0].name)
            info = found[0].type
        elif isinstance(info, mi.DictType):
            info = info.value_type
        else:
            return None
        sent = sent.get(name) if isinstance(sent, dict) else None
    return _in_declared_order(_branch(info, sent), declared)


def _annotation(cls: type, attribute: str) -> Any:
    try:
        return typing.get_type_hints(cls, include_extras=True).get(attribute)
    except (NameError, TypeError):
        return None


def _in_declared_order(leaf: mi.Type, declared: Any) -> mi.Type:
    """msgspec sorts a ``Literal``'s values; they are listed as the code declares them (the
    order of a life cycle, of the skills vocabulary)."""
    if not isinstance(leaf, mi.LiteralType):
        return leaf
    order = [v for v in dict.fromkeys(_literals(declared)) if v in set(leaf.values)]
    return mi.LiteralType(values=tuple(order)) if len(order) == len(leaf.values) else leaf


def _literals(annotation: Any) -> list[Any]:
    if typing.get_origin(annotation) is typing.Literal:
        return list(typing.get_args(annotation))
    return [value for arg in typing.get_args(annotation) for value in _literals(arg)]


def _branch(info: mi.Type, sent: Any) -> mi.Type:
    """``info`` without its metadata, ``None`` and (for a tagged union) the branches ``sent``
    does not name."""
    while True:
        if isinstance(info, mi.Metadata):
            info = info.type
            continue
        if not isinstance(info, mi.UnionType):
            return info
        members = [t for t in info.types if not isinstance(t, mi.NoneType)]
        if len(members) == 1:
            info = members[0]
            continue
        named = [
            t
            for t in members
            if isinstance(t, mi.StructType)
            and t.tag_field
            and isinstance(sent, dict)
            and sent.get(t.tag_field) == t.tag
        ]
        if len(named) != 1:
            return info
        info = named[0]


def _tags(info: mi.Type, name: str) -> tuple[Any, ...]:
    """The tags of a tagged union whose tag field is ``name``."""
    members = info.types if isinstance(info, mi.UnionType) else (info,)
    return tuple(t.tag for t in members if isinstance(t, mi.StructType) and t.tag_field == name)


class BadRequest(DomainError):
    status_code = 400
    code = "bad_request"
    fr = "La demande n'est pas valable."
    en = "The request is not valid."


class InvalidCursor(DomainError):
    status_code = 400
    code = "invalid_cursor"
    fr = "Le curseur de pagination n'est pas valable. Reprenez la liste depuis le début."
    en = "The pagination cursor is not valid. Start the list again from the beginning."


class NotAuthenticated(DomainError):
    status_code = 401
    code = "not_authenticated"
    fr = "Connectez-vous d'abord."
    en = "Please log in first."


class InvalidCredentials(DomainError):
    status_code = 401
    code = "invalid_credentials"
    fr = "L'adresse e-mail ou le mot de passe est incorrect."
    en = "The e-mail address or the password is wrong."


class TooManyAttempts(DomainError):
    status_code = 429
    code = "too_many_attempts"
    fr = "Trop d'essais. Réessayez dans {seconds} secondes."
    en = "Too many attempts. Try again in {seconds} seconds."


class LoginRequired(NotAuthenticated):
    """A page asked for a log-in: the app sends the browser to the log-in form (``next_path``
    is where it comes back); this JSON answer is only the fallback."""

    code = "login_required"
    fr = "Connectez-vous d'abord pour voir cette page."
    en = "Please log in first to see this page."


class CsrfFailed(DomainError):
    status_code = 403
    code = "csrf_failed"
    fr = "Ce formulaire a expiré ou ne vient pas de ce site. Rechargez la page et recommencez."
    en = "This form has expired or did not come from this site. Reload the page and try again."


class Forbidden(DomainError):
    status_code = 403
    code = "forbidden"
    fr = "Vous n'avez pas le droit de faire cela."
    en = "You are not allowed to do this."


class NotFound(DomainError):
    status_code = 404
    code = "not_found"
    fr = "Introuvable."
    en = "Not found."


class EventNotFound(NotFound):
    code = "event_not_found"
    fr = "Cette rencontre est introuvable."
    en = "This event cannot be found."


class OrganisationNotFound(NotFound):
    code = "organisation_not_found"
    fr = "Cette structure est introuvable."
    en = "This organisation cannot be found."


class CompanyNotFound(NotFound):
    code = "company_not_found"
    fr = "Cette entreprise est introuvable."
    en = "This company cannot be found."


class CandidateNotFound(NotFound):
    code = "candidate_not_found"
    fr = "Cette personne candidate est introuvable."
    en = "This candidate cannot be found."


class UserNotFound(NotFound):
    code = "user_not_found"
    fr = "Ce compte est introuvable."
    en = "This account cannot be found."


class EmailTaken(DomainError):
    status_code = 409
    code = "email_taken"
    fr = "Un compte existe déjà avec cette adresse e-mail."
    en = "An account already uses this e-mail address."


class NameTaken(DomainError):
    status_code = 409
    code = "name_taken"
    fr = "Ce nom est déjà utilisé."
    en = "This name is already used."


class SiretTaken(DomainError):
    status_code = 409
    code = "siret_taken"
    fr = "Cette entreprise existe déjà avec ce SIRET."
    en = "A company with this SIRET already exists."


class InvalidTransition(DomainError):
    status_code = 409
    code = "invalid_status_transition"
    fr = "Impossible : la rencontre est « {status} »."
    en = "Not possible: the event is '{status}'."


class UnknownCoach(DomainError):
    status_code = 422
    code = "unknown_coach"
    fr = "Une personne indiquée comme coach n'est pas coach de la structure qui organise."
    en = "Someone named as a coach is not a coach of the organising organisation."


class UnknownCompany(DomainError):
    status_code = 422
    code = "unknown_company"
    fr = "Une entreprise indiquée n'existe pas."
    en = "A company given does not exist."


class InvalidTicket(DomainError):
    status_code = 422
    code = "invalid_ticket"
    fr = "Ce billet n'est pas valable. Vérifiez le code ou demandez un nouveau billet."
    en = "This ticket is not valid. Check the code or ask for a new ticket."


class BodyTooLarge(DomainError):
    status_code = 413
    code = "body_too_large"
    fr = "Les données envoyées sont trop volumineuses."
    en = "The data sent is too large."


class MalformedBody(DomainError):
    status_code = 400
    code = "malformed_body"
    fr = "Les données envoyées ne sont pas du JSON lisible."
    en = "The data sent is not readable JSON."


class JsonRequired(DomainError):
    status_code = 415
    code = "json_required"
    fr = "Envoyez les données en JSON, avec l'en-tête « Content-Type: application/json »."
    en = "Send the data as JSON, with the header 'Content-Type: application/json'."


class UnknownParameter(DomainError):
    """A query parameter the address does not take: refused rather than ignored, so that a
    misspelt filter never answers the whole list."""

    status_code = 400
    code = "unknown_parameter"
    fr = "Paramètre inconnu à cette adresse : {unknown}. Paramètres possibles : {known}."
    en = "Unknown parameter at this address: {unknown}. Possible parameters: {known}."

    def __init__(self, *, unknown: list[str], known: list[str]) -> None:
        super().__init__(extra={"unknown": unknown, "known": known})
        self.unknown, self.known = unknown, known

    def detail(self, language: str) -> str:
        known = ", ".join(self.known) or ("none" if language == "en" else "aucun")
        template = self.en if language == "en" else self.fr
        return template.format(unknown=", ".join(self.unknown), known=known)


class MethodNotAllowed(DomainError):
    status_code = 405
    code = "method_not_allowed"
    fr = "Cette action n'existe pas à cette adresse."
    en = "This action does not exist at this address."


class Internal(DomainError):
    status_code = 500
    code = "internal_error"
    fr = "Une erreur inattendue s'est produite. Rien n'a été enregistré. Réessayez plus tard."
    en = "An unexpected error happened. Nothing was saved. Please try again later."


class DatabaseUnavailable(DomainError):
    """The database could not be reached, or did not answer in time, before anything was
    committed: nothing was saved, and the same request may simply be sent again
    (``Retry-After`` says when)."""

    status_code = 503
    code = "database_unavailable"
    fr = (
        "Le service est momentanément indisponible. Rien n'a été enregistré. "
        "Réessayez dans {seconds} secondes."
    )
    en = "The service is briefly unavailable. Nothing was saved. Try again in {seconds} seconds."

    def __init__(self, *, seconds: int = 5) -> None:
        super().__init__(seconds=seconds)


class OutcomeUnknown(DomainError):
    """The connection to the database was lost while the change was being committed: it may or
    may not be saved, so the person must look before sending it again (which could make it
    twice)."""

    status_code = 503
    code = "outcome_unknown"
    fr = (
        "La base de données a cessé de répondre pendant l'enregistrement : nous ne savons pas si "
        "votre modification a été enregistrée. Dans {seconds} secondes, vérifiez si elle "
        "apparaît avant de recommencer, pour ne pas la faire deux fois."
    )
    en = (
        "The database stopped answering while your change was being saved: we do not know "
        "whether it was saved. In {seconds} seconds, check whether it is there before trying "
        "again, so as not to make it twice."
    )

    def __init__(self, *, seconds: int = 5) -> None:
        super().__init__(seconds=seconds)


def all_codes() -> list[type[DomainError]]:
    """Every refusal class, for the README table and its test."""
    seen: list[type[DomainError]] = []
    stack: list[type[DomainError]] = [DomainError]
    while stack:
        cls = stack.pop()
        seen.append(cls)
        stack.extend(cls.__subclasses__())
    return sorted(seen, key=lambda c: (c.status_code, c.code))


class RegistrationNotFound(NotFound):
    code = "registration_not_found"
    fr = "Cette inscription est introuvable."
    en = "This registration cannot be found."


class AlreadyRegistered(DomainError):
    status_code = 409
    code = "already_registered"
    fr = "Cette personne ou cette entreprise est déjà inscrite à cette rencontre."
    en = "This person or company is already registered for this event."


class RegistrationClosed(DomainError):
    status_code = 409
    code = "registration_closed"
    fr = "Les inscriptions ne sont pas ouvertes : la rencontre est « {status} »."
    en = "Registration is not open: the event is '{status}'."


class RegistrationAlreadyCancelled(DomainError):
    status_code = 409
    code = "registration_cancelled"
    fr = "Cette inscription est annulée."
    en = "This registration is cancelled."


class AlreadyCheckedIn(DomainError):
    status_code = 409
    code = "already_checked_in"
    fr = "Ce billet a déjà été scanné : la personne est déjà entrée."
    en = "This ticket was already scanned: the person is already in."


class WrongEvent(DomainError):
    status_code = 409
    code = "wrong_event"
    fr = "Ce billet est pour une autre rencontre."
    en = "This ticket is for another event."


class NotConfirmed(DomainError):
    status_code = 409
    code = "not_confirmed"
    fr = "Cette personne est sur liste d'attente : sa place n'est pas confirmée."
    en = "This person is on the waiting list: their place is not confirmed."


class TicketRevoked(DomainError):
    status_code = 409
    code = "ticket_revoked"
    fr = "Ce billet a été remplacé par un nouveau. Demandez le dernier billet."
    en = "This ticket was replaced by a new one. Ask for the latest ticket."


class IdempotencyKeyReused(DomainError):
    status_code = 422
    code = "idempotency_key_reused"
    fr = "Cette clé d'idempotence a déjà servi pour une autre demande."
    en = "This idempotency key was already used for a different request."


class EventNotOver(DomainError):
    status_code = 409
    code = "event_not_over"
    fr = "La rencontre n'est pas encore terminée."
    en = "The event is not over yet."


class NotCheckedIn(DomainError):
    status_code = 409
    code = "not_checked_in"
    fr = "Cette personne n'est pas enregistrée comme entrée."
    en = "This person is not checked in."


class CapacityBelowConfirmed(DomainError):
    status_code = 409
    code = "capacity_below_confirmed"
    fr = "Impossible : {confirmed} places sont déjà confirmées. Annulez des inscriptions d'abord."
    en = "Not possible: {confirmed} places are already confirmed. Cancel registrations first."


# --- CVs -------------------------------------------------------------------------------------


class CvNotFound(NotFound):
    code = "cv_not_found"
    fr = "Cette personne n'a pas de CV enregistré."
    en = "This candidate has no CV on file."


class NotAPdf(DomainError):
    status_code = 422
    code = "not_a_pdf"
    fr = "Ce fichier n'est pas un PDF lisible. Envoyez le CV au format PDF."
    en = "This file is not a readable PDF. Send the CV as a PDF."


class PdfProtected(DomainError):
    status_code = 422
    code = "pdf_protected"
    fr = "Ce PDF est protégé par un mot de passe. Envoyez une version sans mot de passe."
    en = "This PDF is protected by a password. Send a version without a password."


class CvTooManyPages(DomainError):
    status_code = 422
    code = "cv_too_many_pages"
    fr = "Ce CV a trop de pages : {pages} pages au plus."
    en = "This CV has too many pages: {pages} pages at most."


class CvTooLarge(DomainError):
    status_code = 413
    code = "cv_too_large"
    fr = "Ce fichier est trop gros : {megabytes} Mo au plus."
    en = "This file is too large: {megabytes} MB at most."


class UnsupportedMediaType(DomainError):
    status_code = 415
    code = "unsupported_media_type"
    fr = "Envoyez le CV en JSON, ou un fichier PDF dans un formulaire (champ « file »)."
    en = "Send the CV as JSON, or a PDF file in a form (field 'file')."


class MessageNotFound(NotFound):
    code = "message_not_found"
    fr = "Ce message est introuvable."
    en = "This message cannot be found."


class MessageNotDead(DomainError):
    status_code = 409
    code = "message_not_dead"
    fr = "Seul un message en échec peut être renvoyé. Celui-ci est « {status} »."
    en = "Only a failed message can be sent again. This one is '{status}'."


# --- observations, skills cards, consent, recruiters ----------------------------------------


class NotEventCoach(DomainError):
    status_code = 403
    code = "not_event_coach"
    fr = "Seuls les coachs de cette rencontre et ses organisateurs peuvent noter des observations."
    en = "Only this event's coaches and organisers can record observations."


class ObservationNotFound(NotFound):
    code = "observation_not_found"
    fr = "Cette observation est introuvable."
    en = "This observation cannot be found."


class ObservationsClosed(DomainError):
    status_code = 409
    code = "observations_closed"
    fr = "On ne peut pas noter d'observation : la rencontre est « {status} »."
    en = "Observations cannot be recorded: the event is '{status}'."


class ObservationSuperseded(DomainError):
    status_code = 409
    code = "observation_superseded"
    fr = "Cette observation a déjà été corrigée. Corrigez sa dernière version."
    en = "This observation was already corrected. Correct its latest version."


class CandidateNotRegistered(DomainError):
    status_code = 422
    code = "candidate_not_registered"
    fr = "Cette personne n'est pas inscrite à cette rencontre."
    en = "This candidate is not registered for this event."


class UnknownSkill(DomainError):
    status_code = 422
    code = "unknown_skill"
    fr = "Cette compétence n'est pas dans la liste des compétences."
    en = "This skill is not in the skills list."


class UnknownActivity(DomainError):
    status_code = 422
    code = "unknown_activity"
    fr = "Cette activité n'est pas au programme de la séance."
    en = "This activity is not on the session's programme."


class SkillsCardEmpty(DomainError):
    status_code = 409
    code = "skills_card_empty"
    fr = "Cette carte de compétences est vide : notez d'abord des observations."
    en = "This skills card is empty: record observations first."


class SkillsCardChanged(DomainError):
    status_code = 409
    code = "skills_card_changed"
    fr = "La carte a changé depuis que vous l'avez ouverte. Relisez-la avant de la valider."
    en = "The card changed since you opened it. Read it again before reviewing it."


class InvalidLink(DomainError):
    """A link to choose a password that does not work: expired, already used, replaced by a
    newer one, its account deactivated, or not one we made. One answer for all."""

    status_code = 422
    code = "invalid_link"
    fr = (
        "Ce lien ne marche plus : il a déjà servi, il est trop ancien, ou un lien plus récent "
        "l'a remplacé. Demandez un nouveau lien."
    )
    en = (
        "This link no longer works: it was already used, it is too old, or a newer link "
        "replaced it. Ask for a new link."
    )


class AccountDeactivated(DomainError):
    status_code = 409
    code = "account_deactivated"
    fr = "Ce compte est désactivé : on ne peut plus lui envoyer de lien."
    en = "This account is deactivated: no link can be sent to it."


class WrongShortCode(DomainError):
    """The short code typed to open one's own data is not the ticket's (issue 12 §3)."""

    status_code = 422
    code = "wrong_short_code"
    fr = "Ce n'est pas le bon code. Regardez le code sous votre QR code. Essais restants : {left}."
    en = "This is not the right code. Look at the code under your QR code. Tries left: {left}."


class ShortCodeRequired(DomainError):
    """One's own data asks for the ticket's short code first (or the pass has expired)."""

    status_code = 403
    code = "short_code_required"
    fr = "Tapez d'abord le code de votre billet."
    en = "Type your ticket's code first."


class CandidateErased(DomainError):
    """The person was erased at their request: nothing is left to read or change."""

    status_code = 410
    code = "candidate_erased"
    fr = "Les données de cette personne ont été effacées à sa demande."
    en = "This person's data was erased at their request."


class ErasureNotFound(NotFound):
    code = "erasure_not_found"
    fr = "Cette personne n'a pas été effacée."
    en = "This person was not erased."


class ProgrammeNotFound(NotFound):
    code = "programme_not_found"
    fr = "Ce programme n'existe pas."
    en = "This programme does not exist."


# --- outcomes (issue 12 §1) -------------------------------------------------------------------


class OutcomeNotFound(NotFound):
    code = "outcome_not_found"
    fr = "Cette suite est introuvable."
    en = "This outcome cannot be found."


class OutcomesClosed(DomainError):
    status_code = 409
    code = "outcomes_closed"
    fr = "On ne peut pas noter de suite : la rencontre est « {status} »."
    en = "Outcomes cannot be recorded: the event is '{status}'."


class FollowUpNotDue(DomainError):
    status_code = 409
    code = "follow_up_not_due"
    fr = "Ce suivi n'est pas encore à faire : il tombe le {due_on}."
    en = "This follow-up is not due yet: it falls due on {due_on}."


class UnknownInterest(DomainError):
    status_code = 422
    code = "unknown_interest"
    fr = "Cet intérêt d'un recruteur ne concerne pas cette personne."
    en = "This recruiter's interest is not about this person."


# --- portable skills cards (issue 15) ---------------------------------------------------------


class SkillsCardNotReviewed(DomainError):
    status_code = 409
    code = "skills_card_not_reviewed"
    fr = "Cette carte de compétences n'a pas encore été relue : relisez-la d'abord."
    en = "This skills card has not been reviewed yet: review it first."


class CredentialNotFound(NotFound):
    code = "credential_not_found"
    fr = "Ce justificatif est introuvable."
    en = "This credential cannot be found."


class CredentialWithdrawn(DomainError):
    status_code = 409
    code = "credential_withdrawn"
    fr = "Ce badge a été retiré : il ne peut pas être imprimé."
    en = "This badge was withdrawn: it cannot be printed."


# --- the interview grid (issue 14 §1) -----------------------------------------------------------


class GridNotForThisKind(DomainError):
    status_code = 409
    code = "grid_not_for_this_kind"
    fr = "Seuls les job datings et les e-forums ont une grille d'entretiens."
    en = "Only job datings and e-forums have an interview grid."


class CompanyNotRegistered(DomainError):
    status_code = 422
    code = "company_not_registered"
    fr = "Cette entreprise n'est pas inscrite (confirmée) à cette rencontre."
    en = "This company is not registered (confirmed) for this event."


class WishNotFound(NotFound):
    code = "wish_not_found"
    fr = "Ce souhait est introuvable."
    en = "This wish cannot be found."


class GridWithoutSlots(DomainError):
    status_code = 409
    code = "grid_without_slots"
    fr = "Aucun créneau ne tient entre le début et la fin de la rencontre, pauses comprises."
    en = "No slot fits between the event's start and end, breaks included."


class GridInfeasible(DomainError):
    status_code = 409
    code = "grid_infeasible"
    fr = "Les entretiens déjà gardés se contredisent : la grille n'a pas été changée."
    en = "The interviews already kept contradict each other: the grid was not changed."


# --- food festival pairings (issue 14 §3) -----------------------------------------------------


class NotAFoodFestival(DomainError):
    status_code = 409
    code = "not_a_food_festival"
    fr = "Les binômes cuisine \u2013 restaurant ne concernent que les festivals culinaires."
    en = "Cook\u2013restaurant pairings are for food festivals only."


class PairingsClosed(DomainError):
    status_code = 409
    code = "pairings_closed"
    fr = "On ne peut plus changer les binômes : la rencontre est « {status} »."
    en = "Pairings can no longer be changed: the event is '{status}'."


class CookNotConfirmed(DomainError):
    status_code = 422
    code = "cook_not_confirmed"
    fr = "Cette personne n'a pas de place confirmée à ce festival."
    en = "This person has no confirmed place at this festival."


class RestaurantNotConfirmed(DomainError):
    status_code = 422
    code = "restaurant_not_confirmed"
    fr = "Ce restaurant n'a pas de place confirmée à ce festival."
    en = "This restaurant has no confirmed place at this festival."


class CookAlreadyPaired(DomainError):
    status_code = 409
    code = "cook_already_paired"
    fr = "Cette personne cuisine déjà dans un restaurant de ce festival."
    en = "This person already cooks at a restaurant of this festival."


class RestaurantFull(DomainError):
    status_code = 409
    code = "restaurant_full"
    fr = "Ce restaurant a déjà tous ses cuisiniers ({seats})."
    en = "This restaurant already has all its cooks ({seats})."


class SeatsBelowPairings(DomainError):
    status_code = 409
    code = "seats_below_pairings"
    fr = "Ce restaurant a déjà {taken} cuisiniers : retirez d'abord un binôme."
    en = "This restaurant already has {taken} cooks: remove a pairing first."


class PairingNotFound(NotFound):
    code = "pairing_not_found"
    fr = "Ce binôme est introuvable."
    en = "This pairing cannot be found."


# --- anonymous bib sessions (issue 14, part 2) --------------------------------------------------


class BibsNotForThisKind(DomainError):
    status_code = 422
    code = "bibs_not_for_this_kind"
    fr = "Seule une séance de sport peut se jouer avec des dossards."
    en = "Only a sport session can be played with bibs."


class BibsSwitchClosed(DomainError):
    status_code = 409
    code = "bibs_switch_closed"
    fr = "On ne peut plus changer : la rencontre a commencé ou elle est « {status} »."
    en = "This can no longer change: the event has started or is '{status}'."


class BibNotFound(NotFound):
    code = "bib_not_found"
    fr = "Ce dossard est introuvable."
    en = "This bib cannot be found."


class BibInterestNotFound(NotFound):
    code = "bib_interest_not_found"
    fr = "Cette demande d'une entreprise est introuvable."
    en = "This company's request cannot be found."


class BibAnswerFinal(DomainError):
    status_code = 409
    code = "bib_answer_final"
    fr = "La personne a déjà dit oui : les deux côtés se connaissent maintenant."
    en = "The person already said yes: both sides now know each other."


# --- interview schedules (issue 14, helper C) --------------------------------------------------


class NoInterviewPlan(DomainError):
    status_code = 409
    code = "no_interview_plan"
    fr = "Aucune grille d'entretiens n'a encore été calculée pour cette rencontre."
    en = "No interview grid has been worked out for this event yet."


# --- e-forum workshops (issue 14 §4) ----------------------------------------------------------


class WorkshopNotFound(NotFound):
    code = "workshop_not_found"
    fr = "Cet atelier est introuvable."
    en = "This workshop cannot be found."


class WorkshopFull(DomainError):
    status_code = 409
    code = "workshop_full"
    fr = "Cet atelier est complet : il n'y a plus de place."
    en = "This workshop is full: there is no place left."


class WorkshopClash(DomainError):
    status_code = 409
    code = "workshop_clash"
    fr = "Cette personne a déjà « {title} » à la même heure."
    en = "This person already has '{title}' at the same time."


class WorkshopStarted(DomainError):
    status_code = 409
    code = "workshop_started"
    fr = "Cet atelier a déjà commencé : on ne peut plus s'inscrire ni se désinscrire."
    en = "This workshop has already started: signing up or withdrawing is closed."


class WorkshopHasSignups(DomainError):
    status_code = 409
    code = "workshop_has_signups"
    fr = "Inscriptions à cet atelier : {count}. Confirmez : chaque personne inscrite sera prévenue."
    en = "Sign-ups to this workshop: {count}. Confirm: each person signed up will be told."


class WorkshopCapacityBelowSignups(DomainError):
    status_code = 409
    code = "workshop_capacity_below_signups"
    fr = "Inscriptions déjà faites : {count}. Le nombre de places ne peut pas être plus petit."
    en = "Sign-ups already made: {count}. The number of places cannot be smaller."


class NotAnEForum(DomainError):
    status_code = 409
    code = "not_an_e_forum"
    fr = "Les ateliers existent seulement pour un e-forum."
    en = "Workshops exist only at an e-forum."


class NobodyCheckedIn(DomainError):
    status_code = 409
    code = "nobody_checked_in"
    fr = "Personne n'est encore arrivé : la grille reste telle qu'elle est."
    en = "Nobody has arrived yet: the grid stays as it is."

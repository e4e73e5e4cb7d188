"""The refusals the service can give: a stable code, an HTTP status, a French and an English text.

Every refusal is a ``DomainError`` subclass; the README lists their codes. Texts are plain words
for people who read little.
"""

from __future__ import annotations

from typing import Any, ClassVar


class DomainError(Exception):
    """A rule refused the request; nothing was changed."""

    status_code: ClassVar[int] = 422
    code: ClassVar[str] = "refused"
    fr: ClassVar[str] = "La demande a été refusée."
    en: ClassVar[str] = "The request was refused."
    # True when what the domain wrote before refusing is the record of the refusal and must stay.
    recorded: ClassVar[bool] = False

    def __init__(self, *, extra: dict[str, Any] | None = None, **params: object) -> None:
        self.extra = extra
        self.params = params
        super().__init__(self.code)

    def detail(self, language: str) -> str:
        template = self.en if language == "en" else self.fr
        return template.format(**self.params)


class InvalidInput(DomainError):
    status_code = 400
    code = "invalid_input"
    fr = "Une donnée n'est pas valable : « {field} ». {reason_fr}"
    en = "A value is not valid: '{field}'. {reason_en}"

    def __init__(self, *, field: str, reason_fr: str = "", reason_en: str = "") -> None:
        super().__init__(
            extra={"field": field}, field=field, reason_fr=reason_fr, reason_en=reason_en
        )


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
    recorded = True


class TooManyAttempts(DomainError):
    status_code = 429
    code = "too_many_attempts"
    fr = "Trop d'essais. Réessayez dans {seconds} secondes."
    en = "Too many attempts. Try again in {seconds} seconds."


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


class InvalidTransition(DomainError):
    status_code = 409
    code = "invalid_status_transition"
    fr = "Impossible : la rencontre est « {status} »."
    en = "Not possible: the event is '{status}'."


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


def all_codes() -> list[type[DomainError]]:
    """Every refusal class, for the README table and its test."""
    seen: list[type[DomainError]] = []
    stack: list[type[DomainError]] = [DomainError]
    while stack:
        cls = stack.pop()
        seen.append(cls)
        stack.extend(cls.__subclasses__())
    return sorted(seen, key=lambda c: (c.status_code, c.code))

"""The refusals the service can give: a stable code, an HTTP status, a French and an English text.

Every refusal is a ``DomainError`` subclass; the README lists their codes. Texts are plain words
for people who read little.
"""

from __future__ import annotations

from typing import Any, ClassVar

_STATUS_FR = {
    "draft": "brouillon",
    "published": "publiée",
    "completed": "terminée",
    "cancelled": "annulée",
    # outbox messages
    "pending": "en attente",
    "sent": "envoyé",
    "skipped": "non envoyé",
}


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
        params = dict(self.params)
        if language != "en" and "status" in params:
            params["status"] = _STATUS_FR.get(str(params["status"]), params["status"])
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
    recorded = True  # a refused scan is stored


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
    recorded = True


class AlreadyCheckedIn(DomainError):
    status_code = 409
    code = "already_checked_in"
    fr = "Ce billet a déjà été scanné : la personne est déjà entrée."
    en = "This ticket was already scanned: the person is already in."
    recorded = True


class WrongEvent(DomainError):
    status_code = 409
    code = "wrong_event"
    fr = "Ce billet est pour une autre rencontre."
    en = "This ticket is for another event."
    recorded = True


class NotConfirmed(DomainError):
    status_code = 409
    code = "not_confirmed"
    fr = "Cette personne est sur liste d'attente : sa place n'est pas confirmée."
    en = "This person is on the waiting list: their place is not confirmed."
    recorded = True


class TicketRevoked(DomainError):
    status_code = 409
    code = "ticket_revoked"
    fr = "Ce billet a été remplacé par un nouveau. Demandez le dernier billet."
    en = "This ticket was replaced by a new one. Ask for the latest ticket."
    recorded = True


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

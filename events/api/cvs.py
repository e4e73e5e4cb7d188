"""CVs with their skills card: JSON for tools and one PDF to print or send (the printable page
is ``events.web.cards``).

``PUT …/cv`` takes either a JSON CV on the uniform template or a PDF in a form: the route accepts
bodies up to the upload limit (5 MiB and the form's envelope) while the app keeps its 1 MB
default everywhere else, and a JSON CV here is still held to that default."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec
from litestar import Controller, Request, Response, delete, get, put
from litestar.datastructures import UploadFile
from litestar.exceptions import ValidationException
from litestar.params import FromPath, QueryParameter

from events import i18n
from events.api.contract import BEARER, JSON_BODY, LOGGED_IN, PARAMETERS, refusals
from events.api.deps import Ctx
from events.cvs import store, upload
from events.cvs.structured import StructuredCv
from events.errors import (
    BodyTooLarge,
    CandidateNotFound,
    CvNotFound,
    CvTooLarge,
    CvTooManyPages,
    InvalidInput,
    MalformedBody,
    NotAPdf,
    PdfProtected,
    UnsupportedMediaType,
    read_validation,
)
from events.skills_cards import card, recruiter

LangQuery = Annotated[
    Literal["fr", "en"] | None,
    QueryParameter(name="lang", required=False, description="`en` for English; French by default."),
]
# CVs are personal: keep them out of referrers (no cache keeps them: ``events.api.contract``).
_PRIVATE = {"Referrer-Policy": "no-referrer"}
_FORM_FIELDS = {"file", "sectors", "postcode"}


# --- output ----------------------------------------------------------------------------------


class PdfFile(msgspec.Struct, frozen=True, kw_only=True):
    pages: int
    size: int
    sha256: str


class CvDocument(msgspec.Struct, frozen=True, kw_only=True):
    """The CV itself: the template's fields, or the description of the uploaded file (fetch its
    pages with ``cv.pdf``)."""

    kind: Literal["structured", "pdf"]
    version: int
    updated_at: datetime
    sectors: list[str]
    postcode: str | None
    structured: StructuredCv | None
    pdf: PdfFile | None


class CardForStaff(msgspec.Struct, frozen=True, kw_only=True):
    """The current card, draft or reviewed, with who reviewed it."""

    version: int
    updated_at: datetime
    review: card.Review
    skills: list[card.SkillLine]


class CvForStaff(msgspec.Struct, frozen=True, kw_only=True):
    """The CV as organisers and coaches of the candidate's organisation see it: with the
    current card."""

    candidate_id: UUID
    first_name: str
    last_name: str
    cv: CvDocument | None
    skills_card: CardForStaff | None
    pdf_url: str


class CvForRecruiter(msgspec.Struct, frozen=True, kw_only=True):
    """The CV as an allowed recruiter sees it, beside the last reviewed card, the candidate
    named as on every recruiter view (see ``skills_cards.recruiter``); never the social
    situation."""

    candidate_id: UUID
    first_name: str
    last_name: str
    city: str | None
    postcode: str | None
    contact: recruiter.Contact | None
    cv: CvDocument | None
    skills_card: recruiter.CardForRecruiter | None
    pdf_url: str


def _document(row: store.CvRow) -> CvDocument | None:
    if row.kind is None or row.version is None or row.updated_at is None:
        return None
    pdf = None
    if row.kind == "pdf" and row.pdf_pages and row.pdf_size and row.pdf_sha256:
        pdf = PdfFile(pages=row.pdf_pages, size=row.pdf_size, sha256=row.pdf_sha256)
    return CvDocument(
        kind=row.kind,
        version=row.version,
        updated_at=row.updated_at,
        sectors=row.sectors or [],
        postcode=row.postcode,
        structured=row.structured,
        pdf=pdf,
    )


def pdf_url(candidate_id: UUID) -> str:
    """Where the CV and its card are, as one PDF (``cv.pdf`` below); the card page links to it."""
    return f"/api/v1/candidates/{candidate_id}/cv.pdf"


def _for_staff(row: store.CvRow, found: card.SkillsCard | None) -> CvForStaff:
    return CvForStaff(
        candidate_id=row.candidate_id,
        first_name=row.first_name,
        last_name=row.last_name,
        cv=_document(row),
        skills_card=None
        if found is None
        else CardForStaff(
            version=found.version,
            updated_at=found.updated_at,
            review=found.review,
            skills=found.skills,
        ),
        pdf_url=pdf_url(row.candidate_id),
    )


def _for_recruiter(seen: store.CvView) -> CvForRecruiter:
    who = seen.identity
    if who is None:  # pragma: no cover - a recruiter's view always carries the identity
        raise CandidateNotFound
    return CvForRecruiter(
        candidate_id=seen.cv.candidate_id,
        first_name=who.first_name,
        last_name=who.last_name,
        city=who.city,
        postcode=who.postcode,
        contact=recruiter.Contact(email=who.email, phone=who.phone) if who.contact else None,
        cv=_document(seen.cv),
        skills_card=None if seen.card is None else recruiter.for_recruiter(seen.card),
        pdf_url=pdf_url(seen.cv.candidate_id),
    )


# --- input -----------------------------------------------------------------------------------


def _invalid(error: msgspec.ValidationError) -> ValidationException:
    """msgspec's refusal in the shape Litestar gives its own, so the one error body follows."""
    read = read_validation(str(error))
    problem = {"message": read.words, "key": read.at or "body", "source": "body"}
    return ValidationException(detail=read.words, extra=[problem])


async def _decode(request: Request[Any, Any, Any], max_json_bytes: int) -> store.CvInput:
    content_type, _ = request.content_type
    if content_type == "application/json":
        announced = request.headers.get("content-length", "")
        if announced.isdigit() and int(announced) > max_json_bytes:
            raise BodyTooLarge
        body = await request.body()
        if len(body) > max_json_bytes:
            raise BodyTooLarge
        try:
            return msgspec.json.decode(body, type=StructuredCv)
        except msgspec.ValidationError as error:
            raise _invalid(error) from error
        except msgspec.DecodeError as error:
            raise MalformedBody from error
    if content_type == "multipart/form-data":
        form = await request.form()
        unknown = sorted(set(form.keys()) - _FORM_FIELDS)
        if unknown:
            raise InvalidInput(
                field=unknown[0], reason_fr="Champ inconnu.", reason_en="Unknown field."
            )
        files = form.getall("file", [])
        if len(files) != 1 or not isinstance(files[0], UploadFile):
            raise InvalidInput(
                field="file",
                reason_fr="Joignez un seul fichier PDF dans le champ « file ».",
                reason_en="Attach exactly one PDF file in the field 'file'.",
            )
        # One byte past the limit is enough to know it is too big.
        content = await files[0].read(upload.MAX_PDF_BYTES + 1)
        await files[0].close()
        postcode = form.get("postcode") or None
        try:
            return msgspec.convert(
                {"content": content, "sectors": form.getall("sectors", []), "postcode": postcode},
                store.PdfUpload,
            )
        except msgspec.ValidationError as error:
            raise _invalid(error) from error
    raise UnsupportedMediaType


# --- handlers --------------------------------------------------------------------------------


class CvController(Controller):
    path = "/api/v1/candidates/{candidate_id:uuid}"
    tags = ("cvs",)
    security = BEARER

    @put(
        "/cv",
        summary="Set the candidate's CV (structured JSON or PDF upload)",
        description="Organisers and coaches of the candidate's organisation, for the candidate. "
        "Either `application/json` on the uniform template (`headline`, `experiences`, "
        "`trainings`, `languages`, `driving_licences`, `mobility`, `sectors`, `postcode`), or "
        "`multipart/form-data` with the PDF in `file` (5 MiB, 20 pages at most; checked by its "
        "content: 422 `not_a_pdf`, 413 `cv_too_large`) and optional `sectors` (repeated) and "
        "`postcode`. Replaces any previous CV. A CV is never mandatory.",
        request_max_body_size=upload.MAX_UPLOAD_BODY_BYTES,
        responses=refusals(
            *LOGGED_IN,
            *JSON_BODY,
            CandidateNotFound,
            NotAPdf,
            PdfProtected,
            CvTooManyPages,
            CvTooLarge,
            UnsupportedMediaType,
        ),
    )
    async def put_cv(
        self,
        ctx: Ctx,
        request: Request[Any, Any, Any],
        candidate_id: FromPath[UUID],
    ) -> CvForStaff:
        cv = await _decode(request, ctx.settings.max_body_bytes)
        row = await store.put(ctx.conn, candidate_id=candidate_id, cv=cv, by=ctx.actor, now=ctx.now)
        return _for_staff(row, None)

    @delete(
        "/cv",
        summary="Remove the candidate's CV",
        responses=refusals(*LOGGED_IN, *PARAMETERS, CandidateNotFound, CvNotFound),
    )
    async def delete_cv(self, ctx: Ctx, candidate_id: FromPath[UUID]) -> None:
        await store.remove(ctx.conn, candidate_id=candidate_id, by=ctx.actor)

    @get(
        "/cv",
        summary="The CV with its skills card",
        description="Staff of the candidate's organisation: the current card. Recruiters whose "
        "company may see the candidate (consent, attended event): the last reviewed card; to "
        "other recruiters the candidate does not exist (404). Every recruiter view is logged.",
        responses=refusals(*LOGGED_IN, *PARAMETERS, CandidateNotFound),
    )
    async def get_cv(
        self, ctx: Ctx, candidate_id: FromPath[UUID]
    ) -> Response[CvForStaff | CvForRecruiter]:
        seen = await store.view(ctx.conn, candidate_id=candidate_id, by=ctx.actor, channel="json")
        body: CvForStaff | CvForRecruiter = (
            _for_staff(seen.cv, seen.card) if seen.audience == "staff" else _for_recruiter(seen)
        )
        return Response(body, headers=_PRIVATE)

    @get(
        "/cv.pdf",
        summary="The CV and its skills card, as one PDF",
        description="The uploaded pages (or the structured CV set on the template), then the "
        "skills card page: each skill's level and evidence count, the events, the card's "
        "version date. French unless `lang=en`. Same readers as `GET …/cv`.",
        media_type="application/pdf",
        responses=refusals(*LOGGED_IN, InvalidInput, CandidateNotFound),
    )
    async def get_cv_pdf(
        self,
        ctx: Ctx,
        candidate_id: FromPath[UUID],
        lang: LangQuery = None,
    ) -> Response[bytes]:
        language: i18n.Language = lang or "fr"
        content = await store.pdf(
            ctx.conn, candidate_id=candidate_id, by=ctx.actor, language=language, now=ctx.now
        )
        return Response(
            content,
            media_type="application/pdf",
            headers={
                **_PRIVATE,
                "Content-Disposition": f'inline; filename="cv-{candidate_id}.pdf"',
                "Content-Language": language,
            },
        )

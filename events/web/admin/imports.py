"""The back office's import of candidates from a spreadsheet: the upload form, the mapping
page (what each column holds, what to do with people already registered, the event to
register them to), the preview, the import itself and its result. Each page makes one call to
``events.directory.imports``, the owner of every rule here.

The import runs without JavaScript: the form's POST imports every row, a chunk after the
other, and shows the result. With JavaScript (``static/js/import.js``) the button is disabled
at the first click and the page sends the chunks one by one to ``…/chunk``, showing a real
progress bar; a chunk is never imported twice either way (``imports.run_chunk``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Final
from uuid import UUID

import msgspec
from litestar import Controller, MediaType, Request, Response, get, post
from litestar.params import FromPath
from litestar.response import Template

from events import catalog, i18n
from events.actors import Actor
from events.api.contract import page_refusals
from events.api.deps import PageCtx, PublicCtx
from events.directory import imports, spreadsheets
from events.errors import (
    BodyTooLarge,
    CsrfFailed,
    Forbidden,
    InvalidInput,
    NotFound,
    OrganisationNotFound,
)
from events.settings import Settings
from events.web.admin.common import FormCtx, admin_page, back_office, back_to, form_ctx
from events.web.admin.imports_texts import REASONS, STATUSES, TARGETS, WORDS
from events.web.admin.imports_view import (
    column_names,
    event_choices,
    mapping_refusal,
    mapping_sent,
    notes_of,
    number,
    organisation_choices,
)
from events.web.pages import LangQuery

RECENT: Final = 10
SAMPLE_ROWS: Final = 5
EXAMPLES: Final = 3
BASE: Final = "/admin/candidates/import"
ImportId = FromPath[UUID]


class ChunkDone(msgspec.Struct, frozen=True, kw_only=True):
    """Where an import stands after one more chunk."""

    done: int
    total: int
    finished: bool
    # The page to go to once every row is done.
    result: str


class AdminImportsController(Controller):
    path = "/admin"
    tags = ("back office",)
    include_in_schema = True

    # --- 1. the file -------------------------------------------------------------------------

    async def _upload_page(
        self,
        request: Request[Any, Any, Any],
        settings: Settings,
        conn: Any,
        actor: Actor,
        language: i18n.Language,
        *,
        error: str | None = None,
        status_code: int = 200,
    ) -> Template:
        recent = await imports.list_recent(conn, by=actor, limit=RECENT)
        return admin_page(
            request,
            settings,
            language,
            "admin/import.html",
            {
                "recent": recent,
                "statuses": STATUSES[language],
                "organisations": await organisation_choices(conn, actor),
                "error": error,
                "max_rows": number(spreadsheets.MAX_ROWS, language),
                "number": lambda n: number(n, language),
            },
            words=WORDS,
            status_code=status_code,
        )

    @get(
        "/candidates/import",
        summary="Back office: the form sending a spreadsheet of candidates to import",
        description="CSV or .xlsx; the latest imports of one's organisation below. Organisers "
        "and admins; others 403.",
        media_type=MediaType.HTML,
        responses=page_refusals(Forbidden, InvalidInput),
    )
    async def upload_form(
        self, page_ctx: PageCtx, request: Request[Any, Any, Any], lang: LangQuery = None
    ) -> Template:
        actor = back_office(page_ctx.actor)
        language: i18n.Language = lang or page_ctx.language
        return await self._upload_page(request, page_ctx.settings, page_ctx.conn, actor, language)

    @post(
        "/candidates/import",
        summary="Back office: send a spreadsheet of candidates (multipart/form-data)",
        description="Fields `file` (CSV or .xlsx, read by its content: UTF-8 or Windows-1252, "
        "`;`, `,` or tab; 5,000 rows at most), `csrf_token`, and `organisation_id` for an "
        "admin. 303 to the mapping page; the form again (400) with the reason in plain words "
        "for a file that is empty, unreadable or of another kind. Nothing is imported yet.",
        media_type=MediaType.HTML,
        status_code=303,
        responses=page_refusals(CsrfFailed, Forbidden, InvalidInput, BodyTooLarge),
    )
    async def upload(
        self, public_ctx: PublicCtx, request: Request[Any, Any, Any], lang: LangQuery = None
    ) -> Response[Any]:
        form = await form_ctx(request, public_ctx, lang)
        sent = [f for f in form.files.get("file", []) if f.filename]
        try:
            if len(sent) != 1:
                raise InvalidInput(
                    field="file",
                    reason_fr=WORDS["fr"]["imp_file"] + "\u00a0: choisissez un fichier.",
                    reason_en=WORDS["en"]["imp_file"] + ": choose a file.",
                )
            content = await sent[0].read(public_ctx.settings.max_body_bytes + 1)
            await sent[0].close()
            organisation_id = None
            if form.actor.is_admin and form.value("organisation_id"):
                try:
                    organisation_id = UUID(form.value("organisation_id"))
                except ValueError as error:
                    raise OrganisationNotFound from error
            batch = await imports.upload(
                form.conn,
                content=content,
                filename=sent[0].filename,
                organisation_id=organisation_id,
                by=form.actor,
                now=form.now,
            )
        except InvalidInput as refusal:
            return await self._upload_page(
                request,
                public_ctx.settings,
                form.conn,
                form.actor,
                form.language,
                error=str(refusal.params["reason_" + form.language]),
                status_code=400,
            )
        return back_to(f"{BASE}/{batch.id}", form.language)

    # --- 2. the mapping ----------------------------------------------------------------------

    async def _mapping_page(
        self,
        request: Request[Any, Any, Any],
        settings: Settings,
        conn: Any,
        actor: Actor,
        now: datetime,
        language: i18n.Language,
        batch: imports.ImportRow,
        *,
        chosen: dict[str, Any] | None = None,
        error: str | None = None,
        status_code: int = 200,
    ) -> Template:
        sample = await imports.rows(conn, import_id=batch.id, by=actor, limit=SAMPLE_ROWS)
        mapping = imports.guessed_mapping(batch)
        values = chosen or {
            "columns": [target or "" for target in mapping],
            "duplicates": batch.duplicates,
            "event_id": str(batch.event_id) if batch.event_id else "",
        }
        examples = [
            [row.cells[i] for row in sample if row.cells[i]][:EXAMPLES]
            for i in range(len(batch.header))
        ]
        return admin_page(
            request,
            settings,
            language,
            "admin/import_mapping.html",
            {
                "batch": batch,
                "columns": column_names(batch.header, language),
                "sample": sample,
                "examples": examples,
                "targets": TARGETS[language],
                "values": values,
                "events": await event_choices(conn, actor, batch, now),
                "error": error,
                "rows": number(batch.total_rows, language),
            },
            words=WORDS,
            status_code=status_code,
        )

    @get(
        "/candidates/import/{import_id:uuid}",
        summary="Back office: say what each column of an uploaded spreadsheet holds",
        description="The columns with their guessed meaning, the first rows, what to do with "
        "people already registered, the event to register everyone to. Once the import has "
        "started: 303 to its result.",
        media_type=MediaType.HTML,
        responses=page_refusals(Forbidden, InvalidInput, NotFound),
    )
    async def mapping(
        self,
        page_ctx: PageCtx,
        request: Request[Any, Any, Any],
        import_id: ImportId,
        lang: LangQuery = None,
    ) -> Response[Any]:
        actor = back_office(page_ctx.actor)
        language: i18n.Language = lang or page_ctx.language
        batch = await imports.get(page_ctx.conn, import_id=import_id, by=actor)
        if batch.status in ("running", "done"):
            return back_to(f"{BASE}/{batch.id}/result", language)
        return await self._mapping_page(
            request, page_ctx.settings, page_ctx.conn, actor, page_ctx.now, language, batch
        )

    @post(
        "/candidates/import/{import_id:uuid}/mapping",
        summary="Back office: set what each column holds, then see the preview",
        description="Fields `column_1` … `column_N` (a target per column: `first_name`, "
        "`last_name`, `phone`, `email`, `city`, `postcode`, `birth_year`, `language`, or empty "
        "to ignore it), `duplicates` (`skip` or `merge`), `event_id` (optional), `csrf_token`. "
        "303 to the preview; the page again (400) with the reason.",
        media_type=MediaType.HTML,
        status_code=303,
        responses=page_refusals(CsrfFailed, Forbidden, InvalidInput, NotFound),
    )
    async def set_mapping(
        self,
        public_ctx: PublicCtx,
        request: Request[Any, Any, Any],
        import_id: ImportId,
        lang: LangQuery = None,
    ) -> Response[Any]:
        form = await form_ctx(request, public_ctx, lang)
        batch = await imports.get(form.conn, import_id=import_id, by=form.actor)
        chosen = mapping_sent(form, len(batch.header))
        sent: dict[str, Any] = {
            "columns": [value or None for value in chosen["columns"]],
            "duplicates": chosen["duplicates"],
            "event_id": chosen["event_id"] or None,
        }
        try:
            mapping = msgspec.convert(sent, imports.MappingIn)
            await imports.set_mapping(
                form.conn, import_id=import_id, mapping=mapping, by=form.actor, now=form.now
            )
        except (msgspec.ValidationError, InvalidInput) as error:
            refusal = mapping_refusal(sent, error)
            return await self._mapping_page(
                request,
                public_ctx.settings,
                form.conn,
                form.actor,
                form.now,
                form.language,
                batch,
                chosen=chosen,
                error=str(refusal.params["reason_" + form.language]),
                status_code=400,
            )
        return back_to(f"{BASE}/{import_id}/preview", form.language)

    # --- 3. the preview and the import -------------------------------------------------------

    @get(
        "/candidates/import/{import_id:uuid}/preview",
        summary="Back office: what importing would do, row by row",
        description="Counts; the rows refused, with their row number and the reason in plain "
        "words; the people already registered they are, and what will be done. Nothing is "
        "written. Once the import has started: 303 to its result.",
        media_type=MediaType.HTML,
        responses=page_refusals(Forbidden, InvalidInput, NotFound),
    )
    async def preview(
        self,
        page_ctx: PageCtx,
        request: Request[Any, Any, Any],
        import_id: ImportId,
        lang: LangQuery = None,
    ) -> Response[Any]:
        actor = back_office(page_ctx.actor)
        language: i18n.Language = lang or page_ctx.language
        batch = await imports.get(page_ctx.conn, import_id=import_id, by=actor)
        if batch.status in ("running", "done"):
            return back_to(f"{BASE}/{batch.id}/result", language)
        if batch.mapping is None:
            return back_to(f"{BASE}/{batch.id}", language)
        shown = await imports.preview(page_ctx.conn, import_id=import_id, by=actor)
        event = None
        if batch.event_id is not None:
            event = await catalog.get(page_ctx.conn, event_id=batch.event_id, by=actor)
        return admin_page(
            request,
            page_ctx.settings,
            language,
            "admin/import_preview.html",
            {
                "batch": batch,
                "preview": shown,
                "event": event,
                "columns": column_names(batch.header, language),
                "reasons": REASONS[language],
                "number": lambda n: number(n, language),
            },
            words=WORDS,
        )

    @post(
        "/candidates/import/{import_id:uuid}/run",
        summary="Back office: import every row left (without JavaScript)",
        description="Field `csrf_token`. Imports the rows not yet done, a chunk after the "
        "other, then 303 to the result. Sent twice, or while the page's script imports, no "
        "row is imported twice.",
        media_type=MediaType.HTML,
        status_code=303,
        responses=page_refusals(CsrfFailed, Forbidden, InvalidInput, NotFound),
    )
    async def run(
        self,
        public_ctx: PublicCtx,
        request: Request[Any, Any, Any],
        import_id: ImportId,
        lang: LangQuery = None,
    ) -> Response[Any]:
        form = await form_ctx(request, public_ctx, lang)
        done = -1
        while True:
            progress = await _chunk(form, import_id)
            if progress.finished or progress.done == done:
                break
            done = progress.done
        return back_to(f"{BASE}/{import_id}/result", form.language)

    @post(
        "/candidates/import/{import_id:uuid}/chunk",
        summary="Back office: import the next chunk of rows (the page's script)",
        description="Form field `csrf_token` (form-encoded, as the page's forms). Imports the "
        f"next {imports.MAX_CHUNK} rows not yet done, in file order, and answers JSON "
        "`{done, total, finished, result}`: rows done so far, rows in the file, whether every "
        "row is done, and the result page's address. Concurrent calls wait for each other: "
        "no row is imported twice.",
        media_type=MediaType.JSON,
        status_code=200,
        responses=page_refusals(CsrfFailed, Forbidden, InvalidInput, NotFound),
    )
    async def chunk(
        self,
        public_ctx: PublicCtx,
        request: Request[Any, Any, Any],
        import_id: ImportId,
        lang: LangQuery = None,
    ) -> ChunkDone:
        form = await form_ctx(request, public_ctx, lang)
        progress = await _chunk(form, import_id)
        suffix = "?lang=en" if form.language == "en" else ""
        return ChunkDone(
            done=progress.done,
            total=progress.total,
            finished=progress.finished,
            result=f"{BASE}/{import_id}/result{suffix}",
        )

    # --- 4. the result -----------------------------------------------------------------------

    @get(
        "/candidates/import/{import_id:uuid}/result",
        summary="Back office: what the import did, row by row",
        description="Counts, and each row done: created, completed, left as it was or refused "
        "(with the reason), and its registration to the event; links to the candidates.",
        media_type=MediaType.HTML,
        responses=page_refusals(Forbidden, InvalidInput, NotFound),
    )
    async def result(
        self,
        page_ctx: PageCtx,
        request: Request[Any, Any, Any],
        import_id: ImportId,
        lang: LangQuery = None,
    ) -> Response[Any]:
        actor = back_office(page_ctx.actor)
        language: i18n.Language = lang or page_ctx.language
        found = await imports.results(page_ctx.conn, import_id=import_id, by=actor)
        if found.batch.status in ("uploaded", "mapped"):
            return back_to(f"{BASE}/{import_id}", language)
        mapping = found.batch.mapping or []
        names = {
            line.n: " ".join(
                cell
                for target in ("first_name", "last_name")
                for cell, t in zip(line.cells, mapping, strict=True)
                if t == target and cell
            )
            for line in found.lines
        }
        return admin_page(
            request,
            page_ctx.settings,
            language,
            "admin/import_result.html",
            {
                "batch": found.batch,
                "counts": found.counts,
                "lines": found.lines,
                "names": names,
                "notes": {line.n: notes_of(line, language) for line in found.lines},
                # Confirmed or waitlisted as every page says it; the import's own two cases.
                "registrations": {
                    **i18n.REGISTRATION_STATUSES[language],
                    "already_registered": WORDS[language]["imp_reg_already_registered"],
                    "refused": WORDS[language]["imp_reg_refused"],
                },
                "columns": column_names(found.batch.header, language),
                "number": lambda n: number(n, language),
            },
            words=WORDS,
        )


async def _chunk(form: FormCtx, import_id: UUID) -> imports.Progress:
    return await imports.run_chunk(
        form.conn,
        import_id=import_id,
        by=form.actor,
        now=form.now,
        public_url=form.public_url,
        size=imports.MAX_CHUNK,
    )

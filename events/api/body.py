"""JSON bodies read strictly, in one pass, into the type the handler declares.

Litestar reads a JSON body into plain values, then converts them to the handler's ``data`` type
with msgspec's lenient rules: ``"5"`` and ``5.0`` become 5, ``0`` becomes ``false``, a number
becomes a date. This request class decodes the body once, straight into that type, with
msgspec's strict rules: a value of the wrong JSON type is refused, naming the field (Litestar's
own conversion then finds the struct already built and passes it through). The handler's
annotation is untouched, so the OpenAPI schema still describes the body.

A body sent as anything but JSON (``Content-Type`` other than ``application/json`` or
``application/*+json``) is refused with ``json_required`` (415) before it is read. Query
parameters stay lenient: they are text, and Litestar converts them."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Request

from events.errors import InvalidInput, JsonRequired, MalformedBody, read_validation


class JsonRequest(Request[Any, Any, Any]):
    """The app's request class (``Litestar(request_class=...)``)."""

    async def json(self) -> Any:
        media_type = self.content_type[0].lower()
        if media_type != "application/json" and not (
            media_type.startswith("application/") and media_type.endswith("+json")
        ):
            raise JsonRequired
        body = await self.body()
        shape = _body_type(self)
        try:
            return msgspec.json.decode(body or b"null", type=shape, strict=True)
        except msgspec.ValidationError as error:
            raise _refusal(body, shape, error) from error
        except msgspec.DecodeError as error:
            raise MalformedBody from error


def _body_type(request: Request[Any, Any, Any]) -> Any:
    """What the handler takes as ``data`` (``Any`` for a handler that reads JSON another way)."""
    parameter = request.route_handler.parsed_fn_signature.parameters.get("data")
    return parameter.annotation if parameter is not None else Any


def _refusal(
    body: bytes, shape: Any, error: msgspec.ValidationError
) -> MalformedBody | InvalidInput:
    """Unreadable JSON is ``malformed_body`` whatever its shape (a typed read stops at the first
    wrong value, before a later syntax error); readable JSON of the wrong shape names the field
    in plain words, with what was sent to follow a tagged union's branch."""
    try:
        sent = msgspec.json.decode(body)
    except (msgspec.DecodeError, RecursionError):
        return MalformedBody()
    return InvalidInput.from_validation(read_validation(str(error)), shape=shape, sent=sent)

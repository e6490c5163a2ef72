"""Error responses: validation failures say what is wrong in one readable line.

FastAPI's default 422 body echoes the offending input, which for a 100k-char
text would send it all back; this keeps location, message and type only, and
adds a `message` summarising every problem for humans and logs.

Every error body is made of valid Unicode: a message may quote the request
(a path segment, a tag, a field name), and a lone surrogate quoted from a
JSON body cannot be encoded as UTF-8, which would turn a 4xx into a 500.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from polystage_api.models import ErrorView, ValidationErrorView

# Messages are for humans and logs; one line of this size says enough.
MAX_MESSAGE_CHARS = 2_000


def clean(text: object) -> str:
    """`text` as valid Unicode: anything UTF-8 cannot carry becomes `?`."""
    return str(text).encode("utf-8", "replace").decode("utf-8")[:MAX_MESSAGE_CHARS]


def _where(loc: list[str | int]) -> str:
    return ".".join(str(part) for part in loc)


def _loc_part(part: Any) -> str | int:
    return part if isinstance(part, int) else clean(part)


async def validation_error_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    problems = [
        {"loc": [_loc_part(p) for p in err["loc"]], "msg": clean(err["msg"]), "type": clean(err["type"])}
        for err in exc.errors()
    ]
    message = clean("; ".join(f"{_where(p['loc'])}: {p['msg']}" for p in problems))
    body = ValidationErrorView.model_validate({"message": message, "detail": problems})
    return JSONResponse(body.model_dump(), status_code=422)


def _allowed_methods(request: Request) -> str:
    """Every method of every route on this path (Starlette names only the first route's)."""
    methods: set[str] = set()
    for route in request.app.router.routes:
        match, _ = route.matches(request.scope)
        if match is not Match.NONE:
            methods |= getattr(route, "methods", None) or set()
    return ", ".join(sorted(methods))


async def http_error_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    body = ErrorView(detail=clean(exc.detail))
    headers = dict(exc.headers or {})
    if exc.status_code == 405:
        headers["Allow"] = _allowed_methods(request)
    return JSONResponse(body.model_dump(), status_code=exc.status_code, headers=headers)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, validation_error_handler)
    app.add_exception_handler(StarletteHTTPException, http_error_handler)


# -- what the OpenAPI says each route can answer ------------------------------
# Every status the api can return is documented, so a client (or a fuzzer)
# can rely on the document.


def _error(description: str, model: type = ErrorView, headers: dict | None = None) -> dict[str, Any]:
    response: dict[str, Any] = {"model": model, "description": description}
    if headers:
        response["headers"] = headers
    return response


INVALID = {422: _error("A parameter or the body is invalid; `message` names each problem.", ValidationErrorView)}
BODY = {
    400: _error("The body could not be read as UTF-8 JSON text."),
    413: _error("The body is larger than API_MAX_BODY_BYTES."),
    **INVALID,
}
NOT_FOUND = {404: _error("No such job.")}
WORKER_ONLY = {
    401: _error(
        "The worker credential is missing or not accepted.",
        headers={"WWW-Authenticate": {"description": "`Bearer`", "schema": {"type": "string"}}},
    )
}

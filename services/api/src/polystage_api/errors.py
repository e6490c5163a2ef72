"""Error responses: validation failures say what is wrong in one readable line.

FastAPI's default 422 body echoes the offending input, which for a 100k-char
text would send it all back; this keeps location, message and type only, and
adds a `message` summarising every problem for humans and logs.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse


def _where(loc: tuple[object, ...] | list[object]) -> str:
    return ".".join(str(part) for part in loc)


async def validation_error_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    problems = [{"loc": list(err["loc"]), "msg": err["msg"], "type": err["type"]} for err in exc.errors()]
    message = "; ".join(f"{_where(p['loc'])}: {p['msg']}" for p in problems)
    return JSONResponse({"message": message, "detail": problems}, status_code=422)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, validation_error_handler)

"""The worker credential: `Authorization: Bearer <token>` on the internal routes.

Only workers may lease jobs and post results; without this, anyone who can
reach the api could take every job and forge results. The tokens come from
the settings (API_WORKER_TOKEN or API_WORKER_TOKEN_FILE); several are
accepted at once so a rotation never locks a worker out.
"""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

# auto_error=False: a missing header gets our 401 below (FastAPI's own is 403).
_bearer = HTTPBearer(
    auto_error=False,
    scheme_name="workerToken",
    description="The worker credential: one of the tokens in API_WORKER_TOKEN or API_WORKER_TOKEN_FILE.",
)


def _refuse(reason: str) -> HTTPException:
    return HTTPException(status.HTTP_401_UNAUTHORIZED, detail=reason, headers={"WWW-Authenticate": "Bearer"})


def require_worker(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> None:
    if credentials is None:
        raise _refuse("this route needs the worker credential: send Authorization: Bearer <token>")
    offered = credentials.credentials.encode("utf-8", "surrogateescape")
    tokens: tuple[str, ...] = request.app.state.worker_tokens
    # Compare against every token, without stopping at a match, so the time
    # taken says nothing about which token (or how much of one) matched.
    matched = False
    for token in tokens:
        matched |= hmac.compare_digest(offered, token.encode("utf-8"))
    if not matched:
        # Never echo the offered token: it may be a real one sent to the wrong place.
        raise _refuse("the worker token is not one this api accepts")

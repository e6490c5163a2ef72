"""Request and response bodies of the HTTP API (pydantic models).

Requests forbid unknown fields so a typo in a client is a 422, not a silently
ignored setting.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from polystage_api.db.store import PREVIEW_CHARS, Lease

# Limits that keep one job small enough for SQLite rows and worker memory.
MAX_TEXT_CHARS = 100_000
MAX_RESULT_BYTES = 64 * 1024
MAX_ERROR_CHARS = 4_000
MAX_LEASE_TOKEN_CHARS = 128

JobStatus = Literal["pending", "leased", "succeeded", "failed"]
WorkerId = Annotated[
    str,
    Field(
        min_length=1,
        max_length=128,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9._:-]*$",
        description="Identifies the worker process, e.g. its hostname and pid.",
    ),
]


def _first_unencodable(value: Any) -> str | None:
    """A JSON string (key or value) that is not valid Unicode, such as a lone surrogate "\\udad9"."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return item.encode("utf-8", "backslashreplace").decode("ascii", "replace")[:40]
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return None


class _Request(BaseModel):
    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _valid_unicode(cls, data: Any) -> Any:
        # JSON allows "\\udad9", but such a string can be neither stored as
        # UTF-8 nor sent back: refuse it here (422) instead of failing later (500).
        bad = _first_unencodable(data)
        if bad is not None:
            raise ValueError(f"strings must be valid Unicode; {bad!r} holds a lone surrogate")
        return data


# -- job kinds ---------------------------------------------------------------
# One real kind today. A new kind is a new `<Kind>Job` model with its own
# `kind` literal, and `JobCreate` becomes a union discriminated on `kind`.


class TextStatsInput(_Request):
    text: str = Field(
        min_length=1, max_length=MAX_TEXT_CHARS, description="Text to count words, lines and characters of."
    )


class TextStatsJob(_Request):
    kind: Literal["text-stats"]
    input: TextStatsInput


JobCreate = TextStatsJob


# -- worker calls --------------------------------------------------------------


class LeaseRequest(_Request):
    worker_id: WorkerId


class _Outcome(_Request):
    lease_token: str = Field(min_length=1, max_length=MAX_LEASE_TOKEN_CHARS)


class SucceededOutcome(_Outcome):
    status: Literal["succeeded"]
    result: dict[str, Any]

    @field_validator("result")
    @classmethod
    def _result_fits(cls, value: dict[str, Any]) -> dict[str, Any]:
        size = len(json.dumps(value, separators=(",", ":")).encode())
        if size > MAX_RESULT_BYTES:
            raise ValueError(f"result is {size} bytes as JSON; at most {MAX_RESULT_BYTES} are stored")
        return value


class FailedOutcome(_Outcome):
    status: Literal["failed"]
    error: str = Field(min_length=1, max_length=MAX_ERROR_CHARS)


JobOutcome = Annotated[SucceededOutcome | FailedOutcome, Field(discriminator="status")]


# -- responses -------------------------------------------------------------------
# Read straight from the store's dataclasses (from_attributes); epoch-second
# floats become UTC datetimes on the way.


class _View(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class JobView(_View):
    id: str
    kind: str
    input: dict[str, Any]
    status: JobStatus
    attempts: int
    created_at: datetime
    updated_at: datetime
    started_at: datetime | None = Field(description="Start of the latest attempt.")
    finished_at: datetime | None
    worker_id: str | None = Field(description="Worker holding, or last holding, the lease.")
    lease_expires_at: datetime | None
    result: dict[str, Any] | None
    error: str | None


class JobSummaryView(_View):
    """A job without its input, result and lease: what lists carry, so a page stays small."""

    id: str
    kind: str
    status: JobStatus
    attempts: int
    created_at: datetime
    updated_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    input_preview: str = Field(
        max_length=PREVIEW_CHARS,
        description="Start of the input (for text-stats, of `input.text`), cut with a trailing `…` when longer.",
    )


class JobPageView(_View):
    items: list[JobSummaryView]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null on the last page.")


class LeaseView(_View):
    job: JobView
    lease_token: str = Field(description="Send back with the result; only the current lease holder may post one.")
    lease_expires_at: datetime

    @classmethod
    def of(cls, lease: Lease) -> LeaseView:
        return cls(job=lease.job, lease_token=lease.token, lease_expires_at=lease.job.lease_expires_at)


class ErrorView(BaseModel):
    detail: str = Field(description="What went wrong, in one line.")


class ProblemView(BaseModel):
    loc: list[str | int]
    msg: str
    type: str


class ValidationErrorView(BaseModel):
    message: str = Field(description="Every problem in one readable line.")
    detail: list[ProblemView]


class DurationView(_View):
    count: int
    avg: float | None
    min: float | None
    max: float | None


class KindStatsView(_View):
    total: int
    by_status: dict[JobStatus, int]
    wait_seconds: DurationView = Field(description="Creation to start of the latest attempt, for started jobs.")
    run_seconds: DurationView = Field(description="Start of the latest attempt to finish, for finished jobs.")


class StatsView(_View):
    overall: KindStatsView
    by_kind: dict[str, KindStatsView]

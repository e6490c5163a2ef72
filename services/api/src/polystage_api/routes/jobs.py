"""The public jobs resource: clients create jobs, list them and read one.

The worker protocol (lease, result) and stats live in routes/internal.py,
under /internal, which the gateway never forwards.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Response, status

from polystage_api.db.store import JobNotFound, JobStore, QueueFull
from polystage_api.errors import BODY, INVALID, NOT_FOUND
from polystage_api.models import ErrorView, JobCreate, JobPageView, JobStatus, JobSummaryView, JobView
from polystage_api.paging import CURSOR_PATTERN, decode_cursor, encode_cursor
from polystage_api.routes.deps import get_store

router = APIRouter(prefix="/jobs", tags=["jobs"])
Store = Annotated[JobStore, Depends(get_store)]

MAX_PAGE_SIZE = 100
# A full queue drains at the workers' pace; a client asking again sooner only adds load.
QUEUE_FULL_RETRY_AFTER_SECONDS = 30


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    summary="Create a job",
    responses={
        **BODY,
        503: {
            "model": ErrorView,
            "description": "API_MAX_QUEUED_JOBS jobs are already pending; retry after `Retry-After` seconds.",
            "headers": {"Retry-After": {"description": "Seconds to wait.", "schema": {"type": "integer"}}},
        },
    },
)
def create_job(body: JobCreate, store: Store, response: Response) -> JobView:
    try:
        job = store.create(body.kind, body.input.model_dump())
    except QueueFull as err:
        raise HTTPException(
            status.HTTP_503_SERVICE_UNAVAILABLE,
            detail=str(err),
            headers={"Retry-After": str(QUEUE_FULL_RETRY_AFTER_SECONDS)},
        ) from None
    response.headers["Location"] = f"/jobs/{job.id}"
    return JobView.model_validate(job)


@router.get("", summary="List jobs, newest first (summaries: no input, result or error)", responses=INVALID)
def list_jobs(
    store: Store,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description="Page size.")] = 20,
    cursor: Annotated[
        str | None, Query(pattern=CURSOR_PATTERN, description="`next_cursor` of the previous page.")
    ] = None,
    job_status: Annotated[JobStatus | None, Query(alias="status", description="Only jobs in this status.")] = None,
) -> JobPageView:
    # The pattern has refused every other string with a 422: any cursor left is one to page from.
    page = store.list_page(limit, before_seq=None if cursor is None else decode_cursor(cursor), status=job_status)
    return JobPageView(
        items=[JobSummaryView.model_validate(job) for job in page.jobs],
        next_cursor=None if page.next_after_seq is None else encode_cursor(page.next_after_seq),
    )


@router.get("/{job_id}", summary="Read one job (input and result included)", responses=NOT_FOUND)
def get_job(job_id: str, store: Store) -> JobView:
    try:
        return JobView.model_validate(store.get(job_id))
    except JobNotFound as err:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=str(err)) from None

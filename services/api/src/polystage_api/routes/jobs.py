"""The jobs resource: clients create and read jobs, workers lease and finish them.

Route order matters: the fixed paths (/jobs/stats, /jobs/lease) are declared
before /jobs/{job_id} so they are not taken for a job id.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Response, status
from fastapi.exceptions import RequestValidationError

from polystage_api.db.store import JobNotFound, JobStore, LeaseConflict
from polystage_api.models import (
    JobCreate,
    JobOutcome,
    JobPageView,
    JobStatus,
    JobView,
    LeaseRequest,
    LeaseView,
    StatsView,
    SucceededOutcome,
)
from polystage_api.paging import InvalidCursor, decode_cursor, encode_cursor
from polystage_api.routes.deps import get_store

router = APIRouter(prefix="/jobs", tags=["jobs"])
Store = Annotated[JobStore, Depends(get_store)]

MAX_PAGE_SIZE = 100


@router.post("", status_code=status.HTTP_201_CREATED, summary="Create a job")
def create_job(body: JobCreate, store: Store, response: Response) -> JobView:
    job = store.create(body.kind, body.input.model_dump())
    response.headers["Location"] = f"/jobs/{job.id}"
    return JobView.model_validate(job)


@router.get("", summary="List jobs, newest first")
def list_jobs(
    store: Store,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description="Page size.")] = 20,
    cursor: Annotated[str | None, Query(max_length=64, description="`next_cursor` of the previous page.")] = None,
    job_status: Annotated[JobStatus | None, Query(alias="status", description="Only jobs in this status.")] = None,
) -> JobPageView:
    try:
        before_seq = None if cursor is None else decode_cursor(cursor)
    except InvalidCursor as err:
        # Same shape as every other validation error (see errors.py).
        raise RequestValidationError(
            [{"type": "value_error", "loc": ("query", "cursor"), "msg": str(err), "input": cursor}]
        ) from None
    page = store.list_page(limit, before_seq=before_seq, status=job_status)
    return JobPageView(
        items=page.jobs,
        next_cursor=None if page.next_after_seq is None else encode_cursor(page.next_after_seq),
    )


@router.get("/stats", summary="Counts and durations by status and kind (for reports)")
def job_stats(store: Store) -> StatsView:
    return StatsView.model_validate(store.stats())


@router.post(
    "/lease",
    response_model=LeaseView,
    summary="Lease the oldest pending job (workers)",
    responses={204: {"description": "Nothing to do: no pending job and no expired lease."}},
)
def lease_job(body: LeaseRequest, store: Store) -> LeaseView | Response:
    lease = store.lease(body.worker_id)
    if lease is None:
        return Response(status_code=status.HTTP_204_NO_CONTENT)
    return LeaseView.of(lease)


@router.get("/{job_id}", summary="Read one job", responses={404: {"description": "No such job."}})
def get_job(job_id: str, store: Store) -> JobView:
    try:
        return JobView.model_validate(store.get(job_id))
    except JobNotFound as err:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=str(err)) from None


@router.post(
    "/{job_id}/result",
    summary="Post the outcome of a leased job (lease holder only)",
    responses={404: {"description": "No such job."}, 409: {"description": "Caller does not hold the current lease."}},
)
def post_result(job_id: str, body: JobOutcome, store: Store) -> JobView:
    try:
        if isinstance(body, SucceededOutcome):
            job = store.complete(job_id, body.lease_token, result=body.result)
        else:
            job = store.complete(job_id, body.lease_token, error=body.error)
    except JobNotFound as err:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=str(err)) from None
    except LeaseConflict as err:
        raise HTTPException(status.HTTP_409_CONFLICT, detail=str(err)) from None
    return JobView.model_validate(job)

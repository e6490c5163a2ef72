"""The worker protocol and stats, under /internal: never forwarded by the gateway.

Leasing and posting results need the worker credential (auth.py); stats are
read-only counts and reachable on the internal network only.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Response, status

from polystage_api.auth import require_worker
from polystage_api.db.store import JobNotFound, JobStore, LeaseConflict
from polystage_api.errors import BODY, NOT_FOUND, WORKER_ONLY
from polystage_api.models import ErrorView, JobOutcome, JobView, LeaseRequest, LeaseView, StatsView, SucceededOutcome
from polystage_api.routes.deps import get_store

router = APIRouter(prefix="/internal/jobs", tags=["internal"])
Store = Annotated[JobStore, Depends(get_store)]
Worker = [Depends(require_worker)]


@router.get("/stats", summary="Counts and durations by status and kind (for reports)")
def job_stats(store: Store) -> StatsView:
    return StatsView.model_validate(store.stats())


@router.post(
    "/lease",
    response_model=LeaseView,
    summary="Lease the oldest pending job (workers)",
    dependencies=Worker,
    responses={204: {"description": "Nothing to do: no pending job and no expired lease."}, **WORKER_ONLY, **BODY},
)
def lease_job(body: LeaseRequest, store: Store) -> LeaseView | Response:
    lease = store.lease(body.worker_id)
    if lease is None:
        return Response(status_code=status.HTTP_204_NO_CONTENT)
    return LeaseView.of(lease)


@router.post(
    "/{job_id}/result",
    summary="Post the outcome of a leased job (lease holder only)",
    dependencies=Worker,
    responses={
        **WORKER_ONLY,
        **NOT_FOUND,
        409: {"model": ErrorView, "description": "Caller does not hold the current lease."},
        **BODY,
    },
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

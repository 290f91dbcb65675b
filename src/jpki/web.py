"""HTTP plumbing every party's API shares: a request-size limit and error-to-status mapping.

Bad input must never become a 500: each party maps its deliberate errors to 4xx statuses, and
bodies over the party's limit are refused before they are read.
"""

from __future__ import annotations

from collections.abc import Mapping

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint


class BodyLimit(BaseHTTPMiddleware):
    """Refuse (413) a request whose declared body is larger than `limit` bytes."""

    def __init__(self, app: object, limit: int) -> None:
        super().__init__(app)  # type: ignore[arg-type]
        self._limit = limit

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > self._limit):
            return JSONResponse({"error": "request body too large"}, status_code=413)
        return await call_next(request)


def add_error_handlers(app: FastAPI, statuses: Mapping[type[Exception], int]) -> None:
    """Answer each error class with its status and `{"error": message}`."""
    for error, status in statuses.items():

        async def handler(_request: Request, exc: Exception, status: int = status) -> JSONResponse:
            return JSONResponse({"error": str(exc)}, status_code=status)

        app.add_exception_handler(error, handler)


__all__ = ["BodyLimit", "add_error_handlers"]

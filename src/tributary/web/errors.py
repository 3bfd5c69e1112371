"""Errors as answers: an HTML page for the site, ``{"detail": ...}`` JSON for the API.

PageError       a page route's 400 / 404, rendered with the site's layout
ApiError        an API route's 400 / 404 as JSON
HTTPException   Starlette's own (unknown path, 405): JSON under /api/, a page elsewhere
StorageError    the database failed: 503, the same way by path
"""

from __future__ import annotations

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from tributary.errors import StorageError
from tributary.publish.site import live_links
from tributary.web.views import Site, error_page

_HEADINGS = {404: "Page not found", 405: "Method not allowed", 503: "Try again soon"}


class PageError(Exception):
    def __init__(self, status: int, heading: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.heading = heading
        self.message = message


class ApiError(Exception):
    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


def _is_api(request: Request) -> bool:
    return request.url.path == "/api" or request.url.path.startswith("/api/")


def install_error_handlers(app: FastAPI, site: Site) -> None:
    def page(status: int, heading: str, message: str) -> Response:
        body = error_page(site, live_links(), heading, message)
        return Response(body, status_code=status, media_type="text/html; charset=utf-8")

    def on_page_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, PageError)
        return page(exc.status, exc.heading, exc.message)

    def on_api_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApiError)
        return JSONResponse({"detail": exc.detail}, status_code=exc.status)

    def on_http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        if _is_api(request):
            return JSONResponse({"detail": exc.detail}, exc.status_code, headers=exc.headers)
        heading = _HEADINGS.get(exc.status_code, "Something went wrong")
        return page(exc.status_code, heading, str(exc.detail))

    def on_storage_error(request: Request, exc: Exception) -> Response:
        message = "The database did not answer; please try again in a moment."
        if _is_api(request):
            return JSONResponse({"detail": message}, status_code=503)
        return page(503, _HEADINGS[503], message)

    app.add_exception_handler(PageError, on_page_error)
    app.add_exception_handler(ApiError, on_api_error)
    app.add_exception_handler(HTTPException, on_http_error)
    app.add_exception_handler(StorageError, on_storage_error)

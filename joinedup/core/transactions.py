"""One transaction for each request that changes something; none around a request that reads.

A POST (or any unsafe method) runs its view in one transaction, as Django's ATOMIC_REQUESTS
would: the check, the write and its audit row commit together or not at all. A GET runs in
autocommit: its access-log entry is written in a short transaction of its own
(`access.policy.person_for`) that commits before the record is read, so no one sees a record
whose viewing is not logged, and no reader holds the write lock (SQLite) or the log's chain
head (PostgreSQL) while a page renders (ADR 0017).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class WritesInOneTransaction:
    """Middleware, last in the list: runs an unsafe request's view inside `atomic()`."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view: Callable[..., HttpResponse],
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        if request.method in SAFE_METHODS:
            return None  # Django calls the view, in autocommit
        with transaction.atomic():
            return view(request, *args, **kwargs)

"""Long lists a page at a time: which page was asked for, what it holds, links to the others.

The inbox, the possible-matches queue and search results are read one page of `PAGE_SIZE`
rows at a time (a COUNT and a LIMIT/OFFSET), so a page costs what its rows cost, however long
the list. The links follow the GOV.UK Design System's pagination pattern: previous, the first
and last pages, the pages either side of this one, next.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db.models import QuerySet
from django.http import QueryDict

PAGE_SIZE = 50
PAGE_PARAMETER = "page"

T = TypeVar("T")


@dataclass(frozen=True)
class PageLink:
    number: int | None  # None: an ellipsis between page numbers
    href: str = ""
    current: bool = False


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    number: int  # 1 for the first page
    size: int
    total: int  # rows in the whole list

    @property
    def count(self) -> int:
        """How many pages the list fills (at least one, empty or not)."""
        return max(1, -(-self.total // self.size))

    @property
    def first(self) -> int:
        """The position of this page's first row in the list (1-based), 0 when it is empty."""
        return (self.number - 1) * self.size + 1 if self.items else 0

    @property
    def last(self) -> int:
        return self.first + len(self.items) - 1 if self.items else 0

    @property
    def is_paged(self) -> bool:
        return self.count > 1


def page_number(value: str | None) -> int:
    """The page asked for in a query string; anything that is not a positive number is 1."""
    text = (value or "").strip()
    return int(text) if text.isdigit() and 0 < int(text) < 1_000_000 else 1


def page_of(rows: Any, *, number: int, size: int = PAGE_SIZE) -> Page[Any]:
    """One page of a queryset (or a list): a COUNT, then one LIMIT/OFFSET read. A number past
    the end gives the last page, so a list that shrank while someone read it never shows an
    empty page."""
    total = rows.count() if isinstance(rows, QuerySet) else len(rows)
    pages = max(1, -(-total // size))
    number = min(max(number, 1), pages)
    start = (number - 1) * size
    return Page(list(rows[start : start + size]), number, size, total)


def page_links(page: Page[Any], query: QueryDict, *, around: int = 1) -> list[PageLink]:
    """The numbered links of the GOV.UK pagination pattern: first, last, this page and
    `around` pages either side of it, with an ellipsis for each gap. Each href keeps the rest
    of the page's query string (filters, the reason for looking)."""
    shown = {1, page.count} | set(range(page.number - around, page.number + around + 1))
    links: list[PageLink] = []
    previous = 0
    for n in sorted(n for n in shown if 1 <= n <= page.count):
        if n - previous > 1:
            links.append(PageLink(None))
        links.append(PageLink(n, page_href(query, n), n == page.number))
        previous = n
    return links


def page_href(query: QueryDict, number: int) -> str:
    """The query string of this list's page `number`, keeping every other parameter."""
    params = query.copy()
    if number > 1:
        params[PAGE_PARAMETER] = str(number)
    else:
        params.pop(PAGE_PARAMETER, None)
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


def pagination(page: Page[Any], query: QueryDict) -> dict[str, Any]:
    """What the pagination include needs: the links, previous and next."""
    return {
        "page": page,
        "links": page_links(page, query),
        "previous": page_href(query, page.number - 1) if page.number > 1 else "",
        "next": page_href(query, page.number + 1) if page.number < page.count else "",
    }

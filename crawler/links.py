"""Checking one link: the cheapest request that tells the truth, and a verdict a webmaster can act on.

Pages are fetched whole (they are small, and only the body reveals a soft 404 or a bot wall).
Attachments and images are asked with HEAD first; a HEAD that is refused or lies (403, 404, 405,
501), or a content type that needs a look, is followed by a GET for the first few kilobytes only.
Every distinct URL is requested once per crawl (``FetchCache``); a link found broken is asked
again once at the end of the site (``confirm``) before it is reported.
"""

from __future__ import annotations

import asyncio
import re
import secrets
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import partial
from urllib.parse import urlsplit

from freshwatch.crawler.decode import looks_like_image, sniff_binary
from freshwatch.crawler.fetch import Fetcher, Mode
from freshwatch.crawler.retry import Attempt
from freshwatch.crawler.types import ErrorClass, Fetch
from freshwatch.detectors.links import ATTACHMENT_EXTENSIONS, IMAGE_EXTENSIONS
from freshwatch.detectors.page import Page, parse_page
from freshwatch.detectors.soft404 import (
    NotFoundPrint,
    dynamic_probe,
    learn_not_found,
    looks_like_challenge,
    matches_not_found,
    says_not_found,
    visible_blocks,
)
from freshwatch.detectors.types import LinkKind

__all__ = [
    "CheckResult",
    "FetchCache",
    "LinkChecker",
    "SiteContext",
    "learn_site_not_found",
    "status_error",
]

_HEAD_REFUSED = frozenset({403, 404, 405, 501})
_BLOCKING = frozenset({401, 403, 429})
_ERROR_PAGE_PATH = re.compile(
    r"/(404|40x|error|notfound|not[-_]found|page[-_]?not[-_]?found)(\.(s?html?|jsp|aspx?|php))?$", re.I
)
_TEXT_EXTENSIONS = frozenset({"txt", "csv"})


class FetchCache:
    """One request per distinct URL per crawl; a full GET also answers later HEAD-type questions.

    A fetch that succeeded is kept as its ``Attempt``, not as its task: a finished task still
    holds its coroutine, its context and a weak reference, kept for every URL of the crawl.

    Decoded texts are the heavy part, so a page's ``Attempt`` is kept for the whole crawl without
    its text and its first body bytes (``_Light``: status and headers still answer a HEAD-type
    question), and the whole ``Attempt`` only in a bounded store (``crawl.cached_texts``, most
    recently used kept) for what may want it again: a redirect landing on a page already read, a
    page another site links to, a data URL read twice; the registered homes and column pages
    (``entry_pages``) are kept for the whole crawl.  A site's other pages are dropped when the site
    ends (``forget``).  A text no longer held is fetched again when asked for.
    """

    def __init__(self, fetcher: Fetcher, *, entry_pages: frozenset[str] = frozenset()) -> None:
        self.fetcher = fetcher
        self._entries: dict[str, dict[Mode, asyncio.Task[Attempt] | Attempt | _Light]] = {}
        self._texts: OrderedDict[str, Attempt] = OrderedDict()
        self._room = fetcher.settings.cached_texts
        # the registered homes and column pages: what other sites link to and own links redirect
        # to (``/index.html -> /``); a few per site, kept for the whole crawl
        self._entry_pages = entry_pages
        self._pinned: dict[str, Attempt] = {}

    async def get(self, url: str, mode: Mode, *, external: bool = False) -> Attempt:
        entries = self._entries.setdefault(url, {})
        entry = self._lookup(url, entries, mode)
        if isinstance(entry, Attempt):
            return entry
        if entry is None:
            entry = asyncio.ensure_future(
                self.fetcher.fetch(url, mode=mode, external=external, reuse=self.done)
            )
            entries[mode] = entry
            entry.add_done_callback(partial(self._settle, url, entries, mode))
        return await asyncio.shield(entry)

    def done(self, url: str, mode: Mode) -> Attempt | None:
        """A finished fetch of ``url`` that answers a ``mode`` question, if the crawl has one."""
        entry = self._lookup(url, self._entries.get(url, {}), mode)
        if entry is None or isinstance(entry, Attempt):
            return entry
        if not entry.done() or entry.cancelled() or entry.exception() is not None:
            return None
        return entry.result()

    def forget(self, urls: Iterable[str]) -> None:
        """Drop what a finished site's pages left here, so the cache follows the sites in flight.

        A page asked for again later (linked from another site) is requested again, unless it
        is an entry page or still in the bounded store.
        """
        for url in urls:
            self._texts.pop(url, None)
            self._entries.pop(url, None)

    def _lookup(
        self, url: str, entries: dict[Mode, asyncio.Task[Attempt] | Attempt | _Light], mode: Mode
    ) -> asyncio.Task[Attempt] | Attempt | None:
        for key in ("text", mode):
            entry = entries.get(key)
            if entry is not None and not isinstance(entry, _Light):
                return entry
        held = self._pinned.get(url) or self._texts.get(url)
        if held is not None:
            if url in self._texts:
                self._texts.move_to_end(url)
            return held
        light = entries.get("text")
        if mode == "head" and isinstance(light, _Light):
            return light.attempt  # status and headers answer a HEAD-type question
        return None

    def _hold(self, url: str, attempt: Attempt) -> None:
        if self._room:
            self._texts[url] = attempt
            self._texts.move_to_end(url)
            if len(self._texts) > self._room:
                self._texts.popitem(last=False)

    def _settle(
        self,
        url: str,
        entries: dict[Mode, asyncio.Task[Attempt] | Attempt | _Light],
        mode: Mode,
        task: asyncio.Task[Attempt],
    ) -> None:
        if task.cancelled() or task.exception() is not None or entries.get(mode) is not task:
            return
        attempt = task.result()
        if attempt.fetch.text is None:
            entries[mode] = attempt
            return
        entries[mode] = _Light(replace(attempt, fetch=replace(attempt.fetch, text=None), head=b""))
        if url in self._entry_pages:
            self._pinned[url] = attempt
        else:
            self._hold(url, attempt)


@dataclass(frozen=True, slots=True)
class _Light:
    """A text fetch without its text: enough to answer for the URL's status and headers."""

    attempt: Attempt


@dataclass(frozen=True, slots=True)
class SiteContext:
    """What a site taught us once: its hosts, its home, and its not-found page."""

    home: str
    hosts: frozenset[str]
    not_found: NotFoundPrint | None = None
    not_found_redirected: bool = False


@dataclass(frozen=True, slots=True)
class CheckResult:
    """One URL's verdict, shared by every page (and site) that links to it."""

    url: str
    kind: LinkKind
    status: int | None
    error: ErrorClass | None
    detail: str
    fetch: Fetch
    page: Page | None = None  # the parsed page when the body was HTML, for link extraction

    @property
    def broken(self) -> bool:
        return self.error is not None and self.error is not ErrorClass.blocked

    def without_page(self) -> CheckResult:
        """This verdict without its parsed tree and text: what is kept once the page's links are read.

        A lexbor tree costs about 130 KB whatever the page's size; kept for every page, the trees
        were nearly all of a crawl's memory, and the decoded texts the next largest part.
        """
        if self.page is None and self.fetch.text is None:
            return self
        return replace(self, page=None, fetch=replace(self.fetch, text=None))


def _extension(url: str) -> str:
    path = urlsplit(url).path
    return path.rsplit(".", 1)[-1].lower() if "." in path.rsplit("/", 1)[-1] else ""


class LinkChecker:
    """Turns a URL and what it is expected to be into a ``CheckResult``."""

    def __init__(self, cache: FetchCache) -> None:
        self.cache = cache
        # what each dynamic article script (ShowArticle.asp?ArticleID=) answers for an ID that can't exist
        self._scripts: dict[str, asyncio.Task[NotFoundPrint | None]] = {}

    async def check(self, url: str, kind: LinkKind, site: SiteContext, *, fresh: bool = False) -> CheckResult:
        extension = _extension(url)
        external = kind is LinkKind.external
        if kind is LinkKind.image or extension in IMAGE_EXTENSIONS:
            return await self._binary(url, kind, external, fresh, image=True)
        if kind is LinkKind.attachment or extension in ATTACHMENT_EXTENSIONS:
            return await self._binary(url, kind, external, fresh, image=False)
        return await self._page(url, kind, site, external, fresh)

    async def _get(self, url: str, mode: Mode, external: bool, fresh: bool) -> Attempt:
        if fresh:
            return await self.cache.fetcher.fetch(url, mode=mode, external=external)
        return await self.cache.get(url, mode, external=external)

    async def _page(
        self, url: str, kind: LinkKind, site: SiteContext, external: bool, fresh: bool
    ) -> CheckResult:
        fetch = (await self._get(url, "text", external, fresh)).fetch
        failed = _failure(fetch)
        if failed is not None:
            return CheckResult(url, kind, fetch.status, failed[0], failed[1], fetch)
        page = parse_page(fetch.text, fetch.final_url) if fetch.text else None
        if page is not None:
            verdict = _page_verdict(page, fetch, site, own_site=not external)
            if verdict is None and not external:
                verdict = await self._missing_article(url, page, site)
            if verdict is not None:
                return CheckResult(url, kind, fetch.status, verdict[0], verdict[1], fetch, page)
        elif fetch.redirects and _redirected_to_error(fetch, site):
            return CheckResult(url, kind, fetch.status, ErrorClass.redirect_to_error, fetch.final_url, fetch)
        return CheckResult(url, kind, fetch.status, None, fetch.detail, fetch, page)

    async def _missing_article(
        self, url: str, page: Page, site: SiteContext
    ) -> tuple[ErrorClass, str] | None:
        """A dynamic article URL answering 200 with what its script shows for an ID that cannot exist."""
        probe = dynamic_probe(url)
        if probe is None or probe[1] == url:
            return None
        key, probe_url = probe
        task = self._scripts.get(key)
        if task is None:
            task = asyncio.ensure_future(self._learn_script(probe_url, site))
            self._scripts[key] = task
        fingerprint = await asyncio.shield(task)
        if fingerprint is not None and matches_not_found(page, fingerprint):
            return ErrorClass.soft_404, f"answered like {key} does for an article ID that cannot exist"
        return None

    async def _learn_script(self, probe_url: str, site: SiteContext) -> NotFoundPrint | None:
        fetch = (await self.cache.get(probe_url, "text")).fetch
        if fetch.text is None or _failure(fetch) is not None:
            return None  # a missing ID gets a real error status: a real error status finds it
        chrome = site.not_found.chrome if site.not_found is not None else None
        return learn_not_found(
            parse_page(fetch.text, fetch.final_url), final_url=fetch.final_url, home=None, chrome=chrome
        )

    async def _binary(
        self, url: str, kind: LinkKind, external: bool, fresh: bool, *, image: bool
    ) -> CheckResult:
        # a confirmation asks with GET straight away: HEAD already failed once on this URL
        attempt = await self._get(url, "peek" if fresh else "head", external, fresh)
        if (
            not attempt.head
            and not fresh
            and (attempt.fetch.status in _HEAD_REFUSED or _needs_look(attempt.fetch, image=image))
        ):
            attempt = await self._get(url, "peek", external, fresh)
        fetch = attempt.fetch
        failed = _failure(fetch)
        if failed is not None:
            return CheckResult(url, kind, fetch.status, failed[0], failed[1], fetch)
        if attempt.head and not _content_fits(attempt.head, url, image=image):
            what = "an image" if image else "an attachment"
            detail = f"{what} that answers with {fetch.content_type or 'unlabelled'} content that is not one"
            return CheckResult(url, kind, fetch.status, ErrorClass.bad_content, detail, fetch)
        return CheckResult(url, kind, fetch.status, None, "", fetch)

    async def confirm(self, result: CheckResult, site: SiteContext) -> CheckResult:
        """Ask again once the crawl's load is gone; only a second failure is reported."""
        again = await self.check(result.url, result.kind, site, fresh=True)
        if again.error is None:
            return again
        return replace(again, detail=again.detail or result.detail)


def status_error(status: int) -> ErrorClass | None:
    """The error class of a final HTTP status (after retries), None for a working answer."""
    if status in _BLOCKING:
        return ErrorClass.blocked
    if status == 416:
        return None  # the Range asked past the end of an empty file: the file exists
    if 400 <= status < 500:
        return ErrorClass.http_4xx
    if status >= 500:
        return ErrorClass.http_5xx
    return None


def _failure(fetch: Fetch) -> tuple[ErrorClass, str] | None:
    if fetch.error is not None:
        return fetch.error, fetch.detail
    error = status_error(fetch.status or 0)
    if error is None:
        return None
    if error is ErrorClass.blocked:
        return error, f"HTTP {fetch.status} persisted after retries"
    return error, f"HTTP {fetch.status}"


def _page_verdict(
    page: Page, fetch: Fetch, site: SiteContext, *, own_site: bool
) -> tuple[ErrorClass, str] | None:
    blocks = visible_blocks(page)  # walked once, read by every rule below
    if looks_like_challenge(page, blocks):
        return ErrorClass.blocked, "a bot wall or WAF challenge page instead of the content"
    if fetch.redirects and _redirected_to_error(fetch, site):
        return ErrorClass.redirect_to_error, f"redirected to the error page {fetch.final_url}"
    if says_not_found(page, blocks):
        return ErrorClass.soft_404, f"answered {fetch.status} with a not-found page: {page.title[:60]}"
    if own_site and site.not_found is not None and matches_not_found(page, site.not_found, blocks):
        return ErrorClass.soft_404, "answered with the site's own not-found page"
    return None


def _redirected_to_error(fetch: Fetch, site: SiteContext) -> bool:
    final = fetch.final_url
    if site.not_found is not None and site.not_found_redirected and final == site.not_found.final_url:
        return final.rstrip("/") != site.home.rstrip("/")
    return bool(_ERROR_PAGE_PATH.search(urlsplit(final).path))


def _needs_look(fetch: Fetch, *, image: bool) -> bool:
    if not fetch.ok or fetch.status is None or fetch.status >= 300:
        return False
    content_type = fetch.content_type.lower()
    if image:
        return not content_type.startswith("image/")
    return "html" in content_type or not content_type


def _content_fits(head: bytes, url: str, *, image: bool) -> bool:
    if image:
        return looks_like_image(head)
    if _extension(url) in _TEXT_EXTENSIONS or sniff_binary(head):
        return True
    start = head.lstrip()[:512].lower()
    return not (start.startswith((b"<!doctype html", b"<html", b"<head", b"<body")) or b"<html" in start)


async def learn_site_not_found(
    fetcher: Fetcher, home: str, home_page: Page | None
) -> tuple[NotFoundPrint | None, bool]:
    """Ask the site once for a URL that can't exist; its answer is the site's not-found page.

    Returns the fingerprint (None when the answer had no readable body) and whether the site
    redirected there, which makes a redirect to that URL a ``redirect_to_error``.
    """
    parts = urlsplit(home)
    probe = f"{parts.scheme}://{parts.netloc}/freshwatch-{secrets.token_hex(6)}-notfound.html"
    fetch = (await fetcher.fetch(probe, mode="text")).fetch
    if fetch.text is None:
        return None, bool(fetch.redirects)
    page = parse_page(fetch.text, fetch.final_url)
    return learn_not_found(page, final_url=fetch.final_url, home=home_page), bool(fetch.redirects)

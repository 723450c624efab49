"""The closed vocabularies every layer shares: what a list read concluded, what a link is, why it failed.

They sit at the bottom (this module imports nothing of freshwatch) so that the crawler, storage,
scoring and the shell name the same things with the same values instead of re-typing them as
strings.  Values are stored in the database as they are: never rename a member's value.
"""

from __future__ import annotations

from enum import StrEnum


class ListVerdict(StrEnum):
    """What one crawl concluded about a column's list."""

    ok = "ok"  # items with dates were read
    blank = "blank"  # the list is empty (暂无信息, empty container)
    undated = "undated"  # items were found but none carries a date anywhere
    unreadable = "unreadable"  # a JS shell, a challenge page, or nothing list-like at all
    unreachable = "unreachable"  # the list page could not be fetched (set by the crawl, never a detector)


class LinkKind(StrEnum):
    page = "page"
    attachment = "attachment"
    image = "image"
    external = "external"


class ErrorClass(StrEnum):
    """Error classes a webmaster can act on (lychee's Status, in freshwatch's words)."""

    http_4xx = "http_4xx"
    http_5xx = "http_5xx"
    timeout = "timeout"
    dns = "dns"
    connect = "connect"
    tls = "tls"
    soft_404 = "soft_404"
    redirect_loop = "redirect_loop"
    too_many_redirects = "too_many_redirects"
    redirect_to_error = "redirect_to_error"
    too_large = "too_large"
    private_address = "private_address"
    bad_content = "bad_content"
    blocked = "blocked"  # 401/403/429 that persist, WAF challenge: suspected, not deducted
    invalid_url = "invalid_url"  # a link no client can request (100 KB long, bad host, non-HTTP target)


__all__ = ["ErrorClass", "LinkKind", "ListVerdict"]

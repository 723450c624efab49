"""The daily digest: gather a day's findings, compose one digest per unit and one for the office,
render them in Chinese, and send each exactly once."""

from __future__ import annotations

from freshwatch.notify.digest.compose import compose_digests
from freshwatch.notify.digest.model import Digest, SiteOutage
from freshwatch.notify.digest.render import RenderedDigest, render_digest
from freshwatch.notify.digest.send import Delivery, DigestOutcome, run_digest

__all__ = [
    "Delivery",
    "Digest",
    "DigestOutcome",
    "RenderedDigest",
    "SiteOutage",
    "compose_digests",
    "render_digest",
    "run_digest",
]

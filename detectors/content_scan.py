"""One page's content checks, with the matchers built once per crawl.

``ContentScanner`` is what the crawler's hook holds: personal data and wording over a page's title
and main text (or an attachment's text), and the small facts the interpretation and consultation
checks read later (references, links, closing day).
"""

from __future__ import annotations

from dataclasses import dataclass

from freshwatch.detectors.consultation import closing_day, is_consultation_title
from freshwatch.detectors.content_types import ContentFinding, PageContent, PageFacts
from freshwatch.detectors.interpretation import is_interpretation_title
from freshwatch.detectors.main_text import main_links, main_text
from freshwatch.detectors.page import Page
from freshwatch.detectors.privacy import PrivacyRules, mask_personal_data
from freshwatch.detectors.titles import references
from freshwatch.detectors.wording_checks import WordingMatcher

__all__ = ["ContentScanner"]


@dataclass(frozen=True, slots=True)
class ContentScanner:
    privacy: PrivacyRules
    wording: WordingMatcher

    def scan_text(self, text: str, url: str) -> list[ContentFinding]:
        """Personal data and wording in a piece of text (a page's, an attachment's)."""
        masked, personal = mask_personal_data(text, url, self.privacy)
        return [*personal, *self.wording.scan(masked, url)]

    def scan_page(self, page: Page) -> PageContent:
        title = page.title
        text = main_text(page)
        whole = f"{title}\n{text}" if title and title not in text else text
        findings = self.scan_text(whole, page.url)
        interpretation = is_interpretation_title(title)
        consultation = is_consultation_title(title) or "征求意见" in text
        facts = PageFacts(
            url=page.url,
            title=title,
            references=references(whole) if (interpretation or consultation) else (),
            links=main_links(page) if interpretation else (),
            closing=closing_day(text) if consultation else None,
        )
        return PageContent(tuple(findings), facts)

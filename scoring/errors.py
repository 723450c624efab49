"""What scoring can't compute from the inputs it was handed, as facts for the shell to word."""

from __future__ import annotations

from datetime import date

from freshwatch.errors import FreshwatchError


class ScoringError(FreshwatchError):
    """Scoring was asked for something its inputs can't answer."""


class NoRulebookInForce(ScoringError):
    def __init__(self, day: date, what: str, configured: tuple[str, ...]) -> None:
        self.day, self.what, self.configured = day, what, configured
        super().__init__(f"no rulebook in force on {day} ({what}); configured: {', '.join(configured)}")


class MixedYears(ScoringError):
    def __init__(self, years: tuple[int, ...]) -> None:
        self.years = years
        super().__init__(f"an annual result needs quarters of one year, got {years}")


__all__ = ["MixedYears", "NoRulebookInForce", "ScoringError"]

"""Arithmetic shared by every summary: ratings (evaluations) and survey answers (municipalities)."""

from decimal import Decimal


def mean(scores: list[int]) -> Decimal | None:
    """The exact mean of 1–5 scores; ``None`` when there are none (shown as empty, not 0)."""
    if not scores:
        return None
    return Decimal(sum(scores)) / Decimal(len(scores))


def distribution(scores: list[int]) -> dict[int, int]:
    """How many times each score occurs, 5 first, as the report's charts read it."""
    return {score: scores.count(score) for score in range(5, 0, -1)}

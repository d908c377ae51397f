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


def share_at_least(scores: list[int], threshold: int) -> Decimal | None:
    """The percentage of ``scores`` at or above ``threshold``; ``None`` when there are none."""
    if not scores:
        return None
    return Decimal(100 * sum(1 for score in scores if score >= threshold)) / Decimal(len(scores))


def nps(scores: list[int]) -> Decimal | None:
    """Net promoter score of 0–10 answers: the percentage of promoters (9–10) minus that of
    detractors (0–6), in percentage points from −100 to 100; ``None`` when there are none."""
    if not scores:
        return None
    promoters = sum(1 for score in scores if score >= 9)
    detractors = sum(1 for score in scores if score <= 6)
    return Decimal(100 * (promoters - detractors)) / Decimal(len(scores))

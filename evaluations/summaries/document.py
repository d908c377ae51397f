"""The evaluation document as data: its story and the figures it prints, beside the computed ones.

Read by the report (``report_context`` adds ``document_context``) and by the round and strategy
pages. Everything here is data (``RoundText``, ``PublishedFigure``, editable in the admin); the
figures computed from the ratings come from ``evaluations.summaries.ratings``.
"""

from collections import defaultdict

from evaluations.models import EvaluationRound, FigurePlace, RoundText, RoundTextKind
from evaluations.summaries import ratings as selectors


def round_text_map(*, round: EvaluationRound) -> dict[str, list[RoundText]]:
    """The round's texts by kind, in order (one query)."""
    texts = defaultdict(list)
    for text in RoundText.objects.filter(round=round).order_by("kind", "order", "pk"):
        texts[text.kind].append(text)
    return texts


def document_context(
    *, round: EvaluationRound, precomputed: selectors.Precomputed | None = None
) -> dict:
    """The story, the published figures with their computed values, and the watch list.

    Queries: texts (1), figures (1, or 5 without ``precomputed`` summaries), ratings (2)."""
    texts = round_text_map(round=round)
    figures = selectors.published_figure_list(round=round, precomputed=precomputed)
    by_place = defaultdict(list)
    for comparison in figures:
        by_place[comparison.figure.place].append(comparison)
    strongest, watch = selectors.rating_extremes(round=round)
    return {
        "story_starting_points": texts[RoundTextKind.STARTING_POINTS],
        "story_timeline": texts[RoundTextKind.TIMELINE],
        "story_evaluated": texts[RoundTextKind.EVALUATED],
        "story_vision": texts[RoundTextKind.VISION],
        "survey_summaries": texts[RoundTextKind.SURVEY_SUMMARY],
        "evaluated_figures": by_place[FigurePlace.EVALUATED],
        "summary_figures": by_place[FigurePlace.SUMMARY],
        "survey_figures": by_place[FigurePlace.SURVEY],
        "survey_overview_figures": by_place[FigurePlace.SURVEY_OVERVIEW],
        "figure_differences": [c for c in figures if c.differs or c.not_recorded],
        "watch_list": watch,
        "strongest_list": strongest,
    }

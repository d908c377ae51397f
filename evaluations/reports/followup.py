"""The follow-up report of a follow-up round ("Strategian seurantaraportti") as a PDF.

The same machinery as the evaluation summary (``evaluations/reports/evaluation.py``): Django
templates (``templates/evaluations/followup_report/``, which include the summary's stylesheet)
rendered in an explicit language, WeasyPrint's tagged PDF/UA through ``report.html_to_pdf``, and
a cache keyed by the content generation. Per strategy a chapter, per followed goal (change
promise) a part: the actions by status, the delayed actions with their explanations, every
action's status, and the indicators' charts against their target paths with their figures as
tables. Only public data: approved updates of published follow-up rounds up to the round's
period. A practice round's report says so on its cover and at the top of every page."""

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.text import slugify

from evaluations.followup import public as progress
from evaluations.models import EvaluationRound, RoundKind
from evaluations.reports import evaluation as report
from luvn.content_generation import content_generation
from luvn.render_once import rendered_once

logger = logging.getLogger(__name__)

TEMPLATE = "evaluations/followup_report/report.html"


def followup_report_context(*, round: EvaluationRound) -> dict:
    """Everything the report shows: a constant number of queries (``goals_progress``)."""
    strategies = list(round.strategies.all())
    goals = progress.followed_goals()
    if strategies:
        goals = goals.filter(section__strategy__in=strategies)
    goals = list(goals)
    by_goal = progress.goals_progress(goals=goals, up_to=round)
    chapters: dict[int, dict] = {}
    for goal in goals:
        strategy = goal.section.strategy
        chapter = chapters.setdefault(
            strategy.pk, {"strategy": strategy, "goals": [], "number": len(chapters) + 1}
        )
        chapter["goals"].append(by_goal[goal.pk])
    chapters_list = list(chapters.values())
    return {
        "round": round,
        "chapters": chapters_list,
        "is_practice": round.is_practice
        or any(p.is_practice for chapter in chapters_list for p in chapter["goals"]),
        "language": translation.get_language(),
        "page_counter_css": report.page_counter_css(),
        "continued_css": report.continued_css(),
        "practice_css": report.css_string(translation.gettext("PRACTICE DATA")),
    }


def followup_report_html(*, round: EvaluationRound, language: str) -> str:
    report._check_language(language)
    with translation.override(language):
        # Texts only in Finnish are counted per part and noted once (as in the summary).
        tally = report.LanguageTally()
        context = followup_report_context(round=round)
        context["language_tally"] = tally
        return tally.fill(render_to_string(TEMPLATE, context))


def followup_report_pdf(*, round: EvaluationRound, language: str) -> bytes:
    start = time.perf_counter()
    pdf = report.html_to_pdf(followup_report_html(round=round, language=language))
    logger.info(
        "Rendered the follow-up report of %s in %s: %d KiB in %.1f s.",
        round.key,
        language,
        len(pdf) // 1024,
        time.perf_counter() - start,
    )
    return pdf


def followup_report_filename(*, round: EvaluationRound, language: str) -> str:
    with translation.override(language):
        name = slugify(translation.gettext("follow-up report"))
    return f"{name}-{round.key}-{language}.pdf"


def followup_report_cache_key(*, round: EvaluationRound, language: str) -> str:
    return f"evaluations:followup-report:{round.pk}:{language}:{content_generation()}"


def followup_report_pdf_cached(
    *, round: EvaluationRound, language: str, wait: float | None = None
) -> bytes:
    """``followup_report_pdf`` through the cache and the one-render lock, like the evaluation
    summary's (``report.report_pdf_cached``); raises ``NotReady`` the same way."""
    report._check_language(language)
    return rendered_once(
        key=followup_report_cache_key(round=round, language=language),
        render=lambda: followup_report_pdf(round=round, language=language),
        timeout=report.CACHE_TIMEOUT,
        wait=wait,
    )


@dataclass(frozen=True)
class RoundReport:
    """The report functions of a round's kind: the evaluation summary or the follow-up report."""

    pdf_cached: Callable[..., bytes]
    filename: Callable[..., str]
    cache_key: Callable[..., str]


def round_report(round: EvaluationRound) -> RoundReport:
    if round.kind == RoundKind.FOLLOW_UP:
        return RoundReport(
            followup_report_pdf_cached, followup_report_filename, followup_report_cache_key
        )
    return RoundReport(report.report_pdf_cached, report.report_filename, report.report_cache_key)

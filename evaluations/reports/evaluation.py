"""The evaluation summary report ("Strategioiden arvioinnin yhteenveto") as a PDF.

The report follows the county's evaluation summary of 17.1.2025: a cover, a table of contents,
1 the summary of the strategy period, 2 the common goals, 3 the service-line goals with their
highlights and development themes, 4 the rescue service level decision, 5 the cooperation with
the municipalities (and the stakeholder survey). ``report_context`` gathers the data through the
selectors in a constant number of queries (not one per goal); ``report_html`` renders the Django
templates in ``templates/evaluations/report/``; ``report_pdf`` hands the HTML to WeasyPrint.
``report_pdf_cached`` serves an unchanged round's PDF from Django's cache.

Which part of the report a section belongs to follows from the data, not from keys: goals of a
rescue service level decision form chapter 4, goals under a service area chapter 3, every other
goal-holding section (strategic lines, goal groups, …) chapter 2.
"""

import functools
import logging
import re
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst, slugify

from evaluations.followup import public as progress
from evaluations.models import EvaluationRound, Finding, FindingKind, Rating, Score
from evaluations.summaries import ratings as selectors
from evaluations.summaries.document import document_context
from evaluations.summaries.ratings import RatingSummary
from luvn.content_generation import content_generation
from luvn.render_once import rendered_once
from luvn.translation import localized
from luvn.translation_sources import translation_outdated_mark
from municipalities import selectors as survey_selectors
from municipalities.models import Survey, SurveyKind, SurveyResponse, SurveyScore
from strategy import selectors as strategy_selectors
from strategy.models import Goal, GoalLabel, Section, SectionKind, Strategy, StrategyKind, SubGoal

logger = logging.getLogger(__name__)

TEMPLATE = "evaluations/report/report.html"


def languages() -> list[str]:
    """The report's languages: the site's (read when needed, not at import)."""
    return [code for code, _name in settings.LANGUAGES]


# --- The report's building blocks --------------------------------------------------------------


@dataclass
class GoalEntry:
    """One goal of a goal table, with its sub-goals."""

    goal: Goal
    rating: Rating | None
    # Sub-goals without a rating of their own are listed with the goal; those rated on their
    # own (e.g. the procurement strategy's) get rows of their own under it.
    listed_sub_goals: list[SubGoal] = field(default_factory=list)
    rated_sub_goals: list[tuple[SubGoal, Rating | None]] = field(default_factory=list)
    # The goal's follow-up during the term (``followup.public.GoalProgress``), if followed.
    evidence: object = None


@dataclass
class GoalGroup:
    """A section that holds goals (a strategic line, goal group, service line, plan, …)."""

    section: Section
    strategy: Strategy
    summary: RatingSummary
    entries: list[GoalEntry]
    highlights: list[Finding] = field(default_factory=list)
    development_themes: list[Finding] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"group-{self.section.pk}"

    @property
    def caption(self) -> str:
        """The goal table's heading as plain text (its caption on the pages it continues on)."""
        number = f"{self.section.number} " if self.section.number else ""
        title = localized(self.section, "title").text
        return f"{capfirst(self.section.get_kind_display())}: {number}{title}"

    @property
    def has_numbers(self) -> bool:
        return any(
            entry.goal.number or any(sub.number for sub, _rating in entry.rated_sub_goals)
            for entry in self.entries
        )

    @property
    def has_sub_goal_column(self) -> bool:
        return any(entry.listed_sub_goals for entry in self.entries)

    @property
    def has_achieved(self) -> bool:
        return any(self.summary.achieved.values())

    @property
    def goal_label(self) -> str:
        return self.strategy.get_goal_label_display()

    @property
    def sub_goal_label(self) -> str:
        # A guideline's sub-items are what the rescue decision calls its goals.
        if self.strategy.goal_label == GoalLabel.GUIDELINE:
            return translation.gettext("Goals")
        return translation.gettext("Sub-goals")


@dataclass
class StrategyPart:
    """One strategy's goal groups within a chapter (chapter 2: its common goals)."""

    strategy: Strategy
    groups: list[GoalGroup]
    summary: RatingSummary
    findings: list[Finding] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"strategy-{self.strategy.pk}"

    @property
    def has_achieved(self) -> bool:
        return any(group.has_achieved for group in self.groups)


@dataclass
class AreaPart:
    """A service area (chapter 3) or the rescue department (chapter 4) with its goal groups."""

    strategy: Strategy
    section: Section
    summary: RatingSummary
    groups: list[GoalGroup]
    highlights: list[Finding] = field(default_factory=list)
    development_themes: list[Finding] = field(default_factory=list)
    # Chapter 4: per goal (guideline) its own rating and sub-goal count.
    goal_summaries: list[tuple[Goal, RatingSummary]] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"area-{self.section.pk}"

    @property
    def has_achieved(self) -> bool:
        return any(group.has_achieved for group in self.groups)


@dataclass
class SurveyPart:
    results: survey_selectors.SurveyResults
    highlights: list[Finding] = field(default_factory=list)
    to_improve: list[Finding] = field(default_factory=list)
    quotes: list[Finding] = field(default_factory=list)
    # The language each municipality answered in (SurveyResponse.language), for ``lang``.
    answer_languages: dict[int, str] = field(default_factory=dict)

    @property
    def survey(self) -> Survey:
        return self.results.survey

    @property
    def anchor(self) -> str:
        return f"survey-{self.survey.pk}"

    @property
    def scale_themes(self):
        """Themes with scale questions or a published mean, for the means tables: each with
        its questions and whether its table shows a published mean (and explains the mark)."""
        themes = []
        for theme in self.results.themes:
            # 1–5 ratings only: 0–10 and choice questions have tables of their own
            # (templates/evaluations/report/_survey_answers.html).
            questions = [q for q in theme.questions if q.question.kind == "scale"]
            if questions or theme.mean is not None:
                has_published = theme.mean_is_published or any(
                    q.mean_is_published for q in questions
                )
                themes.append((theme, questions, has_published))
        return themes

    @property
    def open_answers(self):
        return [
            (result, municipality, text, self.answer_languages.get(getattr(municipality, "pk", 0)))
            for theme in self.results.themes
            for result in theme.questions
            for municipality, text in result.open_answers
        ]

    @property
    def has_answer_counts(self) -> bool:
        return any(q.n for theme in self.results.themes for q in theme.questions)

    @property
    def has_published_means(self) -> bool:
        return any(
            theme.mean_is_published or any(q.mean_is_published for q in theme.questions)
            for theme in self.results.themes
        )


@dataclass
class Chapter:
    number: int
    key: str
    title: str

    @property
    def anchor(self) -> str:
        return f"chapter-{self.key}"


def merge_summaries(summaries: Iterable[RatingSummary]) -> RatingSummary:
    """One summary over disjoint groups, e.g. a strategy's common goals: the item-level scores
    and achieved counts of the groups' selector summaries taken together."""
    merged = RatingSummary()
    for summary in summaries:
        merged.goal_count += summary.goal_count
        merged.sub_goal_count += summary.sub_goal_count
        merged.scores.extend(summary.scores)
        merged.tentative_count += summary.tentative_count
        merged.parents_not_counted += summary.parents_not_counted
        for status, count in summary.achieved.items():
            merged.achieved[status] += count
    return merged


# --- Gathering the data --------------------------------------------------------------------------


def report_context(*, round: EvaluationRound) -> dict:
    """Everything the report template shows, in a constant number of queries.

    Queries: the round's strategies (1), their sections, goals and sub-goals (3), the
    summaries of all of them (4, ``section_summaries``), the ratings of all goals (1), the rescue
    guidelines' summaries (2), the findings (1), the surveys (1) and per survey its results
    (``survey_results``). None of it grows with the number of goals.
    """
    strategies = list(round.strategies.all())
    outline = strategy_selectors.section_outline(strategies=strategies, with_goals=True)
    sections = [node.section for node in outline]
    section_by_id = {section.pk: section for section in sections}

    goal_totals = {}
    summaries, totals = selectors.section_summaries(
        round=round, strategies=strategies, goals_out=goal_totals
    )

    goals = [goal for section in sections for goal in section.goals.all()]
    ratings = selectors.rating_map(round=round, goals=goals)
    # Beside each rating, the evidence of the term's follow-up (public data only).
    evidence = progress.goals_progress(goals=goals)
    # Swedish texts saved against an older Finnish are marked "may be outdated" (one query).
    translation_outdated_mark(
        objects=[
            *sections,
            *goals,
            *(sub for goal in goals for sub in goal.sub_goals.all()),
            *ratings.values(),
        ]
    )

    def ancestors(section):
        while section.parent_id is not None:
            section = section_by_id[section.parent_id]
            yield section

    def make_group(section) -> GoalGroup:
        entries = []
        for goal in section.goals.all():
            entry = GoalEntry(goal=goal, rating=ratings.get(("goal", goal.pk)))
            if evidence[goal.pk].is_followed:
                entry.evidence = evidence[goal.pk]
            for sub_goal in goal.sub_goals.all():
                if sub_goal.is_rated:
                    entry.rated_sub_goals.append((sub_goal, ratings.get(("sub", sub_goal.pk))))
                else:
                    entry.listed_sub_goals.append(sub_goal)
            entries.append(entry)
        return GoalGroup(
            section=section,
            strategy=section.strategy,
            summary=summaries[section.pk],
            entries=entries,
        )

    common_parts: list[StrategyPart] = []
    area_parts: list[AreaPart] = []
    rescue_parts: list[AreaPart] = []
    targets = {}  # section id → the group or area its findings are shown with
    for strategy in strategies:
        ordered = [section for section in sections if section.strategy_id == strategy.pk]
        is_rescue = strategy.kind == StrategyKind.RESCUE_SERVICE_LEVEL
        common_groups = []
        areas: dict[int, AreaPart] = {}
        for section in ordered:
            area = next(
                (s for s in [section, *ancestors(section)] if s.kind == SectionKind.SERVICE_AREA),
                None,
            )
            if area is not None and area.pk not in areas:
                part = AreaPart(
                    strategy=strategy, section=area, summary=summaries[area.pk], groups=[]
                )
                areas[area.pk] = part
                targets[area.pk] = part
            if not section.goals.all():
                continue
            group = make_group(section)
            if area is not None:
                areas[area.pk].groups.append(group)
            elif is_rescue:
                # A rescue decision without service areas: its goal groups are its areas.
                part = AreaPart(
                    strategy=strategy, section=section, summary=group.summary, groups=[group]
                )
                areas[section.pk] = part
                targets[section.pk] = part
            else:
                common_groups.append(group)
                targets[section.pk] = group
        parts = [part for part in areas.values() if part.groups]
        (rescue_parts if is_rescue else area_parts).extend(parts)
        if common_groups:
            common_parts.append(
                StrategyPart(
                    strategy=strategy,
                    groups=common_groups,
                    summary=merge_summaries(
                        group.summary
                        for group in common_groups
                        # A group inside another group is already in its subtree summary.
                        if not any(a.pk in targets for a in ancestors(group.section))
                    ),
                )
            )

    if rescue_parts:
        guidelines = [
            goal for part in rescue_parts for g in part.groups for goal in g.section.goals.all()
        ]
        guideline_summaries = selectors.goal_summaries(round=round, goals=guidelines)
        for part in rescue_parts:
            part.goal_summaries = [
                (goal, guideline_summaries[goal.pk])
                for group in part.groups
                for goal in group.section.goals.all()
            ]

    # Findings: with their section's group or area; the stakeholder survey's with the survey.
    # (A stakeholder survey's findings are shown with the survey; without one they are left out.)
    findings = list(selectors.finding_list(round=round))
    stakeholder = survey_selectors.stakeholder_findings(findings=findings)
    stakeholder_ids = {finding.pk for finding in stakeholder.all}
    overall_keep, overall_develop, period_highlights, period_themes = [], [], [], []
    for finding in findings:
        if finding.pk in stakeholder_ids:
            continue
        if finding.kind == FindingKind.MANAGERS_KEEP:
            overall_keep.append(finding)
            continue
        if finding.kind == FindingKind.MANAGERS_DEVELOP:
            overall_develop.append(finding)
            continue
        target = None
        section = section_by_id.get(finding.section_id)
        for candidate in [section, *ancestors(section)] if section else []:
            target = targets.get(candidate.pk)
            if target is not None:
                break
        if target is None:
            # Findings on the strategy or the round as a whole: the summary chapter.
            target_list = (
                period_highlights if finding.kind == FindingKind.HIGHLIGHT else period_themes
            )
        elif finding.kind == FindingKind.HIGHLIGHT:
            target_list = target.highlights
        else:
            target_list = target.development_themes
        target_list.append(finding)

    surveys = list(round.surveys.order_by("kind", "pk"))
    answer_languages = defaultdict(dict)
    for survey_id, municipality_id, language in SurveyResponse.objects.filter(
        survey__in=surveys, municipality__isnull=False
    ).values_list("survey_id", "municipality_id", "language"):
        answer_languages[survey_id][municipality_id] = language
    municipality_parts, stakeholder_parts = [], []
    for survey in surveys:
        part = SurveyPart(
            results=survey_selectors.survey_results(survey=survey, public=True),
            answer_languages=answer_languages[survey.pk],
        )
        if survey.kind == SurveyKind.MUNICIPALITY:
            municipality_parts.append(part)
        else:
            if not stakeholder_parts:
                part.highlights = stakeholder.successes
                part.to_improve = stakeholder.to_improve
                part.quotes = stakeholder.quotes
            stakeholder_parts.append(part)

    line_findings = [
        group
        for part in common_parts
        for group in part.groups
        if group.highlights or group.development_themes
    ]
    chapters = []

    def chapter(key, title):
        chapters.append(Chapter(number=len(chapters) + 1, key=key, title=title))
        return chapters[-1]

    # Chapter titles as in the summary of 17.1.2025.
    context = {
        "round": round,
        "strategies": [(strategy, totals[strategy.pk]) for strategy in strategies],
        "summary_chapter": chapter(
            "summary", translation.gettext("Summary of the strategy period")
        ),
        "line_findings": line_findings,
        "period_highlights": period_highlights,
        "period_themes": period_themes,
        "overall_keep": overall_keep,
        "overall_develop": overall_develop,
        "common_parts": common_parts,
        "area_parts": area_parts,
        "rescue_parts": rescue_parts,
        "municipality_parts": municipality_parts,
        "stakeholder_parts": stakeholder_parts,
        "score_choices": Score.choices,
        "survey_score_choices": SurveyScore.choices,
        "language": translation.get_language(),
        "page_counter_css": page_counter_css(),
        "continued_css": continued_css(),
    }
    if common_parts:
        context["common_chapter"] = chapter(
            "common", translation.gettext("Evaluation of the common goals")
        )
    if area_parts:
        context["area_chapter"] = chapter(
            "service-lines", translation.gettext("Evaluation of the service-line goals")
        )
    if rescue_parts:
        context["rescue_chapter"] = chapter(
            "rescue", translation.gettext("Evaluation of the rescue service level decision")
        )
    # The stakeholder survey is the rescue department's: in chapter 4 when there is one.
    if municipality_parts or (stakeholder_parts and not rescue_parts):
        context["cooperation_chapter"] = chapter(
            "cooperation",
            translation.gettext(
                "Evaluation of the cooperation between the wellbeing services county and the "
                "municipalities"
            ),
        )
    context["chapters"] = chapters
    # The document's story, its printed figures beside the computed ones, the watch list.
    precomputed = selectors.Precomputed(sections=summaries, totals=totals, goals=goal_totals)
    context.update(document_context(round=round, precomputed=precomputed))
    return context


class LanguageTally:
    """Counts, per section of a report being rendered, its texts and those shown in Finnish
    because the report's language has none (``rtr``), and writes each section's notice.

    ``start(key)`` leaves a mark where section ``key``'s notice goes; the texts counted until the
    next ``start`` are that section's. Once the report is rendered, ``fill(html)`` replaces each
    mark with the notice, or with nothing where the section has no Finnish-only texts. The mark
    ``ALL`` (the contents page) gets the general note when any section has one.
    """

    ALL = "all"
    _MARK = re.compile(r"<!--language-notice:([\w-]+)-->")

    def __init__(self):
        self.current = "front"
        self.texts: dict[str, int] = {}
        self.fallbacks: dict[str, int] = {}

    def start(self, key: str) -> str:
        if key != self.ALL:
            self.current = key
        return mark_safe(f"<!--language-notice:{key}-->")  # noqa: S308 -- key is [\w-]

    def count(self, *, is_fallback: bool) -> None:
        self.texts[self.current] = self.texts.get(self.current, 0) + 1
        if is_fallback:
            self.fallbacks[self.current] = self.fallbacks.get(self.current, 0) + 1

    def notice(self, key: str) -> str:
        if key == self.ALL:
            if not any(self.fallbacks.values()):
                return ""
            text = translation.gettext(
                "Texts that exist only in Finnish are shown in Finnish. Each section that has "
                "such texts says so at its start."
            )
            return format_html('<p class="toc-note">{}</p>', text)
        fallbacks, texts = self.fallbacks.get(key, 0), self.texts.get(key, 0)
        if not fallbacks:
            return ""
        if fallbacks == texts:
            text = translation.gettext(
                "The texts of this section exist only in Finnish and are shown in Finnish."
            )
        else:
            text = translation.gettext(
                "Some texts of this section (%(count)s of %(total)s) exist only in Finnish and "
                "are shown in Finnish."
            ) % {"count": fallbacks, "total": texts}
        return format_html('<p class="language-notice">{}</p>', text)

    def fill(self, html: str) -> str:
        return self._MARK.sub(lambda match: self.notice(match[1]), html)


def page_counter_css() -> str:
    """The footer's "sivu 3 / 40" as a CSS ``content`` value, from one translatable text."""
    marks = {"\x00page\x00": "counter(page)", "\x00pages\x00": "counter(pages)"}
    text = translation.gettext("page %(page)s / %(pages)s") % {
        "page": "\x00page\x00",
        "pages": "\x00pages\x00",
    }
    parts = []
    for piece in re.split("(\x00pages?\x00)", text):
        if piece in marks:
            parts.append(marks[piece])
        elif piece:
            parts.append(css_string(piece))
    return mark_safe(" ".join(parts))  # noqa: S308 -- built from escaped CSS strings


def css_string(text: str) -> str:
    """``text`` as a CSS string: quotes and backslashes escaped, no "<" to end the <style>."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ")
    return mark_safe(f'"{escaped}"')  # noqa: S308 -- escaped for CSS


def continued_css() -> str:
    """What follows a table's caption at the top of the pages it continues on: " (jatkuu)"."""
    return css_string(" " + translation.gettext("(continued)"))


# --- Rendering -----------------------------------------------------------------------------------


def _check_language(language: str) -> None:
    if language not in languages():
        raise ValueError(
            f"Unknown language {language!r}; expected one of {', '.join(languages())}."
        )


def report_html(*, round: EvaluationRound, language: str) -> str:
    """The report as one HTML document in ``language`` (explicitly, whatever is active)."""
    _check_language(language)
    with translation.override(language):
        tally = LanguageTally()
        context = report_context(round=round)
        context["language_tally"] = tally
        return tally.fill(render_to_string(TEMPLATE, context))


# The report's fonts: Source Sans 3 (SIL Open Font License, static/fonts/OFL.txt), shipped with
# the project so that every machine embeds the font the stylesheet names. report.css names
# them as ``report-font:<file>``; nothing else is fetched (no network, no other files).
FONT_SCHEME = "report-font:"
_FONT_NAME = re.compile(r"[a-z0-9-]+\.woff2")


@functools.cache
def _font_bytes(name: str) -> bytes:
    return (settings.BASE_DIR / "static" / "fonts" / name).read_bytes()


def _fetcher():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class ReportFetcher(URLFetcher):
        """``data:`` URLs and the report's own font files, nothing else."""

        def fetch(self, url, headers=None):
            if url.startswith(FONT_SCHEME):
                name = url.removeprefix(FONT_SCHEME)
                if not _FONT_NAME.fullmatch(name):
                    raise ValueError(f"Not a report font: {url}")
                return URLFetcherResponse(url, body=_font_bytes(name))
            return super().fetch(url, headers)

    return ReportFetcher(allowed_protocols={"data"}, fail_on_errors=True)


def html_to_pdf(html: str) -> bytes:
    """WeasyPrint's part: a tagged PDF/UA-1 document with its title, language and metadata,
    completed by ``evaluations.reports.pdf_structure`` (/Lang, /Scope, TOC, chart /Alt)."""
    # Imported here: loading WeasyPrint takes time that other processes need not spend.
    from weasyprint import HTML

    from evaluations.reports import pdf_structure

    pdf_structure.install()
    return HTML(string=html, url_fetcher=_fetcher()).write_pdf(pdf_variant=pdf_structure.VARIANT)


def report_pdf(*, round: EvaluationRound, language: str) -> bytes:
    """The evaluation summary of ``round`` in ``language`` as PDF bytes. Errors propagate."""
    start = time.perf_counter()
    pdf = html_to_pdf(report_html(round=round, language=language))
    logger.info(
        "Rendered the evaluation summary of %s in %s: %d KiB in %.1f s.",
        round.key,
        language,
        len(pdf) // 1024,
        time.perf_counter() - start,
    )
    return pdf


def report_filename(*, round: EvaluationRound, language: str) -> str:
    with translation.override(language):
        name = slugify(translation.gettext("evaluation summary"))
    return f"{name}-{round.key}-{language}.pdf"


# --- Caching -------------------------------------------------------------------------------------
#
# A cached PDF is keyed by the round, the language and the content generation
# (``luvn/content_generation.py``), which every change of published content renews.

CACHE_TIMEOUT = 60 * 60 * 24  # the key changes with the data; the timeout only bounds memory


def report_cache_key(*, round: EvaluationRound, language: str) -> str:
    return f"evaluations:report:{round.pk}:{language}:{content_generation()}"


def report_pdf_cached(*, round: EvaluationRound, language: str, wait: float | None = None) -> bytes:
    """``report_pdf`` through the cache: an unchanged round's PDF is rendered once, by one
    worker at a time (``luvn/render_once.py``); raises ``NotReady`` when another worker is
    still rendering it after ``wait`` seconds (default ``settings.REPORT_RENDER_WAIT``)."""
    _check_language(language)
    return rendered_once(
        key=report_cache_key(round=round, language=language),
        render=lambda: report_pdf(round=round, language=language),
        timeout=CACHE_TIMEOUT,
        wait=wait,
    )

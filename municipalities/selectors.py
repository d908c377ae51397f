"""Reads of survey results. Means come from the answers; where the source published only
aggregates (the 2024 surveys), the published figure is shown and marked as such."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from django.db.models import F, Prefetch, Q, QuerySet
from django.utils import timezone

from evaluations.models import Finding, FindingKind, RoundState
from evaluations.selectors import finding_list
from luvn import stats
from municipalities import tokens
from municipalities.models import (
    Answer,
    Invitation,
    Municipality,
    Question,
    QuestionKind,
    ResponseStatus,
    Survey,
    SurveyKind,
    SurveyResponse,
    SurveyTheme,
)


@dataclass
class QuestionResult:
    question: Question
    scores: list[int] = field(default_factory=list)
    cannot_say: int = 0
    open_answers: list[tuple[Municipality, str]] = field(default_factory=list)

    @property
    def n(self) -> int:
        return len(self.scores)

    @property
    def mean(self) -> Decimal | None:
        return stats.mean(self.scores) if self.scores else self.question.published_mean

    @property
    def mean_is_published(self) -> bool:
        return not self.scores and self.question.published_mean is not None

    @property
    def distribution(self) -> dict[int, int]:
        return stats.distribution(self.scores)

    @property
    def answered(self) -> int:
        """Ratings and "cannot say" answers together."""
        return len(self.scores) + self.cannot_say


@dataclass
class ThemeResult:
    theme: SurveyTheme
    questions: list[QuestionResult]

    @property
    def mean(self) -> Decimal | None:
        scores = [score for result in self.questions for score in result.scores]
        return stats.mean(scores) if scores else self.theme.published_mean

    @property
    def mean_is_published(self) -> bool:
        return not any(result.scores for result in self.questions) and (
            self.theme.published_mean is not None
        )

    @property
    def scores(self) -> list[int]:
        return [score for result in self.questions for score in result.scores]

    @property
    def has_scale_questions(self) -> bool:
        return any(result.question.kind == QuestionKind.SCALE for result in self.questions)

    @property
    def n(self) -> int:
        return len(self.scores)

    @property
    def cannot_say(self) -> int:
        return sum(result.cannot_say for result in self.questions)

    @property
    def distribution(self) -> dict[int, int]:
        return stats.distribution(self.scores)


@dataclass
class SurveyResults:
    survey: Survey
    statuses: list[tuple[Municipality, bool]]
    themes: list[ThemeResult]

    @property
    def responded(self) -> int:
        return sum(1 for _municipality, answered in self.statuses if answered)

    @property
    def response_rate(self) -> Decimal | None:
        if not self.statuses:
            return None
        return Decimal(100 * self.responded) / Decimal(len(self.statuses))

    @property
    def has_answers(self) -> bool:
        """Whether any rating comes from individual answers (not only published means)."""
        return any(result.answered for theme in self.themes for result in theme.questions)


def survey_list_published() -> QuerySet[Survey]:
    return Survey.objects.filter(round__state=RoundState.PUBLISHED).select_related("round")


def survey_results(*, survey: Survey) -> SurveyResults:
    """Everything the results page shows, in a constant number of queries."""
    submitted = SurveyResponse.objects.filter(survey=survey, status=ResponseStatus.SUBMITTED)
    answered_ids = set(submitted.values_list("municipality_id", flat=True))
    statuses = []
    if survey.kind == SurveyKind.MUNICIPALITY:
        # Alphabetical in the UI language: Esbo … Vichtis in Swedish, Espoo … Vihti in Finnish.
        municipalities = sorted(Municipality.objects.all(), key=lambda m: m.name)
        statuses = [(m, m.pk in answered_ids) for m in municipalities]

    answers_by_question = defaultdict(list)
    answers = Answer.objects.filter(response__in=submitted).select_related("response__municipality")
    for answer in answers:
        answers_by_question[answer.question_id].append(answer)

    themes = SurveyTheme.objects.filter(survey=survey).prefetch_related(
        Prefetch("questions", queryset=Question.objects.order_by("order"))
    )
    theme_results = []
    for theme in themes:
        results = []
        for question in theme.questions.all():
            result = QuestionResult(question=question)
            for answer in answers_by_question[question.pk]:
                if answer.cannot_say:
                    result.cannot_say += 1
                elif answer.score is not None:
                    result.scores.append(answer.score)
                if question.kind == QuestionKind.OPEN and answer.text:
                    result.open_answers.append((answer.response.municipality, answer.text))
            results.append(result)
        theme_results.append(ThemeResult(theme=theme, questions=results))
    return SurveyResults(survey=survey, statuses=statuses, themes=theme_results)


@dataclass
class SurveyFindings:
    """The verbal findings the evaluation summary reports with a stakeholder survey."""

    successes: list[Finding] = field(default_factory=list)
    to_improve: list[Finding] = field(default_factory=list)
    quotes: list[Finding] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.successes or self.to_improve or self.quotes)

    @property
    def all(self) -> list[Finding]:
        return [*self.successes, *self.to_improve, *self.quotes]


STAKEHOLDER_KINDS = (FindingKind.STAKEHOLDER_QUOTE, FindingKind.STAKEHOLDER_TO_IMPROVE)


def stakeholder_findings(*, findings: Iterable[Finding]) -> SurveyFindings:
    """The stakeholder survey's findings among a round's findings (no query).

    Quotes and goals still to advance have kinds of their own. The successes the survey names
    are highlights of the same strategy kept apart from any section (the rescue department's
    own highlights carry its section), as the fixtures, the pages and the report read them.
    """
    findings = list(findings)
    strategies = {f.strategy_id for f in findings if f.kind in STAKEHOLDER_KINDS}
    result = SurveyFindings()
    for finding in findings:
        if finding.kind == FindingKind.STAKEHOLDER_QUOTE:
            result.quotes.append(finding)
        elif finding.kind == FindingKind.STAKEHOLDER_TO_IMPROVE:
            result.to_improve.append(finding)
        elif (
            finding.kind == FindingKind.HIGHLIGHT
            and finding.section_id is None
            and finding.strategy_id is not None
            and finding.strategy_id in strategies
        ):
            result.successes.append(finding)
    return result


def survey_findings(*, survey: Survey) -> SurveyFindings:
    """A stakeholder survey's findings, in one query."""
    if survey.kind != SurveyKind.STAKEHOLDER:
        return SurveyFindings()
    findings = (
        finding_list(round=survey.round)
        .filter(Q(kind__in=STAKEHOLDER_KINDS) | Q(kind=FindingKind.HIGHLIGHT, section=None))
        .exclude(strategy=None)
        .order_by("kind", "order", "pk")
    )
    return stakeholder_findings(findings=findings)


# Answering a survey with an invitation link ---------------------------------------------------


class AnsweringState(StrEnum):
    NOT_OPEN = "not_open"  # before opens_on
    OPEN = "open"
    CLOSED = "closed"  # after closes_on (and after the personal deadline, if any)
    SUBMITTED = "submitted"


def invitation_get_by_token(*, token: str) -> Invitation | None:
    """The invitation of ``token``, valid or not; ``None`` when there is none."""
    if not tokens.token_looks_valid(token):
        return None
    return (
        Invitation.objects.select_related("survey", "municipality")
        .filter(token_hash=tokens.token_hash(token))
        .first()
    )


def response_get(*, survey: Survey, municipality: Municipality) -> SurveyResponse | None:
    return SurveyResponse.objects.filter(survey=survey, municipality=municipality).first()


def answering_state(
    *, survey: Survey, response: SurveyResponse | None, day: date | None = None
) -> AnsweringState:
    """Whether the municipality can answer now; a personal deadline extends the survey's."""
    day = day or timezone.localdate()
    if response is not None and response.is_submitted:
        return AnsweringState.SUBMITTED
    if survey.is_open_on(day):
        return AnsweringState.OPEN
    if response is not None and response.reopened_until and day <= response.reopened_until:
        return AnsweringState.OPEN
    if not survey.has_opened(day):
        return AnsweringState.NOT_OPEN
    return AnsweringState.CLOSED


@dataclass
class SheetItem:
    """One question on the answering page, with the municipality's saved answer."""

    question: Question
    number: int
    answer: Answer | None = None
    result: QuestionResult | None = None  # the means of all, shown after submitting
    # Set by the view: the form's bound field, its hidden starting value, whether it is missing.
    field: object = None
    hidden_initial: str = ""
    missing: bool = False

    @property
    def required(self) -> bool:
        return self.question.kind == QuestionKind.SCALE

    @property
    def answered(self) -> bool:
        answer = self.answer
        return answer is not None and (
            answer.score is not None or answer.cannot_say or bool(answer.text)
        )


@dataclass
class SheetTheme:
    theme: SurveyTheme | None  # None: questions outside any theme
    items: list[SheetItem]


def answer_sheet(
    *, survey: Survey, response: SurveyResponse | None, with_results: bool = False
) -> list[SheetTheme]:
    """The survey's questions grouped by theme, each with the saved answer.

    Two queries (questions with their themes, answers), whatever the number of questions;
    ``with_results`` adds the means of all municipalities (``survey_results``).
    """
    questions = (
        Question.objects.filter(survey=survey)
        .select_related("theme")
        .order_by(F("theme__order").asc(nulls_last=True), "theme_id", "order", "pk")
    )
    answers = {}
    if response is not None and response.pk:
        answers = {answer.question_id: answer for answer in response.answers.all()}
    results = {}
    if with_results:
        results = {
            result.question.pk: result
            for theme in survey_results(survey=survey).themes
            for result in theme.questions
        }
    sheet: list[SheetTheme] = []
    for number, question in enumerate(questions, start=1):
        if not sheet or sheet[-1].theme != question.theme:
            sheet.append(SheetTheme(theme=question.theme, items=[]))
        sheet[-1].items.append(
            SheetItem(
                question=question,
                number=number,
                answer=answers.get(question.pk),
                result=results.get(question.pk),
            )
        )
    return sheet


def sheet_items(sheet: list[SheetTheme]) -> list[SheetItem]:
    return [item for theme in sheet for item in theme.items]


def municipality_list_not_submitted(*, survey: Survey) -> QuerySet[Municipality]:
    """The municipalities that have not submitted ``survey``: who gets a reminder."""
    submitted = SurveyResponse.objects.filter(survey=survey, status=ResponseStatus.SUBMITTED)
    return Municipality.objects.exclude(pk__in=submitted.values("municipality_id"))

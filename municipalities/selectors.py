"""Reads of survey results. Means come from the answers; where the source published only
aggregates (the 2024 surveys), the published figure is shown and marked as such."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, QuerySet

from evaluations.models import RoundState
from luvn import stats
from municipalities.models import (
    Answer,
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

"""Reads of survey results. Means come from the answers; where the source published only
aggregates (the 2024 surveys), the published figure is shown and marked as such."""

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from django.db.models import Count, F, Prefetch, Q, QuerySet, prefetch_related_objects
from django.utils import timezone

from evaluations.models import Finding, FindingKind, RoundState
from evaluations.summaries.ratings import finding_list
from luvn import stats
from municipalities import tokens
from municipalities.models import (
    Answer,
    Audience,
    Invitation,
    Municipality,
    Question,
    QuestionKind,
    QuestionOption,
    Respondent,
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
    # (municipality, text): the municipality in a municipality survey, ``None`` otherwise.
    open_answers: list[tuple[Municipality | None, str]] = field(default_factory=list)
    option_counts: dict[int, int] = field(default_factory=dict)
    choice_respondents: int = 0  # responses that chose at least one option

    @property
    def n(self) -> int:
        return len(self.scores)

    @property
    def mean(self) -> Decimal | None:
        if self.scores:
            return stats.mean(self.scores)
        return self.question.published_mean if self.question.kind == QuestionKind.SCALE else None

    @property
    def mean_is_published(self) -> bool:
        return not self.scores and self.question.published_mean is not None

    @property
    def distribution(self) -> dict[int, int]:
        if self.question.kind == QuestionKind.RECOMMEND:
            return {score: self.scores.count(score) for score in range(10, -1, -1)}
        return stats.distribution(self.scores)

    @property
    def answered(self) -> int:
        """Ratings, "cannot say" answers and choices together."""
        return len(self.scores) + self.cannot_say + self.choice_respondents

    # 0–10 questions: the net promoter score and its components.
    @property
    def promoters(self) -> int:
        return sum(1 for score in self.scores if score >= 9)

    @property
    def passives(self) -> int:
        return sum(1 for score in self.scores if 7 <= score <= 8)

    @property
    def detractors(self) -> int:
        return sum(1 for score in self.scores if score <= 6)

    @property
    def nps(self) -> Decimal | None:
        return stats.nps(self.scores)

    def _share(self, count: int) -> Decimal | None:
        return Decimal(100 * count) / Decimal(self.n) if self.n else None

    @property
    def promoters_share(self) -> Decimal | None:
        return self._share(self.promoters)

    @property
    def passives_share(self) -> Decimal | None:
        return self._share(self.passives)

    @property
    def detractors_share(self) -> Decimal | None:
        return self._share(self.detractors)

    @property
    def share_at_threshold(self) -> Decimal | None:
        return stats.share_at_least(self.scores, self.question.share_threshold)

    @property
    def option_rows(self) -> list[tuple[QuestionOption, int, Decimal | None]]:
        """Each option with how many chose it and their share of those who answered."""
        rows = []
        for option in self.question.options.all():
            count = self.option_counts.get(option.pk, 0)
            share = (
                Decimal(100 * count) / Decimal(self.choice_respondents)
                if self.choice_respondents
                else None
            )
            rows.append((option, count, share))
        return rows


@dataclass
class ThemeResult:
    theme: SurveyTheme
    questions: list[QuestionResult]

    @property
    def scale_questions(self) -> list[QuestionResult]:
        return [r for r in self.questions if r.question.kind == QuestionKind.SCALE]

    @property
    def table_questions(self) -> list[QuestionResult]:
        """The questions of the theme's means table: ratings 1–5 and open answers."""
        return [
            r for r in self.questions if r.question.kind in (QuestionKind.SCALE, QuestionKind.OPEN)
        ]

    @property
    def other_questions(self) -> list[QuestionResult]:
        """0–10 and choice questions, each shown with a table of its own."""
        return [r for r in self.questions if r not in self.table_questions]

    @property
    def mean(self) -> Decimal | None:
        scores = self.scores
        return stats.mean(scores) if scores else self.theme.published_mean

    @property
    def mean_is_published(self) -> bool:
        return not self.scores and self.theme.published_mean is not None

    @property
    def scores(self) -> list[int]:
        return [score for result in self.scale_questions for score in result.scores]

    @property
    def has_scale_questions(self) -> bool:
        return bool(self.scale_questions)

    @property
    def n(self) -> int:
        return len(self.scores)

    @property
    def cannot_say(self) -> int:
        return sum(result.cannot_say for result in self.scale_questions)

    @property
    def distribution(self) -> dict[int, int]:
        return stats.distribution(self.scores)


@dataclass
class GroupResult:
    """The results of one respondent group; ``questions`` only when the group is large enough."""

    key: str
    option: QuestionOption | None  # the group question's option, when the group is one
    n: int
    shown: bool
    questions: list[QuestionResult] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.option.text if self.option else self.key


@dataclass
class SurveyResults:
    survey: Survey
    statuses: list[tuple[Municipality, bool]]
    themes: list[ThemeResult]
    response_count: int = 0  # submitted responses
    invited: int | None = None  # named respondents: how many were asked
    answered_respondents: int = 0  # named respondents: how many have answered
    groups: list[GroupResult] = field(default_factory=list)
    still_answered: bool = False  # the survey has not closed: no answer means "not yet"
    results_hidden: bool = False  # open and not published early: no means or answers shown
    # Too few answers outside the groups shown: the totals would give a small group away, so
    # no means or answers are shown (``results_hidden`` is set too).
    withheld_for_privacy: bool = False

    @property
    def responded(self) -> int:
        if self.invited is not None:
            return self.answered_respondents
        return sum(1 for _municipality, answered in self.statuses if answered)

    @property
    def response_rate(self) -> Decimal | None:
        if self.invited is not None:
            return Decimal(100 * self.responded) / Decimal(self.invited) if self.invited else None
        if not self.statuses:
            return None
        return Decimal(100 * self.responded) / Decimal(len(self.statuses))

    @property
    def has_answers(self) -> bool:
        """Whether any rating comes from individual answers (not only published means)."""
        return any(result.answered for theme in self.themes for result in theme.questions)

    @property
    def questions(self) -> list[QuestionResult]:
        return [result for theme in self.themes for result in theme.questions]

    @property
    def recommend_questions(self) -> list[QuestionResult]:
        return [r for r in self.questions if r.question.kind == QuestionKind.RECOMMEND]

    @property
    def shown_groups(self) -> list[GroupResult]:
        return [group for group in self.groups if group.shown]

    @property
    def hidden_group_count(self) -> int:
        return sum(1 for group in self.groups if not group.shown)


def survey_list_published() -> QuerySet[Survey]:
    """Surveys whose results are public: those of published rounds, and those opened to the
    public before (the practice surveys of the demo)."""
    return Survey.objects.filter(
        Q(round__state=RoundState.PUBLISHED) | Q(results_public=True)
    ).select_related("round")


def _question_results(
    questions: list[Question], answers: list[Answer], *, with_open: bool
) -> list[QuestionResult]:
    by_question = defaultdict(list)
    for answer in answers:
        by_question[answer.question_id].append(answer)
    results = []
    for question in questions:
        result = QuestionResult(question=question)
        for answer in by_question[question.pk]:
            if answer.cannot_say:
                result.cannot_say += 1
            elif answer.score is not None:
                result.scores.append(answer.score)
            if question.is_choice:
                chosen = answer.options.all()
                if chosen:
                    result.choice_respondents += 1
                for option in chosen:
                    result.option_counts[option.pk] = result.option_counts.get(option.pk, 0) + 1
            if with_open and question.kind == QuestionKind.OPEN and answer.text:
                # An anonymous response has no municipality: the text is shown without a name.
                result.open_answers.append((answer.response.municipality, answer.text))
        results.append(result)
    return results


def survey_results(
    *, survey: Survey, public: bool = False, day: date | None = None
) -> SurveyResults:
    """Everything the results page shows, in a constant number of queries.

    Anonymous surveys: the responses carry only a respondent group; a group's results are
    given only when it has at least ``survey.min_group_size`` submitted responses. ``public``:
    as the public page and files show it, without means and answers while the survey is open.
    """
    submitted = SurveyResponse.objects.filter(survey=survey, status=ResponseStatus.SUBMITTED)
    statuses = []
    invited, answered_respondents = None, 0
    if survey.audience == Audience.MUNICIPALITIES:
        answered_ids = set(submitted.values_list("municipality_id", flat=True))
        if survey.kind == SurveyKind.MUNICIPALITY:
            # Alphabetical in the UI language: Esbo … Vichtis in Swedish, Espoo … Vihti in Finnish.
            municipalities = sorted(Municipality.objects.all(), key=lambda m: m.name)
            statuses = [(m, m.pk in answered_ids) for m in municipalities]
    elif survey.audience == Audience.RESPONDENTS:
        counts = Respondent.objects.filter(survey=survey).aggregate(
            invited=Count("pk"), answered=Count("pk", filter=Q(answered=True))
        )
        invited, answered_respondents = counts["invited"], counts["answered"]

    day = day or timezone.localdate()
    # Public pages: while others are still answering, means and answers wait for the survey
    # to close (unless the coordinator made the results public early).
    results_hidden = public and not survey.results_are_public_on(day)
    answers = (
        []
        if results_hidden
        else list(
            Answer.objects.filter(response__in=submitted)
            .select_related("response__municipality")
            .order_by("response_id", "question_id")
        )
    )
    themes = list(
        SurveyTheme.objects.filter(survey=survey).prefetch_related(
            Prefetch("questions", queryset=Question.objects.order_by("order"))
        )
    )
    all_questions = [question for theme in themes for question in theme.questions.all()]
    if any(question.is_choice for question in all_questions):
        # Options only where there are choice questions: no query for a survey without them.
        prefetch_related_objects(all_questions, "options")
        prefetch_related_objects(answers, "options")
    groups, withheld = _group_results(survey, all_questions, answers)
    if withheld:
        answers = []
    theme_results = []
    for theme in themes:
        questions = list(theme.questions.all())
        theme_results.append(
            ThemeResult(
                theme=theme, questions=_question_results(questions, answers, with_open=True)
            )
        )
    response_count = len({answer.response_id for answer in answers})
    return SurveyResults(
        survey=survey,
        statuses=statuses,
        themes=theme_results,
        response_count=response_count,
        invited=invited,
        answered_respondents=answered_respondents,
        groups=groups,
        still_answered=survey.is_still_answered_on(day),
        results_hidden=results_hidden or withheld,
        withheld_for_privacy=withheld,
    )


def _group_results(survey, questions, answers) -> tuple[list[GroupResult], bool]:
    """Per respondent group its size, and its results when they cannot give a small group away;
    and whether the totals must be withheld too.

    A group under ``min_group_size`` answers is named with its size only. The totals minus the
    groups shown are the answers of the rest, so the rest must reach the minimum as well: the
    smallest groups are held back with it until it does. When even all responses together stay
    under the minimum, the totals are withheld (nothing answered is shown at all)."""
    if not survey.is_anonymous:
        return [], False
    groups_of = {answer.response_id: answer.response.group for answer in answers}
    sizes = Counter(group for group in groups_of.values() if group)
    if not sizes:
        return [], False
    minimum = survey.min_group_size
    shown = {key for key, n in sizes.items() if n >= minimum}

    def rest() -> int:
        return len(groups_of) - sum(sizes[key] for key in shown)

    while shown and 0 < rest() < minimum:
        shown.remove(min(shown, key=lambda key: (sizes[key], key)))
    withheld = 0 < rest() < minimum
    options = {}
    for question in questions:
        if question.is_group_question:
            options = {option.key: option for option in question.options.all()}
    by_group = defaultdict(list)
    for answer in answers:
        by_group[answer.response.group].append(answer)
    rated = [q for q in questions if q.kind != QuestionKind.OPEN and not q.is_group_question]
    groups = [
        GroupResult(
            key=key,
            option=options.get(key),
            n=n,
            shown=key in shown,
            questions=_question_results(rated, by_group[key], with_open=False)
            if key in shown and not withheld
            else [],
        )
        for key, n in sizes.items()
    ]
    order = list(options)
    groups.sort(key=lambda g: (order.index(g.key) if g.key in order else len(order), g.name))
    return groups, withheld


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
        Invitation.objects.select_related("survey", "municipality", "respondent")
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
    # Set by the view (``AnswerForm.bind_fields``): the form's bound field, its errors, its
    # options, its hidden starting value; whether it is missing.
    field: object = None
    errors: list | None = None
    options: list[dict] | tuple = ()
    hidden_initial: str = ""
    missing: bool = False

    @property
    def required(self) -> bool:
        return self.question.required

    @property
    def answered(self) -> bool:
        answer = self.answer
        return answer is not None and (
            answer.score is not None
            or answer.cannot_say
            or bool(answer.text)
            or (self.question.is_choice and bool(answer.options.all()))
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
    questions = list(
        Question.objects.filter(survey=survey)
        .select_related("theme")
        .order_by(F("theme__order").asc(nulls_last=True), "theme_id", "order", "pk")
    )
    # Options only where there are choice questions: no query for a survey without them.
    with_choices = any(question.is_choice for question in questions)
    if with_choices:
        prefetch_related_objects(questions, "options")
    answers = {}
    if response is not None and response.pk:
        answer_list = list(response.answers.all())
        if with_choices:
            prefetch_related_objects(answer_list, "options")
        answers = {answer.question_id: answer for answer in answer_list}
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


def recipient_list_not_submitted(*, survey: Survey):
    """Who gets an invitation or a reminder: the municipalities that have not submitted, or
    the named respondents who have not answered; nobody for an open link."""
    if survey.audience == Audience.RESPONDENTS:
        return Respondent.objects.filter(survey=survey, answered=False)
    if survey.audience == Audience.OPEN_LINK:
        return Municipality.objects.none()
    return municipality_list_not_submitted(survey=survey)


def response_for_invitation(*, invitation: Invitation) -> SurveyResponse | None:
    """The response a link opens: the municipality's, or a named respondent's draft (none once
    the respondent has answered: the submitted response is no longer reachable from the link)."""
    if invitation.respondent_id is not None:
        # Read afresh: a save in this same request may have made the draft.
        invitation.respondent.refresh_from_db(fields=["draft", "answered"])
        draft_id = invitation.respondent.draft_id
        return SurveyResponse.objects.filter(pk=draft_id).first() if draft_id else None
    return response_get(survey=invitation.survey, municipality=invitation.municipality)


def invitation_answering_state(
    *, invitation: Invitation, response: SurveyResponse | None
) -> AnsweringState:
    if invitation.respondent_id is not None and invitation.respondent.answered:
        return AnsweringState.SUBMITTED
    return answering_state(survey=invitation.survey, response=response)


def survey_list_practice_public() -> QuerySet[Survey]:
    """Practice surveys whose results pages are public (linked from the front page)."""
    return survey_list_published().filter(is_practice=True).order_by("round__key", "kind", "pk")

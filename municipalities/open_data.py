"""A survey's results as open data (CSV and JSON), through the row machinery of
``evaluations/open_data/evaluation.py``: one row iterator, two renderers, stable English columns.

Rows: ``response_rate`` (where the audience is known), per question its ``question`` row
(n, mean, NPS and its parts, share at or above the threshold), its ``score`` rows (the
distribution), its ``option`` rows (choice questions) and its ``open_answer`` rows (the text;
with the municipality in a municipality survey, never with a person). Anonymous surveys add the
same figures per respondent ``group`` for each group with at least the minimum of answers.
Every row says whether it is ``practice`` data and whether a mean is ``published`` only.
"""

from collections.abc import Iterator
from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from evaluations.open_data.evaluation import Dataset, published_mean
from municipalities.models import QuestionKind, Survey
from municipalities.selectors import QuestionResult, survey_results

COLUMNS = (
    "survey",
    "practice",
    "row",
    "group",
    "group_n",
    "theme",
    "question",
    "kind",
    "question_fi",
    "question_sv",
    "option",
    "option_fi",
    "option_sv",
    "score",
    "count",
    "share",
    "n",
    "mean",
    "published",
    "cannot_say",
    "nps",
    "promoters",
    "passives",
    "detractors",
    "threshold",
    "share_at_or_above_threshold",
    "invited",
    "responded",
    "response_rate",
    "municipality",
    "text",
)


def _row(survey: Survey, **values) -> dict:
    return {column: values.get(column) for column in COLUMNS} | {
        "survey": survey.key,
        "practice": survey.is_practice,
        "row": values["row"],
        "group": values.get("group", ""),
    }


def _pct(value: Decimal | None) -> Decimal | None:
    return published_mean(value)


def _question_rows(survey, result: QuestionResult, group: str = "", group_n=None) -> Iterator[dict]:
    question = result.question
    base = {
        "group": group,
        "group_n": group_n,
        "theme": question.theme.key if question.theme else "",
        "question": question.key,
        "kind": question.kind,
        "question_fi": question.text_fi,
        "question_sv": question.text_sv or "",
    }
    row = {**base, "row": "question"}
    if question.kind in (QuestionKind.SCALE, QuestionKind.RECOMMEND):
        row |= {
            "n": result.n,
            "mean": published_mean(result.mean),
            "published": result.mean_is_published,
            "cannot_say": result.cannot_say if question.kind == QuestionKind.SCALE else None,
        }
    if question.kind == QuestionKind.RECOMMEND:
        row |= {
            "nps": _pct(result.nps),
            "promoters": result.promoters,
            "passives": result.passives,
            "detractors": result.detractors,
            "threshold": question.share_threshold,
            "share_at_or_above_threshold": _pct(result.share_at_threshold),
        }
    if question.is_choice:
        row["n"] = result.choice_respondents
    yield _row(survey, **row)
    if question.kind in (QuestionKind.SCALE, QuestionKind.RECOMMEND) and result.n:
        for score, count in result.distribution.items():
            yield _row(survey, **base, row="score", score=score, count=count)
    for option, count, share in result.option_rows if question.is_choice else ():
        yield _row(
            survey,
            **base,
            row="option",
            option=option.key,
            option_fi=option.text_fi,
            option_sv=option.text_sv or "",
            count=count,
            share=_pct(share),
        )
    for municipality, text in result.open_answers:
        yield _row(
            survey,
            **base,
            row="open_answer",
            municipality=municipality.code if municipality else "",
            text=text,
        )


def survey_rows(*, survey: Survey, request=None) -> Iterator[dict]:
    results = survey_results(survey=survey, public=True)
    if results.response_rate is not None:
        yield _row(
            survey,
            row="response_rate",
            invited=results.invited if results.invited is not None else len(results.statuses),
            responded=results.responded,
            response_rate=_pct(results.response_rate),
        )
    for result in results.questions:
        yield from _question_rows(survey, result)
    for group in results.shown_groups:
        for result in group.questions:
            yield from _question_rows(survey, result, group=group.key, group_n=group.n)


DATASET = Dataset(
    "survey_results",
    pgettext_lazy("URL", "results"),
    _("Survey results: per question the number of answers, mean, distribution and NPS"),
    COLUMNS,
    survey_rows,
)

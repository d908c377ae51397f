"""A small survey to answer in tests: two themes, rating questions and an open question."""

import itertools
from datetime import timedelta

from django.utils import timezone

from evaluations.models import EvaluationRound
from municipalities import services
from municipalities.models import Municipality, Question, Survey, SurveyTheme

_sequence = itertools.count(1)


def make_survey(*, scale_questions: int = 3, open_questions: int = 1, **fields) -> Survey:
    """An open municipality survey in the published 2024 round (so its results are public)."""
    n = next(_sequence)
    today = timezone.localdate()
    fields = {
        "key": f"test-survey-{n}",
        "round": EvaluationRound.objects.get(key="eval-2024"),
        "title_fi": f"Testikysely {n}",
        "title_sv": f"Testenkät {n}",
        "target_group_fi": "Kunnanjohto",
        "target_group_sv": "Kommunledning",
        "opens_on": today - timedelta(days=3),
        "closes_on": today + timedelta(days=14),
        **fields,
    }
    survey = Survey.objects.create(**fields)
    first = SurveyTheme.objects.create(
        survey=survey, key="cooperation", order=1, title_fi="Yhteistyö", title_sv="Samarbete"
    )
    second = SurveyTheme.objects.create(
        survey=survey, key="feedback", order=2, title_fi="Palaute", title_sv="Respons"
    )
    order = itertools.count(1)
    for index in range(1, scale_questions + 1):
        Question.objects.create(
            survey=survey,
            theme=first,
            key=f"s{index}",
            kind="scale",
            text_fi=f"Arvioi tavoite {index}",
            text_sv=f"Bedöm mål {index}",
            order=next(order),
        )
    for index in range(1, open_questions + 1):
        Question.objects.create(
            survey=survey,
            theme=second,
            key=f"open{index}",
            kind="open",
            text_fi=f"Avoin palaute {index}",
            text_sv=f"Öppen respons {index}",
            order=next(order),
        )
    return survey


def municipality(code: str) -> Municipality:
    return Municipality.objects.get(code=code)


def issue(survey: Survey, code: str = "049", **kwargs):
    """A valid invitation of the municipality and its token."""
    return services.invitation_issue(survey=survey, municipality=municipality(code), **kwargs)


def answer_url(token: str, lang: str = "fi") -> str:
    return f"/{lang}/kunnat/vastaa/{token}/"


def confirm_url(token: str, lang: str = "fi") -> str:
    return f"/{lang}/kunnat/vastaa/{token}/vahvista/"

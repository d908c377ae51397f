"""A small survey to answer in tests: two themes, rating questions and an open question."""

import itertools
from datetime import timedelta

from django.utils import timezone

from evaluations.models import EvaluationRound
from municipalities import services
from municipalities.models import Municipality, Question, Survey, SurveyTheme
from tests.support import localized_path

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
    return localized_path(lang, f"/kunnat/vastaa/{token}/")


def confirm_url(token: str, lang: str = "fi") -> str:
    return localized_path(lang, f"/kunnat/vastaa/{token}/vahvista/")


def make_anonymous_survey(*, audience: str, **fields) -> Survey:
    """An open survey of named respondents or with an open link: a 1–5 question, a 0–10
    question, a multiple-choice question, an open question and (open link) a group question."""
    from municipalities.models import QuestionOption

    n = next(_sequence)
    today = timezone.localdate()
    fields = {
        "key": f"test-anonymous-{n}",
        "round": EvaluationRound.objects.get(key="eval-2024"),
        "kind": "personnel" if audience == "respondents" else "stakeholder",
        "audience": audience,
        "title_fi": f"Nimetön kysely {n}",
        "title_sv": f"Anonym enkät {n}",
        "opens_on": today - timedelta(days=3),
        "closes_on": today + timedelta(days=14),
        **fields,
    }
    survey = Survey.objects.create(**fields)
    theme = SurveyTheme.objects.create(
        survey=survey, key="main", order=1, title_fi="Kysymykset", title_sv="Frågor"
    )
    order = itertools.count(1)

    def question(key, kind, fi, sv, options=(), **extra):
        q = Question.objects.create(
            survey=survey,
            theme=theme,
            key=key,
            kind=kind,
            text_fi=fi,
            text_sv=sv,
            order=next(order),
            **extra,
        )
        for position, (option_key, option_fi, option_sv) in enumerate(options, start=1):
            QuestionOption.objects.create(
                question=q, key=option_key, order=position, text_fi=option_fi, text_sv=option_sv
            )
        return q

    if audience == "open_link":
        question(
            "party",
            "single",
            "Mitä tahoa edustat?",
            "Vilken part representerar du?",
            [("vpk", "Sopimuspalokunta", "Avtalsbrandkår"), ("town", "Kunta", "Kommun")],
            is_group_question=True,
        )
    question("s1", "scale", "Yhteistyö sujuu", "Samarbetet fungerar")
    question("nps", "recommend", "Suosittelisitko meitä?", "Skulle du rekommendera oss?")
    question(
        "used",
        "multiple",
        "Mitä käytät?",
        "Vad använder du?",
        [
            ("county", "Aluestrategia", "Områdesstrategin"),
            ("service", "Palvelustrategia", "Servicestrategin"),
        ],
    )
    question("open1", "open", "Terveisiä", "Hälsningar")
    return survey


def add_respondent(survey: Survey, n: int, *, group: str = "", language: str = "fi"):
    from municipalities.models import Respondent

    return Respondent.objects.create(
        survey=survey,
        name=f"Testi Henkilö {n}",
        email=f"henkilo{n}@example.fi",
        language=language,
        group=group,
    )


def respond_url(token: str, lang: str = "fi") -> str:
    return localized_path(lang, f"/kyselyt/vastaa/{token}/")


def respond_confirm_url(token: str, lang: str = "fi") -> str:
    return localized_path(lang, f"/kyselyt/vastaa/{token}/vahvista/")


def open_url(survey: Survey, lang: str = "fi") -> str:
    return localized_path(lang, f"/kyselyt/{survey.key}/vastaa/")

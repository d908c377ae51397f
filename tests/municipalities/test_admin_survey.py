"""Building a survey in the admin: questions on a theme's page, linked to goals or free."""

from html.parser import HTMLParser

import pytest

from municipalities.models import Question
from strategy.models import Goal, SubGoal
from tests.municipalities.builders import make_survey

pytestmark = pytest.mark.django_db


class FormFields(HTMLParser):
    """The values a browser would post for the page's first form with method post."""

    def __init__(self):
        super().__init__()
        self.data, self.select, self.textarea = {}, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in {"submit", "button"}:
            if attrs.get("type") in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self.data[name] = attrs.get("value", "on")
            else:
                self.data[name] = attrs.get("value", "")
        elif tag == "select" and name:
            self.select = name
            self.data.setdefault(name, "")
        elif tag == "option" and self.select and "selected" in attrs:
            self.data[self.select] = attrs.get("value", "")
        elif tag == "textarea" and name:
            self.textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.data[self.textarea] += data


def form_data(html: str) -> dict:
    parser = FormFields()
    parser.feed(html)
    return {k: v for k, v in parser.data.items() if "__prefix__" not in k}


def test_questions_are_added_on_the_themes_page_linked_to_a_goal_or_free(admin_client):
    survey = make_survey(scale_questions=1, open_questions=0)
    theme = survey.themes.get(key="cooperation")
    url = f"/fi/admin/municipalities/surveytheme/{theme.pk}/change/"
    data = form_data(admin_client.get(url).content.decode())
    total = int(data["questions-TOTAL_FORMS"])
    goal, sub_goal = Goal.objects.first(), SubGoal.objects.first()
    for index, (key, fields) in enumerate(
        [
            ("goal-q", {"goal": goal.pk}),
            ("sub-q", {"sub_goal": sub_goal.pk}),
            ("free-q", {}),
        ],
        start=total,
    ):
        data.update(
            {
                f"questions-{index}-key": key,
                f"questions-{index}-kind": "scale",
                f"questions-{index}-order": str(10 + index),
                f"questions-{index}-text_fi": f"Kysymys {key}",
                f"questions-{index}-text_sv": f"Fråga {key}",
                **{f"questions-{index}-{name}": value for name, value in fields.items()},
            }
        )
    data["questions-TOTAL_FORMS"] = str(total + 3)
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    added = {q.key: q for q in Question.objects.filter(survey=survey, theme=theme)}
    assert added["goal-q"].goal == goal and added["goal-q"].sub_goal is None
    assert added["sub-q"].sub_goal == sub_goal and added["sub-q"].goal is None
    assert added["free-q"].goal is None and added["free-q"].sub_goal is None


def test_a_question_linked_to_both_a_goal_and_a_sub_goal_is_refused(admin_client):
    survey = make_survey(scale_questions=1, open_questions=0)
    question = survey.questions.get()
    url = f"/fi/admin/municipalities/question/{question.pk}/change/"
    data = form_data(admin_client.get(url).content.decode())
    data.update({"goal": Goal.objects.first().pk, "sub_goal": SubGoal.objects.first().pk})
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "ei molempiin" in response.content.decode()
    question.refresh_from_db()
    assert question.goal is None and question.sub_goal is None

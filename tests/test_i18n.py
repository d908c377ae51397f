"""Both languages: Finnish number and date conventions, Swedish fallback, the switcher."""

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import formats, translation

from evaluations.models import AssignmentState
from luvn.formatting import format_date, format_number
from luvn.translation import localized
from tests.factories import make_assignment, make_goal, make_rating
from tests.support import localized_path

LANGUAGES = ["fi", "sv"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_numbers_use_decimal_comma_and_no_break_space_in_both_languages(lang):
    with translation.override(lang):
        assert format_number(Decimal("3.8333"), decimals=1) == "3,8"
        assert format_number(3.75, decimals=1) == "3,8"  # half up, as people round
        assert format_number(4, decimals=1) == "4,0"
        assert format_number(1734) == "1\xa0734"
        assert format_number(None) == ""


@pytest.mark.parametrize("lang", LANGUAGES)
def test_dates_are_day_month_year_with_dots_in_both_languages(lang):
    with translation.override(lang):
        assert format_date(datetime.date(2025, 1, 17)) == "17.1.2025"
        # Django's own formats (admin, |date) follow the same convention in Swedish too.
        assert formats.date_format(datetime.date(2025, 1, 17), "SHORT_DATE_FORMAT") == "17.1.2025"
        assert formats.localize(Decimal("3.8")) == "3,8"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_template_filters_format_numbers_and_dates(lang):
    template = Template("{{ mean|number:1 }} {{ day|fidate }}")
    with translation.override(lang):
        rendered = template.render(
            Context({"mean": Decimal("3.25"), "day": datetime.date(2024, 11, 6)})
        )
    assert rendered == "3,3 6.11.2024"


@pytest.mark.django_db
def test_swedish_falls_back_to_finnish_and_is_marked():
    goal = make_goal(title_fi="Asiakkaat ovat tyytyväisiä.", title_sv="")
    with translation.override("sv"):
        text = localized(goal, "title")
        html = Template("{% tr goal 'title' %}").render(Context({"goal": goal}))
    assert text.is_fallback and text.language == "fi"
    assert '<span class="fallback" lang="fi">Asiakkaat ovat tyytyväisiä.</span>' in html
    assert "endast på finska" in html


@pytest.mark.django_db
def test_swedish_text_shows_without_marker_when_present():
    goal = make_goal(title_fi="Asiakkaat ovat tyytyväisiä.", title_sv="Kunderna är nöjda.")
    with translation.override("sv"):
        html = Template("{% tr goal 'title' %}").render(Context({"goal": goal}))
    assert html == "Kunderna är nöjda."


@pytest.mark.django_db
def test_finnish_ui_never_shows_the_fallback_marker(client):
    response = client.get("/fi/strategiat/county-strategy/")
    assert "vain suomeksi" not in response.content.decode()


@pytest.mark.django_db
def test_swedish_page_marks_finnish_only_content(client):
    response = client.get(localized_path("sv", "/strategiat/county-strategy/"))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'class="fallback" lang="fi"' in body
    assert "endast på finska" in body


@pytest.mark.django_db
@pytest.mark.parametrize("lang", LANGUAGES)
def test_html_in_content_is_shown_as_text(client, lang):
    goal = make_goal(title_fi="<script>alert('x')</script> & <b>lihavoitu</b>")
    rating = make_rating(goal=goal, verbal_evaluation_fi="<img src=x onerror=alert(1)>")
    make_assignment(round=rating.round, section=goal.section, state=AssignmentState.APPROVED)
    response = client.get(localized_path(lang, f"/tavoitteet/{goal.pk}/"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert" not in body and "<img src=x" not in body
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &lt;b&gt;lihavoitu" in body
    assert "&lt;img src=x onerror=alert(1)&gt;" in body
    assert rating.pk


@pytest.mark.django_db
@pytest.mark.parametrize(("lang", "other"), [("fi", "sv"), ("sv", "fi")])
def test_language_switcher_keeps_the_page(client, lang, other):
    response = client.get(localized_path(lang, "/strategiat/service-strategy/?round=eval-2024"))
    body = response.content.decode()
    switched = localized_path(other, "/strategiat/service-strategy/?round=eval-2024")
    assert f'href="{switched}"' in body
    assert f'<html lang="{lang}">' in body


@pytest.mark.django_db
def test_root_redirects_to_a_language(client):
    response = client.get("/", headers={"accept-language": "sv"})
    assert response.status_code == 302
    assert response["Location"] == localized_path("sv", "/")

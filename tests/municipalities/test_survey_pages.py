"""Both survey pages: key figures, means by theme, the stakeholder survey's findings, links."""

import pytest

from evaluations.models import Finding
from tests.support import localized_path

pytestmark = pytest.mark.django_db

STAKEHOLDER = "/kyselyt/rescue-stakeholder-survey-2024/"
MUNICIPALITY = "/kyselyt/municipality-survey-2024/"


@pytest.mark.parametrize(
    ("lang", "texts"),
    [
        ("fi", ["Vastaajia", "Suositteluindeksi (NPS)", "Onnistumiset", "Poimintoja vastaajien"]),
        ("sv", ["Svarande", "Rekommendationsindex (NPS)", "Framgångar", "Citat ur de svarandes"]),
    ],
)
def test_stakeholder_survey_shows_what_the_fixtures_hold(
    client, lang, texts, django_assert_max_num_queries
):
    with django_assert_max_num_queries(10):
        response = client.get(localized_path(lang, STAKEHOLDER))
    body = response.content.decode()
    assert response.status_code == 200
    for text in texts:
        assert text in body
    assert "<dd>35</dd>" in body and "<dd>22 " in body
    # Five themes with their published means, marked as published.
    table = body.split('class="data compact theme-means"')[1].split("</table>")[0]
    assert table.count('scope="row"') == 5
    for mean in ("3,8", "3,3", "3,7"):
        assert mean in table
    assert table.count('class="published-marker"') == 5
    # The survey's findings: 5 successes, 4 goals still to advance, 7 quotes.
    assert body.count("<blockquote>") == Finding.objects.filter(kind="stakeholder_quote").count()
    assert "Länsi-Uudenmaan pelastuslaitos kehittää yhteistyötään järjestöjen kanssa." in body
    assert "edistää vapaaehtoistoimintaa" in body


def test_municipality_survey_has_no_stakeholder_findings(client, language):
    body = client.get(localized_path(language, MUNICIPALITY)).content.decode()
    assert 'id="findings-title"' not in body
    assert 'class="data compact theme-means"' in body


def test_survey_texts_are_escaped(client):
    finding = Finding.objects.filter(kind="stakeholder_quote").first()
    finding.text_fi = "<img src=x onerror=alert(1)>"
    finding.save()
    body = client.get(localized_path("fi", STAKEHOLDER)).content.decode()
    assert "<img src=x" not in body and "&lt;img src=x onerror=alert(1)&gt;" in body


def test_both_surveys_are_linked_from_the_round_page(client, language):
    body = client.get(localized_path(language, "/arvioinnit/eval-2024/")).content.decode()
    assert f'href="{localized_path(language, MUNICIPALITY)}"' in body
    assert f'href="{localized_path(language, STAKEHOLDER)}"' in body

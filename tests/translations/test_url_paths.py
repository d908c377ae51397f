"""Addresses read in the page's language: /sv/mal/… beside /fi/tavoitteet/…; the Finnish words
under /sv/ (links published before) move permanently to the Swedish address."""

import pytest
from django.urls import reverse
from django.utils.translation import override

from evaluations.models import Rating

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "kwargs", "finnish", "swedish"),
    [
        ("strategy:goal_list", {}, "/fi/tavoitteet/", "/sv/mal/"),
        (
            "strategy:detail",
            {"key": "county-strategy"},
            "/fi/strategiat/county-strategy/",
            "/sv/strategier/county-strategy/",
        ),
        (
            "evaluations:round_report",
            {"key": "eval-2024"},
            "/fi/arvioinnit/eval-2024/raportti.pdf",
            "/sv/utvarderingar/eval-2024/rapport.pdf",
        ),
        (
            "evaluations:open_data_summary_csv",
            {"key": "eval-2024"},
            "/fi/avoin-data/eval-2024/yhteenveto.csv",
            "/sv/oppna-data/eval-2024/sammanfattning.csv",
        ),
        ("municipalities:survey_results", {"key": "x"}, "/fi/kyselyt/x/", "/sv/enkater/x/"),
        ("work:my_work", {}, "/fi/tyo/", "/sv/arbete/"),
        ("login", {}, "/fi/kirjaudu/", "/sv/logga-in/"),
    ],
)
def test_each_language_has_its_own_words_in_the_address(name, kwargs, finnish, swedish):
    for language, expected in (("fi", finnish), ("sv", swedish)):
        with override(language):
            assert reverse(name, kwargs=kwargs) == expected


def test_swedish_pages_are_served_at_swedish_addresses_and_link_to_them(client):
    goal = Rating.objects.public().filter(goal__isnull=False).first().goal
    body = client.get("/sv/mal/").content.decode()
    assert 'href="/sv/mal/' in body and 'href="/sv/tavoitteet/' not in body
    assert client.get(f"/sv/mal/{goal.pk}/").status_code == 200
    assert client.get(f"/fi/tavoitteet/{goal.pk}/").status_code == 200
    # The same holds the other way round: Swedish words under /fi/ move to the Finnish ones.
    response = client.get(f"/fi/mal/{goal.pk}/")
    assert (response.status_code, response["Location"]) == (301, f"/fi/tavoitteet/{goal.pk}/")


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/sv/tavoitteet/?rating=5&sort=-rating", "/sv/mal/?rating=5&sort=-rating"),
        ("/sv/avoin-data/eval-2024/tavoitteet.json", "/sv/oppna-data/eval-2024/mal.json"),
        ("/sv/arvioinnit/eval-2024/", "/sv/utvarderingar/eval-2024/"),
        ("/sv/kirjaudu/?next=/sv/tyo/", "/sv/logga-in/?next=/sv/tyo/"),
    ],
)
def test_a_finnish_address_under_sv_moves_permanently_to_the_swedish_one(client, old, new):
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == new
    assert client.get(new, follow=True).status_code == 200


def test_only_reads_are_redirected_and_unknown_addresses_stay_404(client):
    assert client.post("/sv/tavoitteet/").status_code == 404
    assert client.get("/sv/ei-tallaista-sivua/").status_code == 404
    # An old Finnish e-mail link under /sv/ still opens the answering page.
    response = client.get("/sv/kunnat/vastaa/" + "x" * 43 + "/")
    assert response.status_code == 301
    assert response["Location"] == "/sv/kommuner/svara/" + "x" * 43 + "/"

"""The admin works for every model in both languages, and refuses bad input clearly."""

from types import SimpleNamespace

import pytest
from django.contrib import admin
from django.urls import reverse

from evaluations.models import Rating
from strategy.models import Goal
from tests.support import localized_path

pytestmark = pytest.mark.django_db

MODELS = sorted(admin.site._registry, key=lambda model: model._meta.label)
MODEL_IDS = [model._meta.label for model in MODELS]


def admin_url(model, action, *args, lang="fi"):
    from django.utils import translation

    with translation.override(lang):
        return reverse(
            f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}", args=args
        )


@pytest.mark.parametrize("lang", ["fi", "sv"])
@pytest.mark.parametrize("model", MODELS, ids=MODEL_IDS)
def test_every_admin_page_loads(admin_client, admin_user, model, lang):
    assert admin_client.get(admin_url(model, "changelist", lang=lang)).status_code == 200
    # Some admins are read-only by design (django-axes' login attempts).
    can_add = admin.site._registry[model].has_add_permission(SimpleNamespace(user=admin_user))
    expected = 200 if can_add else 403
    assert admin_client.get(admin_url(model, "add", lang=lang)).status_code == expected
    obj = model.objects.order_by("pk").first()
    if obj is not None:
        response = admin_client.get(admin_url(model, "change", obj.pk, lang=lang))
        assert response.status_code == 200


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_admin_index_is_in_the_chosen_language(admin_client, lang):
    body = admin_client.get(localized_path(lang, "/admin/")).content.decode()
    expected = {"fi": "Arvioinnit", "sv": "Utvärderingar"}[lang]
    assert expected in body


def rating_form(goal, round_pk, **overrides):
    data = {
        "round": round_pk,
        "goal": goal.pk,
        "sub_goal": "",
        "score": "4",
        "achieved": "yes",
        "verbal_evaluation_fi": "Hyvä",
        "verbal_evaluation_sv": "",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("lang", "message"),
    [("fi", "Valitse oikea vaihtoehto"), ("sv", "Välj ett giltigt alternativ")],
)
def test_score_out_of_range_is_refused_in_the_users_language(admin_client, lang, message):
    goal = Goal.objects.filter(ratings__isnull=True).first()
    round_pk = Rating.objects.first().round_id
    response = admin_client.post(
        admin_url(Rating, "add", lang=lang), rating_form(goal, round_pk, score="6")
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Rating.objects.filter(goal=goal).exists()


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("fi", "Tavoitteella on jo arvio tällä kierroksella."),
        ("sv", "Målet har redan en bedömning i denna omgång."),
    ],
)
def test_duplicate_rating_is_refused_with_a_clear_message(admin_client, lang, message):
    existing = Rating.objects.filter(goal__isnull=False).first()
    count = Rating.objects.count()
    response = admin_client.post(
        admin_url(Rating, "add", lang=lang), rating_form(existing.goal, existing.round_id)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Rating.objects.count() == count


@pytest.mark.parametrize(
    ("lang", "message"), [("fi", "Tämä kenttä vaaditaan."), ("sv", "Detta fält måste fyllas i.")]
)
def test_missing_required_text_saves_nothing(admin_client, lang, message):
    goal = Goal.objects.filter(sub_goals__isnull=True).first()
    original = goal.title_fi
    url = admin_url(Goal, "change", goal.pk, lang=lang)
    data = {
        "section": goal.section_id,
        "number": goal.number,
        "title_fi": "",
        "title_sv": "",
        "description_fi": "",
        "description_sv": "",
        "expected_effects_fi": "",
        "expected_effects_sv": "",
        "is_rated": "on",
        "order": goal.order,
        "sub_goals-TOTAL_FORMS": "1",
        "sub_goals-INITIAL_FORMS": "0",
        "sub_goals-0-order": "1",
        "sub_goals-0-title_fi": "Uusi alatavoite",
        "sub_goals-0-number": "",
    }
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    goal.refresh_from_db()
    assert goal.title_fi == original
    assert not goal.sub_goals.exists()  # the valid inline row was not saved either

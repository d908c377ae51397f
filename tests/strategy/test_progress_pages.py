"""Public follow-up pages: the progress dashboard, a goal's actions and indicators, an indicator's
page; only approved updates of published rounds; practice labels; no stale cache; queries."""

from datetime import date

import pytest

from evaluations.models import AssignmentState, EvaluationRound, RoundKind, RoundState
from tests.evaluations.progress_builders import (
    approve,
    followup_world,
    make_action,
    make_followup_round,
    make_indicator,
    make_update,
    make_value,
)
from tests.support import localized_path

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return followup_world()


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("fi", ["Eteneminen", "Etenee suunnitellusti", "Viivästynyt", "Ei kirjattu", "Ei tietoa"]),
        ("sv", ["Framskridande", "Framskrider enligt plan", "Försenad", "Ej registrerat"]),
    ],
)
def test_dashboard_counts_actions_by_status_and_names_the_period(client, world, lang, words):
    response = client.get(localized_path(lang, f"/strategiat/{world['strategy'].key}/eteneminen/"))
    body = response.content.decode()
    assert response.status_code == 200
    for word in words:
        assert word in body, word
    # The period is named; the bar is an SVG with its figures in a description.
    assert world["round"].name_fi if lang == "fi" else world["round"].name_sv in body
    assert 'class="chart status-bar"' in body and "<desc" in body
    assert "Asiakastyytyväisyys" in body or "Kundnöjdhet" in body


def test_dashboard_shows_no_zero_for_absent_data(client):
    world = followup_world()
    EvaluationRound.objects.filter(kind=RoundKind.FOLLOW_UP).update(state=RoundState.CLOSED)
    body = client.get(f"/fi/strategiat/{world['strategy'].key}/eteneminen/").content.decode()
    assert "Seurantaa ei ole vielä julkaistu" in body
    assert "Ei kirjattu" in body
    assert "Etenee suunnitellusti" not in body


def test_dashboard_offers_earlier_periods(client, world):
    later = make_followup_round(period_end=date(2026, 12, 31))
    approve(later, world["unit"])
    make_update(later, world["actions"]["late"], "done", progress_fi="Valmis nyt.")
    url = f"/fi/strategiat/{world['strategy'].key}/eteneminen/"
    latest = client.get(url).content.decode()
    assert f'value="{world["round"].key}"' in latest  # the earlier period can be chosen
    assert "Valmis" in latest
    earlier = client.get(f"{url}?kausi={world['round'].key}").content.decode()
    assert "Viivästynyt" in earlier
    assert client.get(f"{url}?kausi=no-such-round").status_code == 404


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_goal_page_lists_items_with_actions_history_and_indicators(client, world, lang):
    later = make_followup_round(period_end=date(2026, 12, 31), name_fi="Seuranta 2/2026")
    approve(later, world["unit"])
    make_update(later, world["actions"]["late"], "on_schedule", progress_fi="Kiinni kurottu.")
    body = client.get(localized_path(lang, f"/tavoitteet/{world['goal'].pk}/")).content.decode()
    assert "1.1" in body and "1.2" in body
    assert "Aikataulussa oleva" in body and "Myöhässä oleva" in body
    # Latest status and text, and the history across both periods.
    assert ("Kiinni kurottu." in body and "Rekrytointi viivästyi." in body) or lang == "sv"
    assert 'class="action-history"' in body
    assert f"/{lang}/{'mittarit' if lang == 'fi' else 'matare'}/" in body
    assert "Asiakkaat ovat tyytyväisempiä" in body


@pytest.mark.parametrize(("lang", "on_track"), [("fi", "Tavoitepolulla"), ("sv", "På målbanan")])
def test_indicator_page_has_chart_table_source_and_state(client, world, lang, on_track):
    indicator = world["indicator"]
    response = client.get(localized_path(lang, f"/mittarit/{indicator.key}/"))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'class="chart indicator-chart"' in body
    # 2025-12-31 is halfway from 10 (2024) to 20 (2026): path 15, value 16,5 is on track.
    assert "16,5\u00a0%" in body
    assert "15,0\u00a0%" in body
    assert on_track in body
    assert 'href="https://sotkanet.fi/"' in body
    assert "20,0\u00a0%" in body and "40,0\u00a0%" in body  # the target levels
    assert client.get(localized_path(lang, "/mittarit/no-such/")).status_code == 404


def test_indicator_without_values_reads_no_data(client, world):
    body = client.get(f"/fi/mittarit/{world['empty_indicator'].key}/").content.decode()
    assert "Ei tietoa vielä" in body
    assert ">0,0" not in body and ">0<" not in body


@pytest.mark.parametrize(
    "hide",
    ["unpublished", "unapproved"],
)
def test_unpublished_or_unapproved_updates_never_appear(client, world, hide):
    if hide == "unpublished":
        round_ = make_followup_round(period_end=date(2026, 12, 31), state=RoundState.OPEN)
        approve(round_, world["unit"])
    else:
        round_ = make_followup_round(period_end=date(2026, 12, 31))
        approve(round_, world["unit"], state=AssignmentState.SUBMITTED)
    make_update(round_, world["actions"]["late"], "cancelled", progress_fi="SALAINEN LUONNOS")
    make_value(round_, world["indicator"], date(2026, 12, 31), "99.9", note="SALAINEN ARVO")
    pages = [
        f"/fi/strategiat/{world['strategy'].key}/eteneminen/",
        f"/fi/tavoitteet/{world['goal'].pk}/",
        f"/fi/mittarit/{world['indicator'].key}/",
        f"/fi/arvioinnit/{world['round'].key}/",
    ]
    for page in pages:
        body = client.get(page).content.decode()
        assert "SALAINEN" not in body, page
        assert "Keskeytetty" not in body, page
        assert "99,9" not in body, page


def test_an_approved_update_shows_on_the_next_request(client, world):
    url = f"/fi/tavoitteet/{world['goal'].pk}/"
    round_ = make_followup_round(period_end=date(2026, 12, 31))
    assignment = approve(round_, world["unit"], state=AssignmentState.SUBMITTED)
    make_update(round_, world["actions"]["silent"], "done", progress_fi="Uusi tieto.")
    assert "Uusi tieto." not in client.get(url).content.decode()  # cached now
    assignment.state = AssignmentState.APPROVED
    assignment.save()
    assert "Uusi tieto." in client.get(url).content.decode()
    dashboard = f"/fi/strategiat/{world['strategy'].key}/eteneminen/"
    client.get(dashboard)
    make_value(round_, world["indicator"], date(2026, 12, 31), "21")
    assert "21,0" in client.get(f"/fi/mittarit/{world['indicator'].key}/").content.decode()


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_practice_data_is_labelled_on_every_page(client, lang):
    world = followup_world(practice=True)
    label = "Harjoitusaineistoa" if lang == "fi" else "Övningsdata"
    pages = [
        localized_path(lang, f"/strategiat/{world['strategy'].key}/eteneminen/"),
        localized_path(lang, f"/tavoitteet/{world['goal'].pk}/"),
        localized_path(lang, f"/mittarit/{world['indicator'].key}/"),
        localized_path(lang, f"/arvioinnit/{world['round'].key}/"),
    ]
    for page in pages:
        assert label in client.get(page).content.decode(), page


def test_pages_escape_content(client, world):
    world["actions"]["late"].title_fi = "<script>x()</script>"
    world["actions"]["late"].save()
    body = client.get(f"/fi/tavoitteet/{world['goal'].pk}/").content.decode()
    assert "<script>x()</script>" not in body


def test_query_counts_do_not_grow_with_actions_indicators_and_values(
    client, world, django_assert_max_num_queries
):
    urls = [
        f"/fi/strategiat/{world['strategy'].key}/eteneminen/",
        f"/fi/tavoitteet/{world['goal'].pk}/",
        f"/fi/mittarit/{world['indicator'].key}/",
        f"/fi/arvioinnit/{world['round'].key}/",
    ]
    ceilings = dict.fromkeys(urls, 0)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url + "?x=1").status_code == 200
        ceilings[url] = len(queries)
    # Ten times more actions, indicators and values.
    for n in range(10):
        action = make_action(goal=world["goal"], unit=world["unit"])
        make_update(world["round"], action, "delayed", progress_fi=f"Syy {n}")
        indicator = make_indicator(goals=[world["goal"]], unit=world["unit"])
        make_value(world["round"], indicator, date(2025, 12, 31), n)
        make_value(world["round"], world["indicator"], date(2010 + n, 12, 31), n)
    for url in urls:
        with django_assert_max_num_queries(ceilings[url]):
            assert client.get(url + "?x=2").status_code == 200
    assert max(ceilings.values()) <= 16


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_goal_list_filters_by_action_status_and_indicator_state(
    client, world, lang, django_assert_max_num_queries
):
    goal_path = localized_path(lang, f"/tavoitteet/{world['goal'].pk}/")
    goal_link = f'href="{goal_path}"'
    with django_assert_max_num_queries(20):
        delayed = client.get(localized_path(lang, "/tavoitteet/?action_status=delayed"))
    assert delayed.status_code == 200
    assert goal_link in delayed.content.decode()
    cancelled = client.get(
        localized_path(lang, "/tavoitteet/?action_status=cancelled")
    ).content.decode()
    assert goal_link not in cancelled
    on_track = client.get(
        localized_path(lang, "/tavoitteet/?indicator_state=on_track")
    ).content.decode()
    assert goal_link in on_track
    off_track = client.get(
        localized_path(lang, "/tavoitteet/?indicator_state=off_track")
    ).content.decode()
    assert goal_link not in off_track
    # Filters of the form, in the page's language.
    label = "Toimenpiteen tila" if lang == "fi" else "Åtgärdens status"
    assert label in delayed.content.decode()
    assert client.get(localized_path(lang, "/tavoitteet/?action_status=bogus")).status_code == 400


def test_goal_list_status_filter_ignores_unapproved_updates(client, world):
    round_ = make_followup_round(period_end=date(2026, 12, 31))
    approve(round_, world["unit"], state=AssignmentState.SUBMITTED)
    make_update(round_, world["actions"]["silent"], "cancelled")
    body = client.get("/fi/tavoitteet/?action_status=cancelled").content.decode()
    assert f'href="/fi/tavoitteet/{world["goal"].pk}/"' not in body

"""Switching language keeps the page: the login page's ``next``, error pages, query strings."""

import html

import pytest

from tests.factories import make_user
from tests.support import localized_path

pytestmark = pytest.mark.django_db


def _switch_link(response, language):
    """The language switcher's link to ``language`` on the page."""
    page = response.content.decode()
    marker = f'lang="{language}" hreflang="{language}"'
    before = page[: page.index(marker)]
    return html.unescape(before[before.rindex('href="') + 6 :].split('"')[0])


def test_login_page_switch_keeps_next_in_the_new_language(client):
    response = client.get("/fi/kirjaudu/?next=/fi/tyo/")
    # Both the page and its next are in Swedish words: /sv/logga-in/?next=/sv/arbete/.
    assert _switch_link(response, "sv") == "/sv/logga-in/?next=%2Fsv%2Farbete%2F"
    swedish = client.get(_switch_link(response, "sv"))
    assert 'name="next" value="/sv/arbete/"' in swedish.content.decode()


def test_login_required_sends_to_the_login_page_in_the_same_language(client):
    response = client.get(localized_path("sv", "/tyo/"))
    assert response.status_code == 302
    assert response["Location"].startswith("/sv/logga-in/?next=/sv/arbete/")


def test_a_foreign_next_is_left_as_it_is(client):
    response = client.get("/fi/kirjaudu/?next=//evil.example/")
    assert _switch_link(response, "sv") == localized_path(
        "sv", "/kirjaudu/?next=%2F%2Fevil.example%2F"
    )


def test_404_page_switches_to_the_same_address_in_swedish(client):
    response = client.get("/fi/ei-tallaista-sivua/")
    assert response.status_code == 404
    assert _switch_link(response, "sv") == localized_path("sv", "/ei-tallaista-sivua/")
    missing_goal = client.get(localized_path("sv", "/tavoitteet/999999/"))
    assert missing_goal.status_code == 404
    assert _switch_link(missing_goal, "fi") == "/fi/tavoitteet/999999/"


def test_403_page_switches_to_the_same_address(client, assignment):
    client.force_login(make_user())
    response = client.get(localized_path("sv", f"/tyo/{assignment.pk}/"))
    assert response.status_code == 403
    assert _switch_link(response, "fi") == f"/fi/tyo/{assignment.pk}/"


def test_query_string_is_kept(client):
    response = client.get("/fi/tavoitteet/?q=palvelu&sort=title")
    assert _switch_link(response, "sv") == localized_path("sv", "/tavoitteet/?q=palvelu&sort=title")

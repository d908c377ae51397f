"""Hardening, round 2 (issue #11): login lockout behind a proxy, HTTP methods, CSV cells."""

import csv
import io

import pytest
from django.contrib.auth import get_user_model

from luvn.spreadsheet import spreadsheet_safe

pytestmark = pytest.mark.django_db


def login_attempt(client, username, password, *, remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post("/fi/kirjaudu/", {"username": username, "password": password}, **extra)


@pytest.fixture
def account():
    get_user_model().objects.create_user("lukittava", password="oikea-salasana-123")
    return "lukittava"


def test_without_trusted_proxies_a_forged_header_changes_nothing(client, account, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    # Five failures, each claiming another address: still one address, so locked.
    for n in range(5):
        login_attempt(client, account, "väärä", remote="192.0.2.10", forwarded=f"203.0.113.{n}")
    response = login_attempt(
        client, account, "oikea-salasana-123", remote="192.0.2.10", forwarded="198.51.100.1"
    )
    assert response.status_code == 429
    # Another connection is not locked out by them.
    response = login_attempt(client, account, "oikea-salasana-123", remote="192.0.2.99")
    assert response.status_code == 302


def test_behind_one_trusted_proxy_the_client_address_counts(client, account, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.2"
    # The attacker fails five times through the proxy and forges the left part of the header.
    for n in range(5):
        login_attempt(
            client, account, "väärä", remote=proxy, forwarded=f"198.51.100.{n}, 203.0.113.66"
        )
    # Locked for the attacker, whatever they forge ...
    response = login_attempt(
        client, account, "oikea-salasana-123", remote=proxy, forwarded="1.2.3.4, 203.0.113.66"
    )
    assert response.status_code == 429
    # ... but not for the real user, who comes through the same proxy from elsewhere.
    response = login_attempt(
        client, account, "oikea-salasana-123", remote=proxy, forwarded="203.0.113.7"
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (0, "203.0.113.5", "10.0.0.2"),
        (1, "203.0.113.5", "203.0.113.5"),
        (1, "6.6.6.6, 203.0.113.5", "203.0.113.5"),
        (2, "6.6.6.6, 203.0.113.5, 10.0.0.1", "203.0.113.5"),
        (2, "203.0.113.5", "10.0.0.2"),  # fewer hops than proxies: the connection's address
        (1, "not-an-address", "10.0.0.2"),
        (1, "", "10.0.0.2"),
    ],
)
def test_client_ip(rf, settings, count, forwarded, expected):
    from luvn.client_ip import client_ip

    settings.TRUSTED_PROXY_COUNT = count
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


@pytest.mark.parametrize(
    ("value", "defused"),
    [
        ("=1+1", True),
        ("+1", True),
        ("-1", True),
        ("@SUM(A1)", True),
        ("\t=1", True),
        ("\r=1", True),
        ("\tteksti", True),
        (" =HYPERLINK()", True),
        ("\n=1+1", True),
        ("\r\n  +1", True),
        ("\u00a0@x", True),
        ("tavallinen teksti", False),
        ("a = b", False),
        ("", False),
    ],
)
def test_spreadsheet_safe(value, defused):
    assert spreadsheet_safe(value) == ("'" + value if defused else value)
    assert spreadsheet_safe(3) == 3


@pytest.mark.parametrize("method", ["TRACE", "PUT", "DELETE", "PATCH", "OPTIONS", "PROPFIND"])
@pytest.mark.parametrize("path", ["/fi/", "/fi/kirjaudu/", "/healthz"])
def test_unsupported_methods_get_405(client, method, path):
    response = client.generic(method, path)
    assert response.status_code == 405
    assert set(response["Allow"].split(", ")) == {"GET", "HEAD", "POST"}
    assert b"<html" not in response.content


def test_supported_methods_still_work(client):
    assert client.get("/fi/").status_code == 200
    assert client.head("/healthz").status_code == 200


@pytest.mark.parametrize("start", [" =", "\n=", "\r\n+", "\t-", "  @", "\t"])
def test_exports_defuse_formulas_after_leading_whitespace(client, start):
    from evaluations.models import EvaluationRound
    from strategy.models import Section
    from tests.factories import make_goal, make_rating

    round_ = EvaluationRound.objects.get(key="eval-2024")
    section = Section.objects.get(strategy__key="county-strategy", key="promote-wellbeing")
    title = f'{start}HYPERLINK("http://evil.invalid") välilyönti'
    goal = make_goal(section=section, order=9123, title_fi=title)
    make_rating(round=round_, goal=goal, score=2, verbal_evaluation_fi=f"{start}1+1")
    open_rows = list(
        csv.DictReader(
            io.StringIO(client.get("/fi/avoin-data/eval-2024/tavoitteet.csv").content.decode())
        )
    )
    (row,) = [r for r in open_rows if r["goal_id"] == str(goal.pk)]
    assert row["title_fi"] == "'" + title
    assert row["verbal_evaluation_fi"] == f"'{start}1+1"
    response = client.get("/fi/tavoitteet/?q=välilyönti&_export=csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Tavoite"] == "'" + title

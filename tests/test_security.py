"""Security settings: headers on every response, production checks, login throttling, hashing."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from tests.support import localized_path

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": "x" * 20 + "-a-long-random-production-secret-for-the-test-0123456789",
    "ALLOWED_HOSTS": "strategia.example.fi",
    "DATABASE_URL": "sqlite:////tmp/luvn-check-deploy.sqlite3",
}


def run_manage(*args, env=None):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_make_cookies_secure_and_debug_off():
    code = (
        "from django.conf import settings as s;"
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT,"
        " s.SECURE_HSTS_SECONDS >= 31536000, s.SESSION_COOKIE_HTTPONLY)"
    )
    result = run_manage("shell", "-c", code, env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "False True True True True True"


def test_production_refuses_to_start_without_a_secret_key():
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != "SECRET_KEY"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={k: v for k, v in {**os.environ, **env}.items() if k != "SECRET_KEY"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.parametrize(
    "path", ["/fi/", localized_path("sv", "/kirjaudu/"), "/fi/strategiat/county-strategy/"]
)
def test_every_page_sends_the_security_headers(client, path):
    response = client.get(path)
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "object-src 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
        "base-uri 'self'",
    ):
        assert directive in csp
    assert "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_hsts_is_sent_over_https_in_production(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get("/fi/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_passwords_are_hashed_with_argon2():
    user = get_user_model().objects.create_user("hash-test", password="pitkä-salasana-123")
    assert user.password.startswith("argon2$")


def post_login(client, username, password, lang="fi"):
    return client.post(
        localized_path(lang, "/kirjaudu/"),
        {"username": username, "password": password},
        REMOTE_ADDR="192.0.2.10",
    )


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_repeated_failed_logins_are_throttled(client, lang):
    get_user_model().objects.create_user("virkailija-x", password="oikea-salasana-123")
    for _attempt in range(4):
        assert post_login(client, "virkailija-x", "väärä", lang).status_code == 200
    assert post_login(client, "virkailija-x", "väärä", lang).status_code == 429  # the fifth
    response = post_login(client, "virkailija-x", "oikea-salasana-123", lang)
    assert response.status_code == 429
    expected = {"fi": "Liian monta", "sv": "För många"}[lang]
    assert expected in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_failed_login_message_does_not_tell_whether_the_user_exists(client):
    get_user_model().objects.create_user("olemassa", password="oikea-salasana-123")

    def error_text(username):
        body = post_login(client, username, "väärä").content.decode()
        return body[body.index('class="error-summary"') :].split("</div>")[0]

    existing, missing = error_text("olemassa"), error_text("ei-ole")
    assert existing == missing
    assert "kelvollinen käyttäjätunnus ja salasana" in existing  # names neither user nor cause


def test_successful_login_reaches_my_work(client):
    get_user_model().objects.create_user("onnistuu", password="oikea-salasana-123")
    response = post_login(client, "onnistuu", "oikea-salasana-123")
    assert response.status_code == 302
    assert response["Location"] == "/fi/tyo/"


def test_a_username_that_grows_when_normalised_is_refused_cleanly(client):
    # NFKC turns this one character into 18: 150 of them would overflow axes' records.
    response = post_login(client, "\ufdfa" * 150, "väärä")
    assert response.status_code == 200
    assert "kelvollinen käyttäjätunnus ja salasana" in response.content.decode()

"""Hardening round 3, the low findings (#28, item 6): tokens kept out of logs, a DTD refused at
the parser whatever the encoding, no 404 redirected to itself, throttled password resets and
token guesses, and a backup without the task queue."""

import io
import logging
import secrets

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import translation

from evaluations.roles import ADMINISTRATOR
from luvn.backup import backup_models
from luvn.log_filters import RedactTokens, redact
from luvn.translation_exchange import TranslationFileError, xliff_read
from tests.factories import make_user
from tests.municipalities.builders import answer_url

pytestmark = pytest.mark.django_db


def test_an_answering_token_never_reaches_the_log(client):
    (console,) = [
        h
        for h in logging.getLogger().handlers
        if any(isinstance(f, RedactTokens) for f in h.filters)
    ]
    stream = io.StringIO()
    original = console.setStream(stream)
    try:
        token = secrets.token_urlsafe(32)
        assert client.get(answer_url(token)).status_code == 404
    finally:
        console.setStream(original)
    logged = stream.getvalue()
    assert "Not Found" in logged and "[token]" in logged
    assert token not in logged
    assert redact(f"/fi/kunnat/vastaa/{token}/vahvista/") == "/fi/kunnat/vastaa/[token]/vahvista/"
    assert redact("/fi/strategiat/service-strategy/") == "/fi/strategiat/service-strategy/"
    survey = "/sv/enkater/supervisors-survey-2025-practice/"
    assert redact(survey) == survey
    reset = "/fi/salasana/uusi/MQ/cdxq8a-0123456789abcdef0123456789abcdef/"
    assert redact(reset) == "/fi/salasana/uusi/MQ/[token]/"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "utf-16-be", "utf-32"])
def test_a_dtd_is_refused_at_the_parser_whatever_the_encoding(encoding):
    text = (
        f"<?xml version='1.0' encoding='{encoding}'?>"
        "<!DOCTYPE xliff [<!ENTITY a 'aaaaaaaaaa'><!ENTITY b '&a;&a;&a;&a;&a;'>]>"
        "<xliff version='2.0' xmlns='urn:oasis:names:tc:xliff:document:2.0' srcLang='fi'"
        " trgLang='sv'><file id='f'><unit id='u'><segment><source>&b;</source>"
        "<target>&b;</target></segment></unit></file></xliff>"
    )
    data = text.encode(encoding)
    assert b"<!DOCTYPE" not in data or encoding == "utf-8"
    with pytest.raises(TranslationFileError):
        xliff_read(data)


def test_a_404_of_an_address_alike_in_both_languages_stays_a_404(client):
    admin = make_user(ADMINISTRATOR, is_staff=True, is_superuser=True)
    client.force_login(admin)
    for language in ("fi", "sv"):
        with translation.override(language):
            path = reverse("admin:luvn_translations_scope", kwargs={"kind": "strategy", "pk": 0})
        response = client.get(path)
        assert response.status_code == 404, (path, response.get("Location"))


def test_password_reset_requests_are_throttled_per_account_and_per_address(client):
    get_user_model().objects.create_user("reset", "reset@example.fi", "old-password-123")
    path = reverse("password_reset")
    for n in range(5):
        response = client.post(path, {"email": "reset@example.fi"}, REMOTE_ADDR=f"192.0.2.{n}")
        assert response.status_code == 302  # the same page, whether sent or not
    assert len(mail.outbox) == 3
    for _ in range(10):
        client.post(path, {"email": "nobody@example.fi"}, REMOTE_ADDR="198.51.100.9")
    refused = client.post(path, {"email": "nobody@example.fi"}, REMOTE_ADDR="198.51.100.9")
    assert refused.status_code == 429
    assert "Liian monta pyyntöä" in refused.content.decode()
    # Another client is not affected.
    assert (
        client.post(path, {"email": "x@example.fi"}, REMOTE_ADDR="203.0.113.1").status_code == 302
    )


def test_guesses_of_answering_tokens_are_throttled_per_client(client):
    for _ in range(20):
        assert client.get(answer_url(secrets.token_urlsafe(32))).status_code == 404
    assert client.get(answer_url(secrets.token_urlsafe(32))).status_code == 429
    other = client.get(answer_url(secrets.token_urlsafe(32)), REMOTE_ADDR="203.0.113.2")
    assert other.status_code == 404


def test_the_backup_leaves_out_the_task_queue_sessions_and_lockouts():
    labels = {model._meta.app_label for model in backup_models()}
    assert not labels & {"django_tasks_database", "sessions", "axes", "contenttypes", "admin"}
    assert {"strategy", "evaluations", "municipalities", "auth"} <= labels

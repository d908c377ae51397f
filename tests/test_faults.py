"""Faults: a crash while rendering the PDF, and the database restarting under the app."""

import logging
import re
import urllib.parse
import urllib.request
from unittest import mock

import pytest
from django.db import connection

from evaluations.models import Rating
from evaluations.reports import evaluation as report
from municipalities.models import Answer
from tests.evaluations.helpers import first_key, form_data, url
from tests.municipalities.builders import answer_url, issue, make_survey
from tests.support import localized_path


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_a_crash_in_pdf_rendering_gives_an_error_page_and_is_logged(client, caplog, lang):
    client.raise_request_exception = False
    with (
        mock.patch.object(report, "html_to_pdf", side_effect=RuntimeError("layout exploded")),
        caplog.at_level(logging.ERROR, logger="django.request"),
    ):
        response = client.get(localized_path(lang, "/arvioinnit/eval-2024/raportti.pdf"))
    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")
    assert "Content-Disposition" not in response
    expected = {"fi": "Jotain meni vikaan", "sv": "Något gick fel"}[lang]
    assert expected in response.content.decode()
    assert any("layout exploded" in str(record.exc_info[1]) for record in caplog.records)


def terminate_other_connections():
    """What a database restart does to the app: every open connection is cut."""
    import psycopg

    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    name = connection.settings_dict["NAME"]
    with psycopg.connect(**{**params, "dbname": name}, autocommit=True) as admin:
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            [name],
        )


class Browserless:
    """A minimal HTTP client with cookies, talking to the live server like a browser would."""

    def __init__(self, base_url, session_key):
        self.base_url = base_url
        self.cookies = {"sessionid": session_key}

    def _open(self, path, body=None) -> tuple[int, str]:
        request = urllib.request.Request(self.base_url + path, data=body)  # noqa: S310
        request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (our server)
            for header in response.headers.get_all("Set-Cookie") or []:
                name, value = header.split(";")[0].split("=", 1)
                self.cookies[name] = value
            return response.status, response.read().decode()

    def get(self, path) -> tuple[int, str]:
        return self._open(path)

    def post(self, path, data) -> tuple[int, str]:
        _status, page = self.get(path)
        data = {**data, "csrfmiddlewaretoken": re.search(CSRF, page).group(1)}
        return self._open(path, urllib.parse.urlencode(data).encode())


CSRF = r'name="csrfmiddlewaretoken" value="([^"]+)"'


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="a database restart is simulated on PostgreSQL"
)
def test_app_recovers_after_a_database_restart_without_losing_saved_work(
    live_server, client, people, assignment
):
    client.force_login(people["official"])
    app = Browserless(live_server.url, client.cookies["sessionid"].value)
    key = first_key(assignment).replace("-", "_")
    status, _page = app.post(url(assignment), form_data(assignment, **{key: {"score": 4}}))
    assert status == 200  # after the redirect back to the form
    assert Rating.objects.get(round=assignment.round).score == 4

    survey = make_survey()
    _invitation, token = issue(survey)
    survey_page = answer_url(token)
    status, _page = app.post(survey_page, {"action": "save", "answer-s1": "4"})
    assert status == 200

    terminate_other_connections()
    connection.close()  # the test's own connection was cut too; the server's is its own

    # The server notices its dead connection at the next request (CONN_HEALTH_CHECKS).
    assert app.get(url(assignment))[0] == 200
    status, _page = app.post(url(assignment), form_data(assignment, **{key: {"achieved": "yes"}}))
    assert status == 200
    rating = Rating.objects.get(round=assignment.round)
    assert (rating.score, rating.achieved) == (4, "yes")
    status, _page = app.post(survey_page, {"action": "save", "answer-s1": "4", "answer-s2": "2"})
    assert status == 200
    answers = Answer.objects.filter(response__survey=survey).values_list("question__key", "score")
    assert sorted(answers) == [("s1", 4), ("s2", 2)]

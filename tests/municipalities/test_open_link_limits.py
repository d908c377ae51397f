"""Hardening round 3: the open link's budget per client behind a proxy, under concurrent posts,
and without keeping any client address."""

import base64
import threading
from datetime import UTC, timedelta

import pytest
from django.db import connection, connections
from django.test import Client
from django.utils import timezone

from municipalities import open_link
from municipalities.models import SurveyResponse, end_of_day
from tests.evaluations.test_contention import request_database
from tests.municipalities.builders import make_anonymous_survey, open_url
from tests.municipalities.test_audiences import answers

PROXY = "10.0.0.5"


def _post(client, survey, forwarded: str):
    return client.post(
        open_url(survey),
        answers(party="vpk"),
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


@pytest.mark.django_db
def test_behind_the_proxy_one_client_cannot_use_up_the_budget_of_others(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.SURVEY_OPEN_LINK_RATE = (2, 3600)
    survey = make_anonymous_survey(audience="open_link")
    assert _post(client, survey, "198.51.100.1").status_code == 302
    assert _post(client, survey, "198.51.100.1").status_code == 302
    assert _post(client, survey, "198.51.100.1").status_code == 429
    # What the client writes into the header itself does not make it another client.
    assert _post(client, survey, "203.0.113.9, 198.51.100.1").status_code == 429
    # Another client behind the same proxy still answers.
    assert _post(client, survey, "198.51.100.2").status_code == 302
    assert SurveyResponse.objects.filter(survey=survey).count() == 3


@pytest.mark.django_db
def test_the_limiter_keeps_no_client_address(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    survey = make_anonymous_survey(audience="open_link")
    assert _post(client, survey, "198.51.100.77").status_code == 302
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key, value FROM luvn_cache")
        rows = cursor.fetchall()
    assert any(f"throttle:open-link:{survey.pk}:" in key for key, _value in rows)
    for key, value in rows:
        assert "198.51.100.77" not in key
        assert b"198.51.100.77" not in base64.b64decode(value)
    # The counts live no longer than the window, and no longer than the survey is open.
    _limit, window = open_link.rate()
    with connection.cursor() as cursor:
        cursor.execute("SELECT expires FROM luvn_cache WHERE cache_key LIKE %s", ["%throttle%"])
        expiries = [
            row[0] if timezone.is_aware(row[0]) else row[0].replace(tzinfo=UTC)
            for row in cursor.fetchall()
        ]
    closes = end_of_day(survey.closes_on)
    assert expiries and all(
        expires <= min(closes, timezone.now() + timedelta(seconds=window + 1))
        for expires in expiries
    )


@pytest.mark.django_db(transaction=True)
def test_concurrent_posts_of_one_client_stay_within_the_budget(tmp_path, settings):
    settings.SURVEY_OPEN_LINK_RATE = (3, 3600)
    survey = make_anonymous_survey(audience="open_link")
    threads_n = 12
    statuses = [None] * threads_n
    barrier = threading.Barrier(threads_n)

    def post(n):
        try:
            barrier.wait()
            statuses[n] = (
                Client(raise_request_exception=False)
                .post(open_url(survey), answers(party="vpk"), REMOTE_ADDR="198.51.100.3")
                .status_code
            )
        except Exception as error:
            statuses[n] = repr(error)
        finally:
            connections.close_all()

    with request_database(tmp_path):
        threads = [threading.Thread(target=post, args=(n,)) for n in range(threads_n)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        reader = connections.create_connection("default")
        with reader.cursor() as cursor:
            cursor.execute(
                "SELECT COUNT(*) FROM municipalities_surveyresponse WHERE survey_id = %s",
                [survey.pk],
            )
            (stored,) = cursor.fetchone()
        reader.close()
    assert sorted(statuses) == [302] * 3 + [429] * (threads_n - 3), statuses
    assert stored == 3

"""One render per report key across all workers (issue #11, "one render per change").

Concurrent cold requests for a report cause exactly one render; the others wait for it, or get
a "being prepared" page (503 + Retry-After) when it takes too long. Threads stand for gunicorn
workers: the lock is in the database cache, which every worker and thread shares alike.
"""

import threading
import time

import pytest
from django.core.cache import cache
from django.db import connections
from django.test import Client

from evaluations.models import EvaluationRound
from evaluations.reports import evaluation as report
from luvn.content_generation import renew_content_generation
from luvn.render_once import lock_key
from tests.evaluations.test_contention import request_database
from tests.support import localized_path

ROUND_KEY = "eval-2024"
REQUESTS = 10


class CountingRender:
    """Stands in for WeasyPrint: slow enough that every request arrives while it runs."""

    def __init__(self, seconds=1.0):
        self.seconds = seconds
        self.calls = 0
        self._lock = threading.Lock()

    def __call__(self, *, round, language):
        with self._lock:
            self.calls += 1
        time.sleep(self.seconds)
        return f"%PDF-fake {round.key} {language}".encode()


@pytest.mark.django_db(transaction=True)
def test_concurrent_cold_requests_cause_exactly_one_render(tmp_path, monkeypatch, settings):
    settings.REPORT_RENDER_WAIT = 30
    render = CountingRender()
    monkeypatch.setattr(report, "report_pdf", render)
    renew_content_generation()  # cold: no PDF for the current content yet
    results = [None] * REQUESTS
    barrier = threading.Barrier(REQUESTS)

    def download(n):
        try:
            barrier.wait()
            response = Client().get(f"/fi/arvioinnit/{ROUND_KEY}/raportti.pdf")
            results[n] = (response.status_code, response.content)
        except Exception as error:
            results[n] = (repr(error), b"")
        finally:
            connections.close_all()

    with request_database(tmp_path):
        threads = [threading.Thread(target=download, args=(n,)) for n in range(REQUESTS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    assert render.calls == 1
    assert results == [(200, b"%PDF-fake eval-2024 fi")] * REQUESTS


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("fi", "Arvioinnin yhteenvetoa valmistellaan"),
        ("sv", "Sammanfattningen av utvärderingen förbereds"),
    ],
)
def test_a_render_in_progress_elsewhere_gives_a_being_prepared_page(
    client, monkeypatch, settings, lang, text
):
    settings.REPORT_RENDER_WAIT = 0
    render = CountingRender(seconds=0)
    monkeypatch.setattr(report, "report_pdf", render)
    round_ = EvaluationRound.objects.get(key=ROUND_KEY)
    key = report.report_cache_key(round=round_, language=lang)
    cache.delete(key)
    assert cache.add(lock_key(key), "another worker", timeout=60)
    response = client.get(localized_path(lang, f"/arvioinnit/{ROUND_KEY}/raportti.pdf"))
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert text in response.content.decode()
    assert render.calls == 0
    # When the other worker is done, the PDF is served without another render.
    cache.set(key, b"%PDF-theirs")
    cache.delete(lock_key(key))
    response = client.get(localized_path(lang, f"/arvioinnit/{ROUND_KEY}/raportti.pdf"))
    assert (response.status_code, response.content) == (200, b"%PDF-theirs")
    assert render.calls == 0


@pytest.mark.django_db
def test_a_failed_render_releases_the_lock(monkeypatch):
    def broken(*, round, language):
        raise RuntimeError("WeasyPrint failed")

    monkeypatch.setattr(report, "report_pdf", broken)
    round_ = EvaluationRound.objects.get(key=ROUND_KEY)
    renew_content_generation()
    with pytest.raises(RuntimeError):
        report.report_pdf_cached(round=round_, language="fi")
    key = report.report_cache_key(round=round_, language="fi")
    assert cache.get(lock_key(key)) is None
    assert cache.get(key) is None

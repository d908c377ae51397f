"""Publishing or changing a round renders its reports in the background (django-tasks), once."""

from types import SimpleNamespace

import pytest
from django.core.cache import cache

from evaluations import tasks
from evaluations.models import EvaluationRound, RoundState
from evaluations.reports import evaluation as report
from evaluations.reports import followup as followup_report
from evaluations.summaries.ratings import round_list
from luvn.content_generation import content_generation, renew_content_generation
from tests.evaluations.test_report_lock import CountingRender
from tests.support import localized_path

pytestmark = pytest.mark.django_db


@pytest.fixture
def render(monkeypatch, settings):
    settings.REPORT_PRERENDER = True
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    counting = CountingRender(seconds=0)
    monkeypatch.setattr(report, "report_pdf", counting)
    monkeypatch.setattr(followup_report, "followup_report_pdf", counting)
    return counting


def test_publishing_a_round_renders_its_reports_before_anyone_asks(
    client, render, django_capture_on_commit_callbacks
):
    practice = EvaluationRound.objects.get(key="eval-2025")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        practice.state = RoundState.PUBLISHED
        practice.save()
        # More changes in the same transaction: still one task.
        practice.save()
    assert len(callbacks) >= 1
    published = list(round_list(kind=None))  # evaluation and follow-up rounds
    assert practice in published
    assert render.calls == len(published) * 2  # every published round, both languages
    for lang in ("fi", "sv"):
        response = client.get(localized_path(lang, "/arvioinnit/eval-2025/raportti.pdf"))
        assert response.status_code == 200
        assert response.content == f"%PDF-fake eval-2025 {lang}".encode()
    assert render.calls == len(published) * 2  # served from the cache, not rendered again


def test_a_task_for_outdated_content_renders_nothing(render):
    old = content_generation()
    renew_content_generation()
    assert tasks.render_published_reports.call(old) == 0
    assert render.calls == 0


def test_a_report_already_rendered_is_not_rendered_again(render):
    generation = content_generation()
    for round_ in round_list(kind=None):
        key = followup_report.round_report(round_).cache_key
        for lang in ("fi", "sv"):
            cache.set(key(round=round_, language=lang), b"%PDF-ready")
    assert tasks.render_published_reports.call(generation) == 0
    assert render.calls == 0


def test_without_prerendering_changes_enqueue_nothing(
    render, settings, django_capture_on_commit_callbacks
):
    settings.REPORT_PRERENDER = False
    with django_capture_on_commit_callbacks(execute=True):
        round_ = EvaluationRound.objects.get(key="eval-2024")
        round_.save()
    assert render.calls == 0


def test_a_failing_queue_does_not_break_the_save(
    render, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(*args, **kwargs):
        raise RuntimeError("no task table")

    monkeypatch.setattr(tasks, "render_published_reports", SimpleNamespace(enqueue=broken))
    with django_capture_on_commit_callbacks(execute=True):
        round_ = EvaluationRound.objects.get(key="eval-2024")
        round_.save()
    assert render.calls == 0

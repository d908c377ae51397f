"""Background work on django-tasks: the published reports rendered before anyone asks.

Publishing or changing published content renews the content generation
(``luvn/content_generation.py``), which sends ``content_renewed``; ``schedule_report_renders``
listens for it (connected in ``apps.py``) and, when the transaction commits,
enqueues one ``render_published_reports`` task for the new generation. The task renders the
evaluation summary or follow-up report of every published round in every language through the
one-render lock (``luvn/render_once.py``), so the first reader finds the PDF ready and a reader
who comes during the render waits for it instead of starting another.

In production the database backend keeps the queue and ``manage.py db_worker`` runs it (see the
README); in development and tests the immediate backend runs a task at once, and
``REPORT_PRERENDER`` (on in production) decides whether changes enqueue renders at all.
"""

import logging

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django_tasks import task

from evaluations.reports import evaluation as report
from evaluations.reports import followup as followup_report
from evaluations.summaries import ratings as selectors
from luvn.content_generation import content_generation
from luvn.render_once import NotReady

logger = logging.getLogger(__name__)

_last_scheduled = {"generation": None}


@task()
def render_published_reports(generation: str) -> int:
    """Render the missing reports of the published rounds; returns how many it rendered.

    A task whose generation is no longer current does nothing: a later task renders the newer
    content (so a burst of changes costs one render per report, not one per change)."""
    if content_generation() != generation:
        return 0
    rendered = 0
    for round_ in selectors.round_list(kind=None):
        kind = followup_report.round_report(round_)
        for language in report.languages():
            if cache.has_key(kind.cache_key(round=round_, language=language)):
                continue
            try:
                kind.pdf_cached(round=round_, language=language, wait=0)
            except NotReady:
                continue  # another worker renders it right now
            except Exception:
                logger.exception("Rendering the report of %s in %s failed.", round_.key, language)
                continue
            rendered += 1
    return rendered


def schedule_report_renders(**kwargs) -> None:
    """After the current transaction commits, enqueue one render task for the generation."""
    if not settings.REPORT_PRERENDER:
        return
    transaction.on_commit(_enqueue)


def _enqueue() -> None:
    generation = content_generation()
    if _last_scheduled["generation"] == generation:
        return  # the same transaction renewed the generation many times: one task is enough
    _last_scheduled["generation"] = generation
    try:
        render_published_reports.enqueue(generation)
    except Exception:
        # The change is saved; without the task the first reader renders the report.
        logger.exception("Could not enqueue the report renders for generation %s.", generation)

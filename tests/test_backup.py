"""A backup restores into an empty database, and the report after the restore is the same."""

import re

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from evaluations.models import EvaluationRound, Rating
from evaluations.reports import evaluation as report
from luvn.backup import backup_models

pytestmark = pytest.mark.django_db


def wipe():
    """Empty the database as a fresh one would be: every table a restore fills, in SQL (no
    history records, no protected-reference order; foreign keys are checked at commit)."""
    tables = []
    for model in backup_models():
        tables.append(model._meta.db_table)
        tables += [
            field.remote_field.through._meta.db_table
            for field in model._meta.local_many_to_many
            if field.remote_field.through._meta.auto_created
        ]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")  # noqa: S608


def reports():
    """The report's HTML in both languages; chart element ids are numbered per process."""
    round_ = EvaluationRound.objects.get(key="eval-2024")
    return {
        lang: re.sub(r"chart-\d+", "chart-N", report.report_html(round=round_, language=lang))
        for lang in ("fi", "sv")
    }


def test_report_after_restore_equals_the_one_before(tmp_path, people, assignment):
    # Some workflow data too: users, an assignment and a rating with its change history.
    rating = Rating.objects.create(round=assignment.round, goal=assignment.section.goals.first())
    rating.score = 4
    rating.save()
    before = reports()
    counts = {model._meta.label: model._default_manager.count() for model in backup_models()}
    path = tmp_path / "backup.json.gz"
    call_command("backup_data", str(path))

    wipe()
    assert not EvaluationRound.objects.exists()
    call_command("restore_data", str(path))

    after_counts = {model._meta.label: model._default_manager.count() for model in backup_models()}
    assert after_counts == counts
    assert reports() == before
    restored = Rating.objects.get(pk=rating.pk)
    assert (restored.score, restored.version, restored.history.count()) == (4, 2, 2)


def test_restore_refuses_a_database_with_data(tmp_path):
    path = tmp_path / "backup.json.gz"
    call_command("backup_data", str(path))
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore_data", str(path))


def test_a_broken_backup_restores_nothing(tmp_path):
    path = tmp_path / "broken.json.gz"
    path.write_bytes(b"not gzip at all")
    wipe()
    with pytest.raises(CommandError, match="Could not restore"):
        call_command("restore_data", str(path))
    assert not EvaluationRound.objects.exists()

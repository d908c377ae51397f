"""Backup and restore of all the app's data, as one gzipped JSON file (Django's serializers).

What migrate creates by itself (content types, permissions, the role groups) is matched by
natural keys instead of copied, so a backup restores into any freshly migrated database.
Login-throttling records, sessions and background-task results are left out: they are not data
worth keeping.
"""

import gzip
import zlib
from collections.abc import Iterator
from pathlib import Path

from django.apps import apps
from django.contrib.auth.models import Group
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, IntegrityError, connection, transaction

from evaluations.roles import ROLE_PERMISSIONS

# By app module (not label: django-tasks' database backend labels itself
# "django_tasks_database"): what migrate recreates, sessions, lockouts and the task queue.
SKIPPED_APPS = {
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.admin",
    "axes",
    "django_tasks_db",
}
SKIPPED_MODELS = {"auth.permission"}


class BackupError(Exception):
    pass


def backup_models() -> list:
    """Models to copy, in an order where what is referred to comes first."""
    models = [
        model
        for model in apps.get_models()
        if model._meta.app_config.name not in SKIPPED_APPS
        and model._meta.label_lower not in SKIPPED_MODELS
        and not model._meta.proxy
    ]
    return serializers.sort_dependencies([(None, models)], allow_cycles=True)


def backup_objects() -> Iterator:
    for model in backup_models():
        yield from model._default_manager.order_by("pk").iterator()


def occupied_tables() -> list[str]:
    """The tables a restore would fill that already hold rows (beyond the role groups that
    migrate creates, which the backup's groups are matched to by name)."""
    occupied = []
    for model in backup_models():
        rows = model._default_manager.all()
        if model is Group:
            rows = rows.exclude(name__in=ROLE_PERMISSIONS)
        if rows.exists():
            occupied.append(model._meta.db_table)
    return occupied


def restore(path: str | Path) -> int:
    """Load a backup into an empty database; returns the number of rows loaded."""
    try:
        occupied = occupied_tables()
    except DatabaseError as error:
        raise BackupError(f"The database is not ready (run migrate first): {error}") from error
    if occupied:
        raise BackupError(
            "The database is not empty: restore only into a freshly migrated one. "
            f"Tables holding rows: {', '.join(occupied)}."
        )
    count = 0
    try:
        with gzip.open(Path(path), "rt", encoding="utf-8") as handle, transaction.atomic():
            for deserialized in serializers.deserialize(
                "json", handle, handle_forward_references=True
            ):
                deserialized.save()
                count += 1
            # Rows came with their ids: move PostgreSQL's id sequences past them (as loaddata).
            statements = connection.ops.sequence_reset_sql(no_style(), backup_models())
            with connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)
    except (OSError, EOFError, zlib.error, UnicodeError) as error:
        # Not a gzip file, a truncated or corrupt one, or one whose text is not UTF-8.
        raise BackupError(
            f"Could not restore {path}: it is not a readable backup_data file ({error})."
        ) from error
    except (DeserializationError, DatabaseError, IntegrityError, ValueError) as error:
        raise BackupError(f"Could not restore {path}: {error}") from error
    return count

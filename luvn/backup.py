"""Backup and restore of all the app's data, as one gzipped JSON file (Django's serializers).

What migrate creates by itself (content types, permissions, the role groups) is matched by
natural keys instead of copied, so a backup restores into any freshly migrated database.
Login-throttling records and sessions are left out: they are not data worth keeping.
"""

import gzip
from collections.abc import Iterator
from pathlib import Path

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, IntegrityError, connection, transaction

from strategy.models import Strategy

SKIPPED_APPS = {"contenttypes", "sessions", "admin", "axes"}
SKIPPED_MODELS = {"auth.permission"}


class BackupError(Exception):
    pass


def backup_models() -> list:
    """Models to copy, in an order where what is referred to comes first."""
    models = [
        model
        for model in apps.get_models()
        if model._meta.app_label not in SKIPPED_APPS
        and model._meta.label_lower not in SKIPPED_MODELS
        and not model._meta.proxy
    ]
    return serializers.sort_dependencies([(None, models)], allow_cycles=True)


def backup_objects() -> Iterator:
    for model in backup_models():
        yield from model._default_manager.order_by("pk").iterator()


def restore(path: str | Path) -> int:
    """Load a backup into an empty database; returns the number of rows loaded."""
    if Strategy.objects.exists() or get_user_model().objects.exists():
        raise BackupError("The database is not empty: restore only into a freshly migrated one.")
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
    except (OSError, EOFError, DeserializationError, DatabaseError, IntegrityError) as error:
        raise BackupError(f"Could not restore {path}: {error}") from error
    return count

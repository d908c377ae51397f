"""Database constraints shared by the apps."""

from django.db import models
from django.db.models import Q


def optional_range(field: str, low, high, *, name: str, message) -> models.CheckConstraint:
    """``field`` is empty or within ``low``–``high``: e.g. a score 1–5 or a published mean."""
    return models.CheckConstraint(
        condition=Q(**{f"{field}__isnull": True})
        | Q(**{f"{field}__gte": low, f"{field}__lte": high}),
        name=name,
        violation_error_message=message,
    )

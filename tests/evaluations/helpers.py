"""Helpers for the rating workflow's tests: addresses and the data a browser would post."""

from django.urls import reverse
from django.utils import translation

from evaluations.rating.forms import CONTENT_FIELDS
from evaluations.rating.selectors import block_items, goal_blocks


def url(assignment, lang="fi", name="work:rate"):
    with translation.override(lang):
        return reverse(name, kwargs={"pk": assignment.pk})


def form_data(assignment, action="save", **changes):
    """What the browser posts: every item as the page showed it now, with ``changes`` applied.

    ``changes`` maps an item key with dashes replaced by underscores (``goal_12``) to the
    fields to change.
    """
    items = block_items(goal_blocks(assignment=assignment, with_history=False))
    data = {"action": action}
    for item in items:
        rating = item.rating
        values = {
            "score": rating.score if rating and rating.score else "",
            "achieved": rating.achieved if rating else "",
            "verbal_evaluation_fi": (rating.verbal_evaluation_fi or "") if rating else "",
            "verbal_evaluation_sv": (rating.verbal_evaluation_sv or "") if rating else "",
        }
        for name in CONTENT_FIELDS:
            data[f"initial-{item.key}-{name}"] = values[name]
            data[f"{item.key}-{name}"] = values[name]
        data[f"{item.key}-version"] = item.version
        for name, value in changes.get(item.key.replace("-", "_"), {}).items():
            data[f"{item.key}-{name}"] = value
    return data


def complete(assignment, text="Edistynyt hyvin."):
    """Changes that rate every item of the assignment completely."""
    items = block_items(goal_blocks(assignment=assignment, with_history=False))
    return {
        item.key.replace("-", "_"): {
            "score": 4,
            "achieved": "partly",
            "verbal_evaluation_fi": text,
        }
        for item in items
    }


def first_key(assignment):
    return block_items(goal_blocks(assignment=assignment, with_history=False))[0].key


def login(client, user):
    client.force_login(user)
    return client

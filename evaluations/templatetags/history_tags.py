"""A change history (ratings, action updates, indicator values): the latest changes in a
``<details>``, and the list of changes itself.

Written in Python rather than as templates: the rating form shows a history beside every
item, and as a template loop it cost more than the rest of the form. Every text is escaped.
"""

from django import template
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

from luvn.formatting import format_date

register = template.Library()


@register.simple_tag
def history_details(history, full_url: str = "") -> str:
    """A ``work_selectors.History`` folded under its count, with a link to ``full_url`` (a
    page with every change) when only the latest changes are shown; nothing when empty."""
    if not history:
        return ""
    summary = ngettext(
        "Change history (%(counter)s change)", "Change history (%(counter)s changes)", history.total
    ) % {"counter": history.total}
    more = ""
    if history.total > len(history):
        more = escape(
            gettext("The latest %(shown)s of %(total)s changes.")
            % {"shown": len(history), "total": history.total}
        )
        if full_url:
            every = gettext("Every change")  # (xgettext does not look into f-strings)
            more += f' <a href="{escape(full_url)}">{escape(every)}</a>'
        more = f'\n<p class="meta">{more}</p>'
    return mark_safe(  # noqa: S308 (escaped above)
        f'<details class="history">\n<summary>{escape(summary)}</summary>\n'
        f"{change_list(history)}{more}\n</details>"
    )


@register.simple_tag
def change_list(entries) -> str:
    """``HistoryEntry`` items, newest first: when and who, then each field's old → new value."""
    unknown = gettext("unknown")
    rows = []
    for entry in entries:
        when = timezone.localtime(entry.when)
        changes = "".join(
            f"<li>{escape(label)}: {escape(old)} → {escape(new)}</li>"
            for label, old, new in entry.changes
        )
        rows.append(
            f"<li>{format_date(when)} {when:%H.%M} · {escape(entry.who or unknown)}\n"
            f"<ul>{changes}</ul>\n</li>"
        )
    return mark_safe("<ul>\n" + "\n".join(rows) + "\n</ul>")  # noqa: S308 (escaped above)

"""A rating as the pages show it: the score mark, the read-only line, and an item of the
rating form.

Written with ``format_html`` rather than as included templates: these are repeated for every
rating of a page, and an include costs more than the rest of such a line.
"""

from django import template
from django.template.defaultfilters import linebreaks_filter as linebreaks
from django.template.loader import render_to_string
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from evaluations.models import Achieved, Score
from evaluations.templatetags.history_tags import history_details
from luvn.templatetags.luvn import tr

register = template.Library()


def score_mark(score: int | None, *, label_prefix: str = "", tentative: bool = False) -> str:
    """A 1–5 score as a coloured mark with the scale's words as its title; a tentative score
    in parentheses and marked, no score as a dash read out as "not rated"."""
    if score is None:
        return format_html(
            '<span class="score score-none"><span class="visually-hidden">{}</span>–</span>',
            gettext("Not rated"),
        )
    prefix = format_html('<span class="visually-hidden">{} </span>', label_prefix)
    if tentative:
        return format_html(
            '<span class="score score-{score} tentative" title="{title}">{prefix}({score})</span> '
            '<span class="tentative-mark">{mark}</span>',
            score=score,
            title=Score(score).label,
            prefix=prefix if label_prefix else "",
            mark=gettext("tentative"),
        )
    return format_html(
        '<span class="score score-{score}" title="{title}">{prefix}{score}</span>',
        score=score,
        title=Score(score).label,
        prefix=prefix if label_prefix else "",
    )


@register.simple_tag
def rating_mark(rating) -> str:
    """A rating's score mark (none when there is no rating or no score)."""
    if rating is None:
        return score_mark(None)
    return score_mark(rating.score, label_prefix=gettext("Rating"), tentative=rating.is_tentative)


@register.simple_tag
def rating_read(rating) -> str:
    """A rating read-only: the score with the scale's words, and achieved status."""
    words = ""
    if rating.score:
        words = format_html(' <span class="scale-words">{}</span>', Score(rating.score).label)
    achieved = Achieved(rating.achieved).label if rating.achieved else gettext("not recorded")
    return format_html(
        '<span class="rating-read">{mark}{words} · {question} <span class="achieved">{achieved}'
        "</span></span>",
        mark=rating_mark(rating),
        words=words,
        question=gettext("Goal achieved?"),
        achieved=achieved,
    )


@register.simple_tag(takes_context=True)
def rating_item(context, item, *, sub: bool, can_edit: bool) -> str:
    """One item of the rating form (a ``RatingItem`` with its ``form``): its title, errors, a
    conflict with someone else's save, the previous round's rating, the inputs (or the rating
    read-only) and the latest changes.

    Written in Python rather than as an included template: a section's form repeats it for
    every goal and sub-goal, and the include cost more than the rest of the page."""
    form = item.form
    if sub:
        number = f"{escape(item.obj.number)} " if item.obj.number else ""
        title = number + tr(item.obj, "title")
    else:
        title = escape(gettext("Rating of the goal as a whole"))
    parts = [f'<div class="rate-item{" sub" if sub else ""}" id="item-{item.key}">']
    parts.append(f"<h3>{title}</h3>")
    if errors := form.non_field_errors():
        items = "".join(f"<li>{escape(error)}</li>" for error in errors)
        parts.append(f'<ul class="errorlist" id="errors-{item.key}">{items}</ul>')
    if getattr(form, "conflict", None):
        parts.append(
            render_to_string(
                "evaluations/work/_conflict.html", {"form": form}, request=context["request"]
            )
        )
    if item.previous:
        parts.append(_previous_html(item.previous))
    parts.append(form.inputs_html() if can_edit else _read_only_html(item.rating))
    parts.append(
        history_details(item.history, full_url=f"{item.goal.get_absolute_url()}#change-history")
    )
    parts.append("</div>")
    return mark_safe("\n".join(parts))  # noqa: S308 (every part is escaped or built safe)


def _previous_html(previous) -> str:
    heading = gettext("Last round (%(round)s)") % {"round": previous.round.name}
    text = ""
    if previous.verbal_evaluation_fi:
        summary = gettext("Verbal evaluation")  # (xgettext does not look into f-strings)
        text = (
            f"<details><summary>{escape(summary)}</summary>"
            f"{tr(previous, 'verbal_evaluation', paragraphs=True)}</details>"
        )
    return (
        f'<div class="previous">\n<strong>{escape(heading)}:</strong>\n'
        f"{rating_read(previous)}\n{text}\n</div>"
    )


def _read_only_html(rating) -> str:
    if rating is None:
        not_rated = gettext("Not rated yet.")  # (xgettext does not look into f-strings)
        return f"<p>{escape(not_rated)}</p>"
    parts = [f"<p>{rating_read(rating)}</p>"]
    for language, label in (
        ("fi", gettext("Verbal evaluation in Finnish")),
        ("sv", gettext("Verbal evaluation in Swedish")),
    ):
        if text := getattr(rating, f"verbal_evaluation_{language}"):
            parts.append(
                f'<h4>{escape(label)}</h4><div lang="{language}">'
                f"{linebreaks(text, autoescape=True)}</div>"
            )
    return "\n".join(parts)

"""Forms of the rating workflow: one small form per rated item, and the approver's comment."""

import functools

from django import forms
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import format_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from evaluations.models import VERBAL_EVALUATION_MAX_LENGTH, Achieved, Score
from evaluations.rating.selectors import RatingItem
from evaluations.rating.services import RatingInput
from evaluations.workflow.forms import normalize_text

# Seed's three answers; "not applicable" stays for data imported from elsewhere.
ACHIEVED_CHOICES = [(value, Achieved(value).label) for value in ("yes", "partly", "no")]

CONTENT_FIELDS = ("score", "achieved", "verbal_evaluation_fi", "verbal_evaluation_sv")

OUTDATED_NOTE = _(
    "The Finnish text has changed since this Swedish text was saved: check that the Swedish "
    "still says the same. Until it is saved again, Swedish readers see it marked “may be "
    "outdated”."
)


class RatingItemForm(forms.Form):
    """One goal's or sub-goal's rating. Hidden initial values tell what the person changed."""

    score = forms.TypedChoiceField(
        label=_("Rating"),
        choices=[(value, format_lazy("{} – {}", value, label)) for value, label in Score.choices],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        show_hidden_initial=True,
    )
    achieved = forms.ChoiceField(
        label=_("Goal achieved?"),
        choices=ACHIEVED_CHOICES,
        required=False,
        widget=forms.RadioSelect,
        show_hidden_initial=True,
    )
    verbal_evaluation_fi = forms.CharField(
        label=_("Verbal evaluation in Finnish"),
        help_text=_("Required for submitting."),
        required=False,
        max_length=VERBAL_EVALUATION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5, "lang": "fi"}),
        show_hidden_initial=True,
    )
    verbal_evaluation_sv = forms.CharField(
        label=_("Verbal evaluation in Swedish"),
        help_text=_("Optional."),
        required=False,
        max_length=VERBAL_EVALUATION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5, "lang": "sv"}),
        show_hidden_initial=True,
    )
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args, item: RatingItem, **kwargs):
        rating = item.rating
        kwargs.setdefault(
            "initial",
            {
                "score": rating.score if rating else None,
                "achieved": rating.achieved if rating else "",
                "verbal_evaluation_fi": (rating.verbal_evaluation_fi or "") if rating else "",
                "verbal_evaluation_sv": (rating.verbal_evaluation_sv or "") if rating else "",
                "version": item.version,
            },
        )
        super().__init__(*args, prefix=item.key, **kwargs)
        self.item = item

    def inputs_html(self) -> str:
        """The item's inputs: the starting values, the two sets of radio buttons and the two
        verbal evaluations, with their errors.

        Written here rather than through widget templates or the page template: a section's
        form repeats this for every goal and sub-goal, and there it cost more than the rest of
        the page. Every value and text is escaped."""
        version = self["version"].value()
        parts = [
            self._hidden_initials_html(),
            f'<input type="hidden" name="{self["version"].html_name}" '
            f'value="{escape("" if version is None else version)}">',
            self._choices_html("score", fieldset_class="choices"),
            self._choices_html("achieved", fieldset_class="choices inline-choices", wrap=True),
        ]
        outdated = getattr(self.item, "swedish_outdated", False)
        for name in ("verbal_evaluation_fi", "verbal_evaluation_sv"):
            field = self[name]
            lang = field.field.widget.attrs["lang"]
            field_id = field.auto_id
            note = described = ""
            if outdated and lang == "sv":
                note = (
                    f'<p class="outdated-note" id="{field_id}_outdated">'
                    f"{escape(OUTDATED_NOTE)}</p>\n"
                )
                described = f" {field_id}_outdated"
            value = field.value()
            invalid = ' aria-invalid="true"' if field.errors else ""
            parts.append(
                f'<label class="field" for="{field_id}">{escape(field.label)}</label>\n'
                f'<span class="helptext" id="{field_id}_helptext">'
                f"{escape(field.help_text)}</span>\n"
                f"{note}{_errors_html(field.errors)}"
                f'<textarea name="{field.html_name}" id="{field_id}" rows="5" lang="{lang}" '
                f'maxlength="{field.field.max_length}" '
                f'aria-describedby="{field_id}_helptext{described}"'
                f"{invalid}>\n"
                f"{escape('' if value is None else value)}</textarea>"
            )
        return mark_safe("\n".join(parts))  # noqa: S308 (every value above is escaped)

    def _choices_html(self, name: str, *, fieldset_class: str, wrap: bool = False) -> str:
        """A fieldset of radio buttons, laid out by hand (Django's per-option widget rendering
        made a large section's form several times slower)."""
        field = self[name]
        value = field.value()
        current = "" if value is None else str(value)
        radios = "".join(
            f'<label for="{field.auto_id}_{index}"><input type="radio" name="{field.html_name}" '
            f'value="{choice}" id="{field.auto_id}_{index}"'
            f"{' checked' if choice == current else ''}> {label}</label>"
            for index, (choice, label) in enumerate(_choices(name, get_language()))
        )
        if wrap:
            radios = f"<div>{radios}</div>"
        return (
            f'<fieldset class="{fieldset_class}">\n<legend>{escape(field.label)}</legend>\n'
            f"{radios}\n{_errors_html(field.errors)}</fieldset>"
        )

    def _hidden_initials_html(self) -> str:
        """The values the person started from (``show_hidden_initial``), as hidden inputs; a
        re-shown form carries on the posted initial values, as Django does."""
        rows = []
        for name in CONTENT_FIELDS:
            field = self[name]
            if self.is_bound and field.html_initial_name in self.data:
                value = self.data.get(field.html_initial_name)
            else:
                value = field.initial
            value = "" if value is None else value
            rows.append(
                f'<input type="hidden" name="{field.html_initial_name}" value="{escape(value)}">'
            )
        return "".join(rows)

    def to_input(self) -> RatingInput:
        data = self.cleaned_data
        return RatingInput(
            item=self.item,
            version=data["version"],
            score=data["score"],
            achieved=data["achieved"],
            verbal_evaluation_fi=normalize_text(data["verbal_evaluation_fi"]),
            verbal_evaluation_sv=normalize_text(data["verbal_evaluation_sv"]),
            # The version is not an edit: it differs when someone else saved meanwhile.
            changed=any(name in CONTENT_FIELDS for name in self.changed_data),
        )


@functools.cache
def _choices(name: str, language: str) -> list[tuple[str, str]]:
    """A choice field's values and labels, escaped, in the language (translated once)."""
    return [
        (escape(choice), escape(label))
        for choice, label in RatingItemForm.base_fields[name].choices
    ]


def _errors_html(errors) -> str:
    if not errors:
        return ""
    return '<ul class="errorlist">' + "".join(f"<li>{escape(e)}</li>" for e in errors) + "</ul>\n"

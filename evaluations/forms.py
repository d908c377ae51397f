"""Forms of the rating workflow: one small form per rated item, and the approver's comment."""

from django import forms
from django.utils.html import format_html_join
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from evaluations.models import VERBAL_EVALUATION_MAX_LENGTH, Achieved, Score
from evaluations.services import RatingInput
from evaluations.work_selectors import RatingItem

# Seed's three answers; "not applicable" stays for data imported from elsewhere.
ACHIEVED_CHOICES = [(value, Achieved(value).label) for value in ("yes", "partly", "no")]

CONTENT_FIELDS = ("score", "achieved", "verbal_evaluation_fi", "verbal_evaluation_sv")


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

    @property
    def score_options(self):
        return self._options("score")

    @property
    def achieved_options(self):
        return self._options("achieved")

    def _options(self, name: str) -> list[dict]:
        """The radio buttons' values, labels, ids and checked state.

        Laid out in the template by hand: Django's per-option widget rendering made a large
        section's form several times slower.
        """
        field = self[name]
        value = field.value()
        current = "" if value is None else str(value)
        return [
            {
                "value": choice,
                "label": label,
                "checked": str(choice) == current,
                "id": f"{field.auto_id}_{index}",
            }
            for index, (choice, label) in enumerate(field.field.choices)
        ]

    @property
    def text_fields(self):
        return [self["verbal_evaluation_fi"], self["verbal_evaluation_sv"]]

    def hidden_initials(self) -> str:
        """The values the person started from (``show_hidden_initial``), as hidden inputs.

        Written here rather than through the widget templates, which cost more than the rest
        of the form; a re-shown form carries on the posted initial values, as Django does.
        """
        rows = []
        for name in CONTENT_FIELDS:
            field = self[name]
            if self.is_bound and field.html_initial_name in self.data:
                value = self.data.get(field.html_initial_name)
            else:
                value = field.initial
            rows.append((field.html_initial_name, "" if value is None else value))
        return format_html_join("", '<input type="hidden" name="{}" value="{}">', rows)

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


def normalize_text(text: str) -> str:
    """Browsers send CRLF line ends; store LF, as the fixtures and spreadsheets do."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


class DecisionForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment to the officials"),
        help_text=_("Required when returning or reopening the section."),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SpreadsheetUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Filled spreadsheet (.xlsx)"),
        help_text=_("The file downloaded from this page, filled in. At most 2 MB."),
    )

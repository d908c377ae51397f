"""Forms of a unit's follow-up update (one small form per action and per indicator) and of a
unit's own operational action. Numbers are typed the Finnish way: ``12,5`` (``12.5`` too)."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from evaluations.followup.selectors import ActionRow, IndicatorRow
from evaluations.followup.services import ActionInput, ValueInput
from evaluations.models import NOTE_MAX_LENGTH, VERBAL_EVALUATION_MAX_LENGTH, ActionStatus
from evaluations.workflow.forms import normalize_text

# The stored values have at most 14 digits, 4 of them decimals.
MAX_DECIMALS = 4
MAX_ABS_VALUE = Decimal("10") ** 10


def parse_decimal(text) -> Decimal | None:
    """``"12,5"``, ``"12.5"``, ``"1 234,5"`` or a number → Decimal; empty → None.

    Raises ValidationError (code ``not_a_number``) for anything else.
    """
    if text is None:
        return None
    if isinstance(text, bool):
        raise ValidationError(_("The value is not a number."), code="not_a_number")
    if isinstance(text, int | float | Decimal):
        text = str(text)
    cleaned = str(text).strip()
    for space in (" ", "\u00a0", "\u202f"):
        cleaned = cleaned.replace(space, "")
    cleaned = cleaned.replace("−", "-").replace(",", ".")
    if not cleaned:
        return None
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        raise ValidationError(_("The value is not a number."), code="not_a_number") from None
    if not number.is_finite() or abs(number) >= MAX_ABS_VALUE:
        raise ValidationError(_("The value is not a number."), code="not_a_number")
    quantum = Decimal(1).scaleb(-MAX_DECIMALS)
    if number != number.quantize(quantum):
        raise ValidationError(
            _("Give the value with at most %(count)s decimals."),
            code="too_many_decimals",
            params={"count": MAX_DECIMALS},
        )
    return number.quantize(quantum)


def decimal_comma(value: Decimal) -> str:
    """A stored value as typed in a form or a file: ``12,5`` (no trailing zeros)."""
    return format(value.normalize(), "f").replace(".", ",")


class DecimalCommaField(forms.CharField):
    """A number typed as text: ``12,5`` or ``12.5``; None when empty."""

    def __init__(self, *, max_length=40, **kwargs):
        super().__init__(**kwargs)
        self.widget.attrs["maxlength"] = str(max_length)
        self.text_max_length = max_length

    def to_python(self, value):
        text = super().to_python(value)
        if len(text) > self.text_max_length:
            raise ValidationError(_("The value is not a number."), code="not_a_number")
        return parse_decimal(text)


STATUS_CHOICES = [("", _("– choose –")), *ActionStatus.choices]


class ActionUpdateForm(forms.Form):
    """One action's status and progress in the round. Hidden initial values tell what the
    person changed, as in the rating form."""

    status = forms.ChoiceField(
        label=_("Status"), choices=STATUS_CHOICES, required=False, show_hidden_initial=True
    )
    progress_fi = forms.CharField(
        label=_("Progress in Finnish"),
        help_text=_("Required for submitting. What was done in the period and, if delayed, why."),
        required=False,
        max_length=VERBAL_EVALUATION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "lang": "fi"}),
        show_hidden_initial=True,
    )
    progress_sv = forms.CharField(
        label=_("Progress in Swedish"),
        help_text=_("Optional."),
        required=False,
        max_length=VERBAL_EVALUATION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "lang": "sv"}),
        show_hidden_initial=True,
    )
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    CONTENT = ("status", "progress_fi", "progress_sv")

    def __init__(self, *args, row: ActionRow, **kwargs):
        update = row.update
        kwargs.setdefault(
            "initial",
            {
                "status": update.status if update else "",
                "progress_fi": (update.progress_fi or "") if update else "",
                "progress_sv": (update.progress_sv or "") if update else "",
                "version": row.version,
            },
        )
        super().__init__(*args, prefix=row.key, **kwargs)
        self.row = row

    def to_input(self) -> ActionInput:
        data = self.cleaned_data
        return ActionInput(
            row=self.row,
            version=data["version"],
            status=data["status"],
            progress_fi=normalize_text(data["progress_fi"]),
            progress_sv=normalize_text(data["progress_sv"]),
            changed=any(name in self.CONTENT for name in self.changed_data),
        )


class IndicatorValueForm(forms.Form):
    """An indicator's value for the period the round reports, with an optional note."""

    value = DecimalCommaField(
        label=_("Value"),
        help_text=_("A number; a decimal comma is fine (12,5). Leave empty if not known yet."),
        required=False,
        max_length=40,
        show_hidden_initial=True,
    )
    note_fi = forms.CharField(
        label=_("Note in Finnish"),
        help_text=_("Optional."),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2, "lang": "fi"}),
        show_hidden_initial=True,
    )
    note_sv = forms.CharField(
        label=_("Note in Swedish"),
        help_text=_("Optional."),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2, "lang": "sv"}),
        show_hidden_initial=True,
    )
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    CONTENT = ("value", "note_fi", "note_sv")

    def __init__(self, *args, row: IndicatorRow, **kwargs):
        value = row.value
        shown = decimal_comma(value.value) if value is not None else ""
        kwargs.setdefault(
            "initial",
            {
                "value": shown,
                "note_fi": (value.note_fi or "") if value else "",
                "note_sv": (value.note_sv or "") if value else "",
                "version": row.version,
            },
        )
        super().__init__(*args, prefix=row.key, **kwargs)
        self.row = row
        self.fields["value"].widget.attrs.update({"inputmode": "decimal", "size": 12})

    def to_input(self) -> ValueInput:
        data = self.cleaned_data
        return ValueInput(
            row=self.row,
            version=data["version"],
            value=data["value"],
            note_fi=normalize_text(data["note_fi"]),
            note_sv=normalize_text(data["note_sv"]),
            changed=any(name in self.CONTENT for name in self.changed_data),
        )


class UnitActionForm(forms.Form):
    """A unit's own operational action under a change promise or one of its numbered items."""

    item = forms.ChoiceField(
        label=_("Under which change promise or item"),
        help_text=_("The county-level goal or numbered item the action implements."),
    )
    title_fi = forms.CharField(label=_("Action in Finnish"), max_length=1000)
    title_sv = forms.CharField(
        label=_("Action in Swedish"), help_text=_("Optional."), max_length=1000, required=False
    )
    description_fi = forms.CharField(
        label=_("Description in Finnish"),
        help_text=_("Optional: what is done and how."),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3, "lang": "fi"}),
    )
    description_sv = forms.CharField(
        label=_("Description in Swedish"),
        help_text=_("Optional."),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3, "lang": "sv"}),
    )
    planned_start = forms.DateField(
        label=_("Planned start"),
        help_text=_("For example 1.1.2026."),
        required=False,
        input_formats=["%d.%m.%Y", "%Y-%m-%d"],
    )
    planned_end = forms.DateField(
        label=_("Planned end"),
        help_text=_("For example 31.12.2029."),
        required=False,
        input_formats=["%d.%m.%Y", "%Y-%m-%d"],
    )

    def __init__(self, *args, item_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [("", _("– choose –")), *item_choices]
        self.fields["title_fi"].widget.attrs["lang"] = "fi"
        self.fields["title_sv"].widget.attrs["lang"] = "sv"

    def clean(self):
        data = super().clean()
        start, end = data.get("planned_start"), data.get("planned_end")
        if start and end and end < start:
            self.add_error(
                "planned_end",
                ValidationError(
                    _("The planned end cannot be before the planned start."), code="plan_order"
                ),
            )
        for name in ("title_fi", "title_sv", "description_fi", "description_sv"):
            if name in data:
                data[name] = normalize_text(data[name])
        return data

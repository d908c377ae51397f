"""The answering form: one field per question, built from the survey's questions."""

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from luvn.translation import localized
from municipalities.models import ANSWER_MAX_LENGTH, CHOICE_KINDS, QuestionKind, SurveyScore
from municipalities.selectors import SheetItem
from municipalities.services import AnswerInput

CANNOT_SAY = "cannot-say"
SCALE_CHOICES = [
    *((str(value), format_lazy("{} {}", value, label)) for value, label in SurveyScore.choices),
    (CANNOT_SAY, _("Cannot say")),
]
# 0 = not at all likely … 10 = extremely likely; the ends are named on the page.
RECOMMEND_CHOICES = [(str(value), str(value)) for value in range(11)]


def _option_choices(item: SheetItem) -> list[tuple[str, str]]:
    return [(option.key, localized(option, "text").text) for option in item.question.options.all()]


def _valid_values(item: SheetItem) -> set[str]:
    kind = item.question.kind
    if kind == QuestionKind.RECOMMEND:
        return {value for value, _label in RECOMMEND_CHOICES}
    if kind in CHOICE_KINDS:
        return {value for value, _label in _option_choices(item)}
    return {choice for choice, _label in SCALE_CHOICES}


def field_name(item: SheetItem) -> str:
    return f"answer-{item.question.key}"


def _initial(item: SheetItem):
    answer = item.answer
    if answer is None:
        return ""
    if item.question.kind == QuestionKind.OPEN:
        return answer.text
    if item.question.kind == QuestionKind.MULTIPLE:
        return [option.key for option in answer.options.all()]
    if item.question.kind == QuestionKind.SINGLE:
        chosen = [option.key for option in answer.options.all()]
        return chosen[0] if chosen else ""
    if answer.cannot_say:
        return CANNOT_SAY
    return "" if answer.score is None else str(answer.score)


def _options(field: forms.BoundField) -> list[dict]:
    """The radio buttons' (or checkboxes') values, labels, ids and checked state, as Django's
    ``RadioSelect`` and ``CheckboxSelectMultiple`` would give them."""
    value = field.value()
    values = value if isinstance(value, list | tuple) else [value]
    chosen = {"" if one is None else str(one) for one in values}
    return [
        {
            "value": str(choice),
            "label": label,
            "id": f"{field.auto_id}_{index}",
            "checked": str(choice) in chosen,
        }
        for index, (choice, label) in enumerate(field.field.choices)
    ]


def _hidden_input(name: str, value, id_: str) -> str:
    # As Django's HiddenInput writes it: no value attribute for an empty value.
    if value is None or value == "":
        return format_html('<input type="hidden" name="{}" id="{}">', name, id_)
    return format_html('<input type="hidden" name="{}" value="{}" id="{}">', name, value, id_)


def _hidden_initial(form: forms.Form, field: forms.BoundField) -> str:
    """What ``field.as_hidden(only_initial=True)`` gives, without the widget templates.

    A re-shown form carries on the posted starting values, as Django does.
    """
    name = field.html_initial_name
    if form.is_bound and name in form.data:
        value = field.field.hidden_widget().value_from_datadict(form.data, form.files, name)
    else:
        value = field.value()
    if not isinstance(field.field, forms.MultipleChoiceField):
        return _hidden_input(name, value, field.html_initial_id)
    # Unanswered, the starting value is "": no input at all, as with MultipleHiddenInput.
    values = ([value] if value else []) if isinstance(value, str) else value or []
    return format_html_join(
        "",
        "{}",
        (
            (_hidden_input(name, one, f"{field.html_initial_id}_{index}"),)
            for index, one in enumerate(values)
        ),
    )


def normalize_text(text: str) -> str:
    """Browsers send CRLF line ends; store LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


class AnswerForm(forms.Form):
    """Every field is optional: a draft can be saved at any point.

    Each field carries its starting value (``show_hidden_initial``), so a save writes only what
    the person changed, and a second browser tab with an older page does not undo a newer save.
    """

    def __init__(self, *args, items: list[SheetItem], **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        # Translated once, not once per question and option.
        scale_choices = [(value, str(label)) for value, label in SCALE_CHOICES]
        for item in items:
            name = field_name(item)
            if item.question.kind == QuestionKind.OPEN:
                self.fields[name] = forms.CharField(
                    label=item.question.text,
                    required=False,
                    strip=False,
                    max_length=ANSWER_MAX_LENGTH,
                    widget=forms.Textarea(
                        attrs={"rows": 5, "aria-describedby": f"help-{item.question.key}"}
                    ),
                    show_hidden_initial=True,
                )
            elif item.question.kind == QuestionKind.MULTIPLE:
                self.fields[name] = forms.MultipleChoiceField(
                    label=item.question.text,
                    choices=_option_choices(item),
                    required=False,
                    widget=forms.CheckboxSelectMultiple,
                    show_hidden_initial=True,
                )
            else:
                if item.question.kind == QuestionKind.SINGLE:
                    choices = _option_choices(item)
                elif item.question.kind == QuestionKind.RECOMMEND:
                    choices = RECOMMEND_CHOICES
                else:
                    choices = scale_choices
                self.fields[name] = forms.ChoiceField(
                    label=item.question.text,
                    choices=choices,
                    required=False,
                    widget=forms.RadioSelect,
                    show_hidden_initial=True,
                )
            self.fields[name].initial = _initial(item)

    def bind_fields(self) -> None:
        """Give each sheet item what the page lays out by hand: its bound field, its errors,
        its options (plain dicts) and its hidden starting value.

        The options and the hidden inputs are not rendered through Django's widget templates:
        one template per option cost most of the page's time (issue #11).
        """
        errors = self.errors  # {} on an unbound form
        for item in self.items:
            field = self[field_name(item)]
            item.field = field
            item.errors = errors.get(field.name)
            item.options = [] if item.question.kind == QuestionKind.OPEN else _options(field)
            item.hidden_initial = _hidden_initial(self, field)

    def inputs(self, *, every: bool = False) -> list[AnswerInput]:
        """The changed answers (``every``: all answers), for ``services.response_save``."""
        changed = set(self.changed_data)
        inputs = []
        for item in self.items:
            name = field_name(item)
            if name not in changed and not every:
                continue
            value = self.cleaned_data[name]
            if item.question.kind == QuestionKind.OPEN:
                inputs.append(AnswerInput(question=item.question, text=normalize_text(value)))
            elif item.question.is_choice:
                keys = value if isinstance(value, list) else [value] if value else []
                by_key = {option.key: option for option in item.question.options.all()}
                options = tuple(by_key[key] for key in keys)
                inputs.append(AnswerInput(question=item.question, options=options))
            elif value == CANNOT_SAY:
                inputs.append(AnswerInput(question=item.question, cannot_say=True))
            else:
                score = int(value) if value else None
                inputs.append(AnswerInput(question=item.question, score=score))
        return inputs

    def unanswered(self) -> list[SheetItem]:
        """Required questions without an answer, as the page stands (posted or saved)."""
        result = []
        for item in self.items:
            if not item.required:
                continue
            if self.is_bound:
                value = self.data.get(self.add_prefix(field_name(item)), "")
                answered = value in _valid_values(item)
            else:
                answered = bool(self.fields[field_name(item)].initial)
            if not answered:
                result.append(item)
        return result

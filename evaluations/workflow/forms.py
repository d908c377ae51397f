"""Forms of the workflow that both kinds of work share: the approver's decision, the spreadsheet
upload, and the text normalisation of every typed text."""

from django import forms
from django.utils.translation import gettext_lazy as _


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

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from luvn.translation_exchange import MAX_UPLOAD_BYTES, file_format_of


class TranslationUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Translated file (.xlf or .xlsx)"),
        help_text=_("The file exported from this page, translated. At most 5 MB."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if file_format_of(upload.name) is None:
            raise ValidationError(
                _("Upload an XLIFF file (.xlf, .xliff) or an Excel workbook (.xlsx)."),
                code="file_format",
            )
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(
                _("The file is larger than %(size)s MB."),
                code="file_size",
                params={"size": MAX_UPLOAD_BYTES // 2**20},
            )
        return upload


class SendWithoutSwedishForm(forms.Form):
    """The sender's confirmation that Swedish-speaking recipients may see Finnish questions."""

    send_without_swedish = forms.BooleanField(
        label=_("Send anyway: the Swedish-speaking recipients see these texts in Finnish"),
        required=True,
        error_messages={
            "required": _("Confirm that the invitations go out although texts lack Swedish.")
        },
    )

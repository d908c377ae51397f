"""The app-wide models of the project package: where a Swedish content text came from."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TranslationSource(models.Model):
    """The Finnish text a Swedish content text was last saved against.

    Recorded whenever the Swedish text of a field registered with modeltranslation changes
    (``luvn/translation_sources.py``). The Swedish text is outdated when the current
    Finnish differs from ``source_text``: computed, never stored as a flag.
    """

    content_type = models.ForeignKey(
        "contenttypes.ContentType",
        on_delete=models.CASCADE,
        verbose_name=_("content type"),
        help_text=_("The kind of content the text belongs to."),
    )
    object_id = models.PositiveBigIntegerField(
        _("object id"), help_text=_("The content object the text belongs to.")
    )
    field = models.CharField(
        _("field"), max_length=60, help_text=_("The translated field, without language suffix.")
    )
    source_text = models.TextField(
        _("Finnish source text"),
        help_text=_("The Finnish text when the Swedish text was last saved."),
    )
    saved_at = models.DateTimeField(
        _("Swedish saved at"), default=timezone.now, help_text=_("When the Swedish text was saved.")
    )

    class Meta:
        verbose_name = _("Swedish translation")
        verbose_name_plural = _("Swedish translations")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "field"],
                name="one_translation_source_per_field",
                violation_error_message=_("This field already has a translation source."),
            ),
        ]

    def __str__(self):
        return f"{self.content_type_id}:{self.object_id}.{self.field}"

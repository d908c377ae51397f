"""Reading per-language content columns with a visible fallback marker."""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import get_language


@dataclass(frozen=True)
class LocalizedText:
    """A content text in the UI language, or the Finnish text when that is missing."""

    text: str
    language: str  # the language the text is actually in
    is_fallback: bool


def localized(obj, field: str, language: str | None = None) -> LocalizedText:
    """Return ``obj.<field>`` in ``language`` (default: the active one), falling back to Finnish.

    modeltranslation's own fallback hides which language came back; the UI must show it
    (a Swedish reader sees that a text exists only in Finnish), so we read the columns here.
    """
    language = (language or get_language() or settings.LANGUAGE_CODE)[:2]
    text = getattr(obj, f"{field}_{language}", None) or ""
    if text or language == settings.MODELTRANSLATION_DEFAULT_LANGUAGE:
        return LocalizedText(text=text, language=language, is_fallback=False)
    for fallback in settings.MODELTRANSLATION_FALLBACK_LANGUAGES["default"]:
        text = getattr(obj, f"{field}_{fallback}", None) or ""
        if text:
            return LocalizedText(text=text, language=fallback, is_fallback=True)
    return LocalizedText(text="", language=language, is_fallback=False)

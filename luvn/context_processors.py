from django.conf import settings


def languages(request):
    """The UI languages for the language switcher, each labelled in its own language."""
    own_names = {"fi": "Suomeksi", "sv": "På svenska"}
    return {
        "ui_languages": [(code, own_names.get(code, code)) for code, _name in settings.LANGUAGES]
    }

"""Keeping exported cells inert in spreadsheet programs."""

# A cell starting with one of these is read as a formula by Excel, LibreOffice and others
# (CSV injection, OWASP): exports prefix such a text with an apostrophe so it stays text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """``value`` itself, or a text that would start a formula with ``'`` in front."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value

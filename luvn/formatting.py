"""Numbers and dates as written in Finland, in both UI languages.

Babel's Swedish (``sv``) locale writes ISO dates and Sweden's conventions, so numbers are
formatted with the Finnish locale and dates with the Finnish pattern d.M.yyyy, whatever the UI
language is.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import format_decimal

NUMBER_LOCALE = "fi_FI"


def format_number(value, *, decimals: int | None = None) -> str:
    """Return ``value`` as ``3,8`` or ``1 734`` (no-break space); empty for ``None``."""
    if value is None or value == "":
        return ""
    number = Decimal(str(value))
    if decimals is None:
        return format_decimal(number, locale=NUMBER_LOCALE)
    # Half up, as people round: a mean of 3,75 reads 3,8 (not banker's 3,8 / 3,7 mix).
    quantum = Decimal(1).scaleb(-decimals)
    number = number.quantize(quantum, rounding=ROUND_HALF_UP)
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(number, format=pattern, locale=NUMBER_LOCALE)


def format_date(value: datetime.date | None) -> str:
    """Return ``value`` as ``17.1.2025``; empty for ``None``."""
    if value is None:
        return ""
    # The pattern d.M.yyyy by hand: Babel gives the same, at many times the cost, and pages
    # such as a change history write dozens of dates.
    return f"{value.day}.{value.month}.{value.year:04d}"


def person_name(user, *, absent: str = "") -> str:
    """A person as the app names them: their full name, else their username; ``absent`` when
    there is nobody (a deleted account, a system action)."""
    if user is None:
        return absent
    return user.get_full_name() or user.get_username()

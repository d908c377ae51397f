"""Log records never carry a secret address: answering-link tokens and password-reset tokens
in a logged path (``django.request``'s 4xx/5xx warnings, the development server's request log)
are replaced with ``[token]``."""

import logging
import re

# A path segment that is a token: an answering link's (``secrets.token_urlsafe(32)``, 43
# characters) or a password reset's (Django's ``<timestamp>-<32 hex>``). Ordinary keys in
# addresses (``supervisors-survey-2025-practice``) stay readable.
_TOKEN = re.compile(r"(?<=/)(?:[A-Za-z0-9_-]{43}|[0-9a-z]{1,13}-[0-9a-f]{32})(?=/|$|\?|\s|\")")


def redact(text: str) -> str:
    return _TOKEN.sub("[token]", text)


class RedactTokens(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        elif isinstance(record.args, dict):
            record.args = {
                k: redact(v) if isinstance(v, str) else v for k, v in record.args.items()
            }
        return True

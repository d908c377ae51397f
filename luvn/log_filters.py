"""Log records never carry a secret address: answering-link tokens and password-reset tokens
in a logged path (``django.request``'s 4xx/5xx warnings, the development server's request log)
are replaced with ``[token]``."""

import logging
import re

# A path segment as long as a token (43 characters for answering links, 32+ for a reset).
_TOKEN = re.compile(r"(?<=/)[A-Za-z0-9_-]{24,}(?=/|$|\?|\s|\")")


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

"""Invitation tokens: random, unguessable, stored only as a hash."""

import hashlib
import re
import secrets

# secrets.token_urlsafe(32) gives 43 characters of the URL-safe base64 alphabet.
TOKEN_BYTES = 32
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{43}")


def token_new() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    """SHA-256 suffices: the token has 256 random bits, so no salt or slow hash is needed."""
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def token_looks_valid(token: str) -> bool:
    return bool(TOKEN_PATTERN.fullmatch(token))

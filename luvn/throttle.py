"""One counter for every limit per client or per account: the open link's responses, guesses of
answering tokens, password-reset requests.

Counts live in the default cache (a database table shared by all workers) in fixed windows.
What is counted is never kept as such: the key is an HMAC of it under a random secret of the
window, and the secret and the counts expire with the window (or earlier, at ``expires_at``).
Once a window has passed nothing links a count to an address or an e-mail address, not even
with the database and ``SECRET_KEY`` in hand.
"""

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass
from datetime import datetime

from django.core.cache import cache

# The window secrets this process has read from the shared cache: one read per window.
_secrets: dict[str, bytes] = {}


@dataclass(frozen=True)
class Throttle:
    name: str
    limit: int
    window: int  # seconds

    def _key(self, subject: str, now: float, expires_at: datetime | None) -> tuple[str, int]:
        number = int(now // self.window)
        ends = (number + 1) * self.window
        if expires_at is not None:
            ends = min(ends, expires_at.timestamp())
        ttl = max(1, int(ends - now))
        secret_key = f"throttle-secret:{self.name}:{number}"
        secret = _secrets.get(secret_key)
        if secret is None:
            cache.add(secret_key, secrets.token_hex(32), timeout=ttl)
            secret = (cache.get(secret_key) or "").encode()
            for old in [key for key in _secrets if key.startswith(f"throttle-secret:{self.name}:")]:
                del _secrets[old]  # an earlier window's secret is forgotten here too
            _secrets[secret_key] = secret
        digest = hmac.new(secret, subject.encode(), hashlib.sha256).hexdigest()
        return f"throttle:{self.name}:{number}:{digest}", ttl

    def used_up(self, subject: str, *, now: float | None = None) -> bool:
        """Whether ``subject`` has no attempts left in this window (nothing is counted)."""
        key, _ttl = self._key(subject, time.time() if now is None else now, None)
        return (cache.get(key) or 0) >= self.limit

    def take(
        self, subject: str, *, now: float | None = None, expires_at: datetime | None = None
    ) -> bool:
        """Count one attempt of ``subject``; False (and nothing counted) when none is left.

        For a check and count that concurrent requests cannot pass together, call it holding a
        database lock (the cache is a table of the same database)."""
        key, ttl = self._key(subject, time.time() if now is None else now, expires_at)
        taken = cache.get(key) or 0
        if taken >= self.limit:
            return False
        cache.set(key, taken + 1, timeout=ttl)
        return True

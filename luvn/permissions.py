"""How a service checks the person who asks for it.

An admin action declares the permission it needs (``@admin.action(permissions=[...])``), and
the service behind it checks the actor again with the same rule, so a forged POST or a new
caller is refused too. The rules themselves live in each app's ``permissions.py``.
"""

from collections.abc import Callable

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _


def ensure_allowed(
    actor: AbstractBaseUser | None, rule: Callable[[AbstractBaseUser], bool]
) -> None:
    """Refuse unless ``rule(actor)`` holds. ``None`` is the operator: a management command or
    a scheduled task, which has no user; every request passes its user."""
    if actor is not None and not (actor.is_active and rule(actor)):
        raise PermissionDenied(_("You do not have permission to do this."))

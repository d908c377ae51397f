"""Who may run the surveys' admin actions: each action declares the rule here and the service
behind it checks the actor with the same rule (``luvn.permissions.ensure_allowed``)."""

from django.contrib.auth.models import AbstractBaseUser


def can_copy_survey(user: AbstractBaseUser) -> bool:
    return user.has_perm("municipalities.add_survey")


def can_send_links(user: AbstractBaseUser) -> bool:
    """Issue answering links: invitations, reminders, and revoking links."""
    return user.has_perms(["municipalities.add_invitation", "municipalities.change_invitation"])


def can_import_respondents(user: AbstractBaseUser) -> bool:
    return user.has_perm("municipalities.add_respondent")


def can_reopen_responses(user: AbstractBaseUser) -> bool:
    """Give a municipality a personal deadline (and return its submitted response to a draft)."""
    return user.has_perm("municipalities.change_surveyresponse")

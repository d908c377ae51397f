"""The user roles as Django groups, kept in step with the code after every migrate.

A role gives model permissions; which sections a person rates or approves comes from the
assignments (``Assignment.officials`` / ``Assignment.approvers``). Groups are made by a
post_migrate handler rather than a data migration, so they also come back after a test flush.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

# Group names are shown as such in the admin, so they carry both languages.
ADMINISTRATOR = "Pääkäyttäjä – Huvudanvändare"
OFFICIAL = "Viranhaltija – Tjänsteinnehavare"
APPROVER = "Hyväksyjä – Godkännare"
COUNCILLOR = "Luottamushenkilö – Förtroendevald"

CONTENT_APPS = ("strategy", "evaluations", "municipalities")

ROLE_PERMISSIONS = {
    # Runs rounds, edits content, assigns sections, manages accounts, reopens approved sections.
    ADMINISTRATOR: Q(content_type__app_label__in=CONTENT_APPS)
    | Q(content_type__app_label="auth", codename__in=["add_user", "change_user", "view_user"])
    | Q(content_type__app_label="auth", codename="view_group")
    # Swedish translations: coverage, outdated texts, the translators' export and import.
    | Q(
        content_type__app_label="luvn",
        codename__in=["view_translationsource", "change_translationsource"],
    ),
    OFFICIAL: Q(
        content_type__app_label="evaluations",
        codename__in=[
            "add_rating",
            "change_rating",
            # Follow-up: actions' statuses and indicator values of the units assigned to them.
            "add_actionupdate",
            "change_actionupdate",
            "add_indicatorvalue",
            "change_indicatorvalue",
        ],
    ),
    APPROVER: Q(content_type__app_label="evaluations", codename="approve_assignment"),
    # Councillors read what is published, which needs no permission; the group names the role.
    COUNCILLOR: Q(pk__in=[]),
}


def ensure_roles(**kwargs) -> None:
    """Create the role groups and set their permissions (post_migrate handler; idempotent)."""
    for name, permissions in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set(Permission.objects.filter(permissions))

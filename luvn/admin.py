"""The user and group admin without privilege escalation.

Django's own admin lets anyone with ``change_user`` make any account a superuser, give it any
permission or group, and set the password of a superuser. Here a user who is not a superuser

* cannot grant superuser status (the field is read-only for them),
* cannot give an account (or a group) a permission they do not hold themselves, nor a group
  whose permissions they do not all hold,
* cannot change, delete or set the password of a superuser.

Superusers keep the full admin. The checks live in the form (what may be granted) and in
``has_change_permission`` / ``has_delete_permission`` (whom may be changed), which Django's
password view asks too.
"""

from django import forms
from django.contrib import admin
from django.contrib.auth import admin as auth_admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from evaluations.models import UserProfile

User = get_user_model()


def permission_codes(permissions) -> set[str]:
    """``app_label.codename`` of each permission, as ``User.get_all_permissions`` gives them."""
    return {
        f"{app_label}.{codename}"
        for app_label, codename in permissions.values_list("content_type__app_label", "codename")
    }


def grantable(user) -> set[str]:
    """The permissions ``user`` may hand on: those they hold (all, for a superuser)."""
    if user.is_active and user.is_superuser:
        return permission_codes(Permission.objects.all())
    return set(user.get_all_permissions())


def check_grants(*, editor, permissions, groups, had_permissions=(), had_groups=()) -> None:
    """Refuse to add permissions or groups beyond what ``editor`` holds (removing is fine)."""
    if editor.is_active and editor.is_superuser:
        return
    held = grantable(editor)
    added_permissions = [p for p in permissions if p not in set(had_permissions)]
    missing = (
        permission_codes(Permission.objects.filter(pk__in=[p.pk for p in added_permissions])) - held
    )
    if missing:
        raise ValidationError(
            _("You cannot grant permissions you do not have yourself: %(permissions)s."),
            code="permission_not_held",
            params={"permissions": ", ".join(sorted(missing))},
        )
    added_groups = [g for g in groups if g not in set(had_groups)]
    too_wide = [
        group.name
        for group in added_groups
        if not permission_codes(group.permissions.all()) <= held
    ]
    if too_wide:
        raise ValidationError(
            _("You cannot grant a group whose permissions you do not all have: %(groups)s."),
            code="group_not_held",
            params={"groups": ", ".join(sorted(too_wide))},
        )


class GrantCheckMixin:
    """A ModelForm mixin: ``editor`` (set by the admin) may grant only what they hold."""

    editor = None
    permission_field = "user_permissions"
    group_field = "groups"

    def clean(self):
        cleaned = super().clean()
        if self.editor is None:
            return cleaned
        new = self.instance.pk is None
        permissions = cleaned.get(self.permission_field) or []
        groups = (cleaned.get(self.group_field) or []) if self.group_field else []
        had_permissions = [] if new else list(getattr(self.instance, self.permission_field).all())
        had_groups = (
            []
            if new or not self.group_field
            else list(getattr(self.instance, self.group_field).all())
        )
        check_grants(
            editor=self.editor,
            permissions=permissions,
            groups=groups,
            had_permissions=had_permissions,
            had_groups=had_groups,
        )
        return cleaned


class GuardedUserChangeForm(GrantCheckMixin, auth_admin.UserChangeForm):
    pass


class GuardedGroupForm(GrantCheckMixin, forms.ModelForm):
    permission_field = "permissions"
    group_field = None

    class Meta:
        model = Group
        fields = ("name", "permissions")


def _is_superuser(user) -> bool:
    return bool(user.is_active and user.is_superuser)


admin.site.unregister(User)


class UserProfileInline(admin.StackedInline):
    """The user's language for e-mails (``evaluations.models.user_language``)."""

    model = UserProfile
    can_delete = False
    verbose_name_plural = _("e-mail language")


@admin.register(User)
class UserAdmin(auth_admin.UserAdmin):
    form = GuardedUserChangeForm
    inlines = [UserProfileInline]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not _is_superuser(request.user):
            readonly.append("is_superuser")
        return readonly

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if issubclass(form, GrantCheckMixin):
            # A subclass per request: the editor must not leak into other requests.
            form = type(form.__name__, (form,), {"editor": request.user})
        return form

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not _is_superuser(request.user):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not _is_superuser(request.user):
            return False
        return super().has_delete_permission(request, obj)

    def delete_queryset(self, request, queryset):
        if not _is_superuser(request.user) and queryset.filter(is_superuser=True).exists():
            raise PermissionDenied
        super().delete_queryset(request, queryset)


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(auth_admin.GroupAdmin):
    form = GuardedGroupForm

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"editor": request.user})


# The Swedish translations pages (coverage, outdated texts, export and import).
import luvn.translation_admin  # noqa: E402, F401

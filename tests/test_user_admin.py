"""No privilege escalation through the user and group admin (issue #11, finding 1)."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from evaluations.roles import ADMINISTRATOR, OFFICIAL
from tests.factories import make_user

pytestmark = pytest.mark.django_db

User = get_user_model()


@pytest.fixture
def staff_admin(client):
    """An administrator (the role's permissions, is_staff) who is not a superuser."""
    user = make_user(ADMINISTRATOR, is_staff=True)
    client.force_login(user)
    return user


def inline_prefixes(client, user) -> set[str]:
    """The prefixes of the inlines on the user's admin page (e.g. the e-mail language)."""
    page = client.get(reverse("admin:auth_user_change", args=[user.pk])).content.decode()
    return set(re.findall(r'name="([\w-]+)-TOTAL_FORMS"', page))


def change_data(client, user, **changes):
    """What the change form posts; the inlines left as they are (no forms of theirs)."""
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "date_joined_0": "1.1.2026",
        "date_joined_1": "12:00:00",
        "groups": [g.pk for g in user.groups.all()],
        "user_permissions": [p.pk for p in user.user_permissions.all()],
    }
    if user.is_staff:
        data["is_staff"] = "on"
    for prefix in inline_prefixes(client, user):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_staff_cannot_make_anyone_a_superuser(client, staff_admin):
    target = make_user(OFFICIAL)
    url = reverse("admin:auth_user_change", args=[target.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="is_superuser"' not in page.content.decode()
    response = client.post(url, change_data(client, target, is_superuser="on"))
    assert response.status_code == 302
    target.refresh_from_db()
    assert not target.is_superuser
    # Not themselves either.
    client.post(
        reverse("admin:auth_user_change", args=[staff_admin.pk]),
        change_data(client, staff_admin, is_superuser="on"),
    )
    staff_admin.refresh_from_db()
    assert not staff_admin.is_superuser


def test_a_superuser_can_still_grant_superuser_status(admin_client):
    target = make_user(OFFICIAL)
    url = reverse("admin:auth_user_change", args=[target.pk])
    assert (
        admin_client.post(url, change_data(admin_client, target, is_superuser="on")).status_code
        == 302
    )
    target.refresh_from_db()
    assert target.is_superuser


def test_staff_cannot_grant_a_permission_they_do_not_hold(client, staff_admin):
    target = make_user(OFFICIAL)
    delete_user = Permission.objects.get(codename="delete_user")
    assert not staff_admin.has_perm("auth.delete_user")
    url = reverse("admin:auth_user_change", args=[target.pk])
    response = client.post(url, change_data(client, target, user_permissions=[delete_user.pk]))
    assert response.status_code == 200
    assert "auth.delete_user" in response.content.decode()
    assert not target.user_permissions.exists()
    # A permission they do hold may be given.
    view_goal = Permission.objects.get(codename="view_goal")
    response = client.post(url, change_data(client, target, user_permissions=[view_goal.pk]))
    assert response.status_code == 302
    assert list(target.user_permissions.all()) == [view_goal]


def test_staff_cannot_grant_a_group_with_permissions_they_do_not_hold(client, staff_admin):
    target = make_user(OFFICIAL)
    powerful = Group.objects.create(name="kaikki")
    powerful.permissions.set(Permission.objects.filter(codename__in=["delete_user", "view_goal"]))
    url = reverse("admin:auth_user_change", args=[target.pk])
    groups = [*target.groups.all(), powerful]
    response = client.post(url, change_data(client, target, groups=[g.pk for g in groups]))
    assert response.status_code == 200
    assert "kaikki" in response.content.decode()
    assert list(target.groups.all()) == [Group.objects.get(name=OFFICIAL)]
    # The groups an account already has stay, even those the editor could not grant.
    response = client.post(url, change_data(client, target, first_name="Uusi"))
    assert response.status_code == 302


def test_staff_cannot_widen_a_group(client):
    editor = make_user(is_staff=True)
    editor.user_permissions.set(
        Permission.objects.filter(codename__in=["change_group", "view_group", "view_goal"])
    )
    client.force_login(editor)
    group = Group.objects.create(name="pieni")
    url = reverse("admin:auth_group_change", args=[group.pk])
    delete_user = Permission.objects.get(codename="delete_user")
    response = client.post(url, {"name": "pieni", "permissions": [delete_user.pk]})
    assert response.status_code == 200
    assert not group.permissions.exists()
    view_goal = Permission.objects.get(codename="view_goal")
    response = client.post(url, {"name": "pieni", "permissions": [view_goal.pk]})
    assert response.status_code == 302
    assert list(group.permissions.all()) == [view_goal]


def test_staff_cannot_change_or_reset_the_password_of_a_superuser(client, staff_admin):
    boss = User.objects.create_superuser("pomo", "pomo@example.invalid", "old-password-123")
    change = reverse("admin:auth_user_change", args=[boss.pk])
    password = reverse("admin:auth_user_password_change", args=[boss.pk])
    # They may look (view permission), not change.
    page = client.get(change)
    assert page.status_code == 200
    assert 'name="username"' not in page.content.decode()
    response = client.post(
        change, change_data(client, boss, is_superuser="on", username="hijacked")
    )
    assert response.status_code == 403
    assert client.get(password).status_code == 403
    response = client.post(
        password,
        {
            "password1": "new-password-456",
            "password2": "new-password-456",
            "usable_password": "true",
        },
    )
    assert response.status_code == 403
    boss.refresh_from_db()
    assert boss.username == "pomo"
    assert boss.check_password("old-password-123")
    # Nor delete them.
    assert (
        client.post(reverse("admin:auth_user_delete", args=[boss.pk]), {"post": "yes"}).status_code
        == 403
    )
    response = client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "delete_selected", "_selected_action": [boss.pk], "post": "yes"},
    )
    # The bulk action names what it may not delete instead of deleting it.
    assert response.status_code in (200, 403)
    assert User.objects.filter(pk=boss.pk).exists()


def test_staff_can_still_reset_an_officials_password(client, staff_admin):
    target = make_user(OFFICIAL)
    url = reverse("admin:auth_user_password_change", args=[target.pk])
    response = client.post(
        url,
        {
            "password1": "new-password-456",
            "password2": "new-password-456",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.check_password("new-password-456")


def test_a_superuser_can_reset_a_superusers_password(admin_client):
    boss = User.objects.create_superuser("pomo2", "pomo2@example.invalid", "old-password-123")
    url = reverse("admin:auth_user_password_change", args=[boss.pk])
    response = admin_client.post(
        url,
        {
            "password1": "new-password-456",
            "password2": "new-password-456",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302
    boss.refresh_from_db()
    assert boss.check_password("new-password-456")


def test_staff_cannot_create_a_superuser(client, staff_admin):
    add = reverse("admin:auth_user_add")
    prefixes = set(re.findall(r'name="([\w-]+)-TOTAL_FORMS"', client.get(add).content.decode()))
    inlines = {}
    for prefix in prefixes:
        inlines.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    response = client.post(
        add,
        {
            **inlines,
            "username": "uusi-pomo",
            "password1": "new-password-456",
            "password2": "new-password-456",
            "usable_password": "true",
            "is_superuser": "on",
            "is_staff": "on",
        },
    )
    assert response.status_code == 302
    created = User.objects.get(username="uusi-pomo")
    assert not created.is_superuser
    assert not created.is_staff

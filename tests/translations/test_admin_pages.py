"""The administrators' translation pages, admin actions and management commands."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from translate.storage.xliff2 import Xliff2File

from evaluations.roles import ADMINISTRATOR, OFFICIAL
from strategy.models import Goal, Strategy
from tests.factories import make_goal, make_section, make_strategy, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user():
    return make_user(ADMINISTRATOR, is_staff=True)


@pytest.fixture
def strategy():
    strategy = make_strategy(key="kaannos", name_fi="Käännösstrategia", name_sv="Översättning")
    section = make_section(strategy=strategy, title_fi="Linjaus <b>yksi</b>")
    goal = make_goal(section=section, title_fi="Vanha", title_sv="Gammal")
    goal.title_fi = "Uusi"
    goal.save()
    return strategy


def test_overview_lists_coverage_in_a_bounded_number_of_queries(
    client, admin_user, strategy, django_assert_max_num_queries
):
    client.force_login(admin_user)
    url = reverse("admin:luvn_translationsource_changelist")
    with django_assert_max_num_queries(45):
        response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Käännösstrategia" in html
    assert reverse("admin:luvn_translations_scope", args=["strategy", strategy.pk]) in html
    index = client.get(reverse("admin:index")).content.decode()
    assert url in index


def test_scope_page_lists_missing_and_outdated_texts_as_text(client, admin_user, strategy):
    client.force_login(admin_user)
    response = client.get(reverse("admin:luvn_translations_scope", args=["strategy", strategy.pk]))
    html = response.content.decode()
    assert "Linjaus &lt;b&gt;yksi&lt;/b&gt;" in html
    assert "Gammal" in html and "Vanha" in html  # the outdated Swedish and its old Finnish


def test_outdated_page_lists_outdated_texts(client, admin_user, strategy):
    client.force_login(admin_user)
    html = client.get(reverse("admin:luvn_translations_outdated")).content.decode()
    assert "Gammal" in html


@pytest.mark.parametrize("role, staff", [(OFFICIAL, False), (OFFICIAL, True), (None, True)])
def test_others_may_not_see_or_import(client, strategy, role, staff):
    client.force_login(make_user(role, is_staff=staff))
    urls = [
        reverse("admin:luvn_translationsource_changelist"),
        reverse("admin:luvn_translations_outdated"),
        reverse("admin:luvn_translations_export", args=["strategy", strategy.pk, "xliff"]),
    ]
    for url in urls:
        assert client.get(url).status_code in (302, 403)
    response = client.post(
        reverse("admin:luvn_translations_import", args=["strategy", strategy.pk])
    )
    assert response.status_code in (302, 403)


def test_export_and_import_through_the_admin(client, admin_user, strategy):
    client.force_login(admin_user)
    response = client.get(
        reverse("admin:luvn_translations_export", args=["strategy", strategy.pk, "xliff"])
    )
    assert response["Content-Disposition"] == 'attachment; filename="strategy-kaannos-sv.xlf"'
    store = Xliff2File.parsestring(response.content)
    for unit in store.units:
        unit.target = "Ny text"
        unit.marktranslated()
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("admin:luvn_translations_import", args=["strategy", strategy.pk])
    response = client.post(url, {"file": SimpleUploadedFile("sv.xlf", bytes(store))})
    assert response.status_code == 302
    assert set(
        Goal.objects.filter(section__strategy=strategy).values_list("title_sv", flat=True)
    ) == {"Ny text"}
    bad = client.post(url, {"file": SimpleUploadedFile("sv.xlf", b"<broken")})
    assert bad.status_code == 400
    assert "XLIFF 2.0" in bad.content.decode()
    wrong_kind = client.post(url, {"file": SimpleUploadedFile("sv.pdf", b"%PDF")})
    assert wrong_kind.status_code == 400


def test_admin_action_exports_the_selected_strategy(client, admin_user, strategy):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:strategy_strategy_changelist"),
        {"action": "export_swedish_xlsx", "_selected_action": [strategy.pk]},
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')


def test_commands_export_and_import(tmp_path, strategy):
    path = tmp_path / "sv.xlf"
    call_command("export_translations", "strategy", "kaannos", "--output", str(path))
    store = Xliff2File.parsestring(path.read_bytes())
    assert len(store.units) == 2
    for unit in store.units:
        unit.target = "Svensk"
        unit.marktranslated()
    path.write_bytes(bytes(store))
    call_command("import_translations", "strategy", "kaannos", str(path))
    assert Goal.objects.get(section__strategy=strategy).title_sv == "Svensk"
    path.write_bytes(b"<nope")
    with translation.override("en"), pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_translations", "strategy", "kaannos", str(path))
    with pytest.raises(CommandError):
        call_command("export_translations", "strategy", "no-such-key")
    assert Strategy.objects.filter(key="kaannos").exists()
